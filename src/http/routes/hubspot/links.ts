// The customer ↔ company links in the panel: GET /api/v1/hubspot/links?status=linked|ambiguous|unmatched
// lists them (an ambiguous one with its candidates); PUT /api/v1/hubspot/links/:customerId
// { companyId | null } sets one by hand (the company must exist in HubSpot); POST
// /api/v1/hubspot/links/match runs the matching again (manual choices stay).
import express from 'express';
import { z } from 'zod';
import { getCompany } from '../../../../connectors/hubspot/crm.ts';
import type { HubSpotService } from '../../../../connectors/hubspot/service.ts';
import { HUBSPOT_MATCH_JOB } from '../../../jobs/hubspot-match.ts';
import { listLinks, setManualLink } from '../../../store/repos/hubspot-links.ts';
import { apiErrorHandler, ApiError, badRequest, notFound, parseInput } from '../../api/errors.ts';
import { requireRole, sessionMiddleware, type Session } from '../../auth/session.ts';

const listQuery = z.object({ status: z.enum(['linked', 'ambiguous', 'unmatched']).optional() });
const customerParam = z.object({ customerId: z.uuid({ message: 'expected a customer id' }) });
const putBody = z
  .object({
    companyId: z.union([z.string().regex(/^\d+$/, 'expected a HubSpot company id or null'), z.null()], {
      message: 'expected a HubSpot company id or null',
    }),
  })
  .strict();

export function linksRouter(svc: HubSpotService): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '100kb' }), sessionMiddleware(svc.rt));
  const connection = async (firmId: string) => {
    const conn = await svc.firmConnection(firmId);
    if (!conn) throw new ApiError(404, 'not_found', 'HubSpot is not connected for this firm');
    return conn;
  };

  r.get('/', async (req, res) => {
    const q = parseInput(listQuery, req.query);
    const { firmId } = res.locals.session as Session;
    await connection(firmId);
    res
      .set('Cache-Control', 'no-store')
      .json({ items: await listLinks(svc.rt.db, firmId, q.status ?? null) });
  });

  r.post('/match', requireRole('owner', 'controller'), async (_req, res) => {
    const conn = await connection((res.locals.session as Session).firmId);
    await svc.rt.queue.add(
      HUBSPOT_MATCH_JOB,
      { connectionId: conn.id },
      { jobId: `hubspot-match-${conn.id}` },
    );
    res.status(202).json({ status: 'queued' });
  });

  r.put('/:customerId', requireRole('owner', 'controller'), async (req, res) => {
    const { customerId } = parseInput(customerParam, req.params);
    const body = parseInput(putBody, req.body);
    const { firmId, userId } = res.locals.session as Session;
    const conn = await connection(firmId);
    let company = null;
    if (body.companyId !== null) {
      const found = await getCompany(svc.settings, svc.context(conn), body.companyId);
      if (!found) throw badRequest('companyId', 'no company with this id in HubSpot');
      company = found;
    }
    if (!(await setManualLink(svc.rt.db, firmId, conn.id, customerId, company, userId)))
      throw notFound('customer');
    const [link] = (await listLinks(svc.rt.db, firmId, null)).filter((l) => l.customerId === customerId);
    res.json(link);
  });

  r.use(apiErrorHandler(svc.rt.log));
  return r;
}
