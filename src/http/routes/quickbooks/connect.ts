// GET /connect/quickbooks (and the Reconnect URL): off to Intuit with a signed, expiring state.
import type { RequestHandler } from 'express';
import type { Connector } from '../../../../connectors/sdk/connector.ts';
import { signState } from '../../../../connectors/quickbooks/oauth-state.ts';

export function connectHandler(connector: Connector, stateKey: Buffer, now: () => number): RequestHandler {
  return (_req, res) => {
    res.redirect(302, connector.authorizeUrl(signState(stateKey, {}, now())));
  };
}
