// GET /connect/xero: to Xero's consent screen with a signed, expiring state.
import type { Request, Response } from 'express';
import type { XeroRouteDeps } from './deps.ts';
import { signState } from './oauth-state.ts';

export function connectHandler(deps: XeroRouteDeps) {
  return (_req: Request, res: Response): void => {
    res.redirect(302, deps.connector.authorizeUrl(signState(deps.stateSecret, deps.now())));
  };
}
