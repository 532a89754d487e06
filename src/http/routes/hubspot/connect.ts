// GET /connect/hubspot: the firm comes from the panel session (an owner) or, for a link handed out
// elsewhere, from a signed `firm` parameter; off to HubSpot's consent with the app's scopes and a
// signed state naming the firm. The firm must already be connected to QuickBooks or Xero.
import type { Request, RequestHandler, Response } from 'express';
import type { HubSpotService } from '../../../../connectors/hubspot/service.ts';
import { sendError } from '../../api/errors.ts';
import { requireRole, sessionMiddleware, type Session } from '../../auth/session.ts';
import { firmConnections } from '../../../store/repos/connections.ts';
import { signInstallState, verifyFirmParam } from './oauth-state.ts';

export function connectHandler(svc: HubSpotService, stateKey: Buffer): RequestHandler[] {
  const session = sessionMiddleware(svc.rt);
  const owner = requireRole('owner');
  const go = async (res: Response, firmId: string) => {
    if (!svc.settings.clientId || !svc.settings.clientSecret)
      return sendError(
        res,
        404,
        'not_found',
        'HubSpot is not configured here (HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET)',
      );
    const hosts = (await firmConnections(svc.rt.db, firmId)).filter(
      (c) => (c.platform === 'quickbooks' || c.platform === 'xero') && c.status !== 'disconnected',
    );
    if (hosts.length === 0)
      return sendError(res, 409, 'conflict', 'connect QuickBooks or Xero before HubSpot');
    res.redirect(302, svc.connector.authorizeUrl(signInstallState(stateKey, firmId, svc.settings.now())));
  };
  return [
    async (req: Request, res: Response, next) => {
      if (req.query.firm === undefined) return next();
      const check = verifyFirmParam(
        stateKey,
        typeof req.query.firm === 'string' ? req.query.firm : undefined,
        svc.settings.now(),
      );
      if (!check.ok)
        return sendError(res, 400, 'bad_request', `firm: ${check.reason}`, [
          { path: 'firm', message: check.reason },
        ]);
      await go(res, check.firmId);
    },
    session,
    owner,
    async (_req, res) => go(res, (res.locals.session as Session).firmId),
  ];
}
