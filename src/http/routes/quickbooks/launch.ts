// GET /launch/quickbooks: the Launch URL from the QuickBooks app store. Nobody enters the panel
// from here without signing in: a connected realm (or no realm named) goes through Sign in with
// Intuit, and the callback opens the panel for the user it names; a realm Relance does not know
// (or no longer holds tokens for) goes through the connection flow first.
import type { RequestHandler } from 'express';
import type { Connector } from '../../../../connectors/sdk/connector.ts';
import { QUICKBOOKS_PATHS } from '../../../../connectors/quickbooks/settings.ts';
import type { Runtime } from '../../../runtime.ts';
import { findConnection } from '../../../store/repos/connections.ts';
import { badQuery, realmQuery, signinUrl } from './signin.ts';

export function launchHandler(
  rt: Runtime,
  connector: Connector,
  stateKey: Buffer,
  now: () => number,
): RequestHandler {
  return async (req, res) => {
    const parsed = realmQuery.safeParse(req.query ?? {});
    if (!parsed.success) return badQuery(req, res, parsed.error);
    const { realmId } = parsed.data;
    res.set('Cache-Control', 'no-store');
    if (realmId) {
      const conn = await findConnection(rt.db, 'quickbooks', realmId);
      if (!conn || conn.status !== 'active') return res.redirect(302, QUICKBOOKS_PATHS.connect);
    }
    res.redirect(302, signinUrl(connector, stateKey, now(), realmId ? { realmId } : {}));
  };
}
