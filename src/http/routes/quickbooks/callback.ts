// GET /oauth/quickbooks/callback: checks the state, exchanges the code, stores the tokens encrypted,
// creates the firm for the realm (or reconnects the existing one) from CompanyInfo, starts the first
// sync and lands the user in the panel for that firm.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Connector, ConnectionGrant } from '../../../../connectors/sdk/connector.ts';
import { ConnectorError } from '../../../../connectors/sdk/errors.ts';
import { verifyState } from '../../../../connectors/quickbooks/oauth-state.ts';
import { enqueueQuickBooksSync, quickbooksLimiter } from '../../../jobs/quickbooks-jobs.ts';
import type { Runtime } from '../../../runtime.ts';
import { findConnection, saveGrant } from '../../../store/repos/connections.ts';
import { createFirm } from '../../../store/repos/firms.ts';
import { answer, panelPath } from './pages.ts';

const denied = z.object({ error: z.string().min(1), error_description: z.string().optional() });

export function callbackHandler(
  rt: Runtime,
  connector: Connector,
  stateKey: Buffer,
  now: () => number,
): RequestHandler {
  return async (req, res) => {
    const params = new URLSearchParams(req.url.split('?')[1] ?? '');
    const check = verifyState(stateKey, params.get('state') ?? undefined, now());
    if (!check.ok)
      return answer(req, res, 400, 'invalid_state', `QuickBooks connection refused: ${check.reason}.`);
    const refused = denied.safeParse(Object.fromEntries(params));
    if (refused.success)
      return answer(req, res, 400, 'access_denied', `QuickBooks did not connect: ${refused.data.error}.`);

    let grant: ConnectionGrant;
    try {
      [grant] = (await connector.exchangeCode(params)) as [ConnectionGrant];
    } catch (err) {
      const kind = err instanceof ConnectorError ? err.kind : 'upstream_unavailable';
      rt.log.warn({ err: (err as Error).message }, 'quickbooks code exchange');
      return answer(
        req,
        res,
        kind === 'invalid_payload' || kind === 'auth_revoked' ? 400 : 502,
        kind,
        `QuickBooks connection failed: ${(err as Error).message}`,
      );
    }
    const realmId = grant.externalTenantId;
    const existing = await findConnection(rt.db, 'quickbooks', realmId);
    let firmId = existing?.firmId;
    if (!firmId) {
      // The access token was just issued: read CompanyInfo with it directly.
      const profile = await connector.firmProfile({
        connectionId: 'new',
        firmId: 'new',
        externalTenantId: realmId,
        tokens: {
          accessToken: async () => grant.tokens.accessToken,
          forceRefresh: async () => grant.tokens.accessToken,
        },
        limiter: quickbooksLimiter(rt),
      });
      firmId = (
        await createFirm(rt.db, {
          name: profile.name,
          country: profile.country,
          baseCurrency: profile.baseCurrency,
          sender: { name: profile.name, email: profile.email },
          reviewMode: true,
        })
      ).id;
    }
    const conn = await saveGrant(rt.db, rt.cipher, {
      firmId,
      platform: 'quickbooks',
      externalTenantId: realmId,
      tokens: grant.tokens,
    });
    await enqueueQuickBooksSync(rt, conn.id);
    res.redirect(302, panelPath(firmId));
  };
}
