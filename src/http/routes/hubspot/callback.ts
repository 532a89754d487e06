// GET /oauth/hubspot/callback: the state names the firm; the code becomes tokens (stored encrypted as
// the firm's `hubspot` connection, keyed by the portal id from token info); the company properties
// are created; matching customers to companies starts as a job.
import type { RequestHandler } from 'express';
import { ensureCompanyProperties } from '../../../../connectors/hubspot/properties.ts';
import type { HubSpotService } from '../../../../connectors/hubspot/service.ts';
import type { ConnectionGrant } from '../../../../connectors/sdk/connector.ts';
import { ConnectorError } from '../../../../connectors/sdk/errors.ts';
import { HUBSPOT_MATCH_JOB } from '../../../jobs/hubspot-match.ts';
import { findConnection, saveGrant } from '../../../store/repos/connections.ts';
import { answer } from '../quickbooks/pages.ts';
import { verifyInstallState } from './oauth-state.ts';

export function callbackHandler(svc: HubSpotService, stateKey: Buffer): RequestHandler {
  return async (req, res) => {
    const params = new URLSearchParams(req.url.split('?')[1] ?? '');
    const check = verifyInstallState(stateKey, params.get('state') ?? undefined, svc.settings.now());
    if (!check.ok)
      return answer(req, res, 400, 'invalid_state', `HubSpot install refused: state is ${check.reason}.`);
    if (params.get('error'))
      return answer(req, res, 400, 'access_denied', `HubSpot was not connected: ${params.get('error')}.`);
    let grant: ConnectionGrant;
    try {
      [grant] = (await svc.connector.exchangeCode(params)) as [ConnectionGrant];
    } catch (err) {
      const kind = err instanceof ConnectorError ? err.kind : 'upstream_unavailable';
      svc.rt.log.warn({ err: (err as Error).message }, 'hubspot code exchange');
      return answer(
        req,
        res,
        kind === 'upstream_unavailable' || kind === 'rate_limited' ? 502 : 400,
        kind,
        `HubSpot connection failed: ${(err as Error).message}`,
      );
    }
    const existing = await findConnection(svc.rt.db, 'hubspot', grant.externalTenantId);
    if (existing && existing.firmId !== check.firmId)
      return answer(
        req,
        res,
        409,
        'conflict',
        'This HubSpot account is already linked to another firm in Relance.',
      );
    const conn = await saveGrant(svc.rt.db, svc.rt.cipher, {
      firmId: check.firmId,
      platform: 'hubspot',
      externalTenantId: grant.externalTenantId,
      tokens: grant.tokens,
    });
    try {
      await ensureCompanyProperties(svc.settings, svc.context(conn));
    } catch (err) {
      svc.rt.log.warn({ err: (err as Error).message }, 'hubspot properties at install');
      return answer(
        req,
        res,
        502,
        'upstream_unavailable',
        `HubSpot connected, but its company properties could not be created: ${(err as Error).message}`,
      );
    }
    await svc.rt.queue.add(
      HUBSPOT_MATCH_JOB,
      { connectionId: conn.id },
      { jobId: `hubspot-match-${conn.id}` },
    );
    answer(
      req,
      res,
      200,
      null,
      `HubSpot account ${grant.externalTenantId} connected; matching customers to companies.`,
    );
  };
}
