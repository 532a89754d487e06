// GET /signin/xero and GET /launch/xero (the app's launch / sign-up URL in the Xero App Store):
// "Sign in with Xero". Off to Xero's consent (the manifest's scopes, which include openid, profile
// and email) with a signed, expiring state that says it is a sign-in; the callback records the user
// from the id_token and opens the panel.
import type { Request, Response } from 'express';
import { signSignInState } from '../../auth/signin-state.ts';
import type { XeroRouteDeps } from './deps.ts';

export function signinHandler(deps: XeroRouteDeps) {
  return (_req: Request, res: Response): void => {
    res
      .set('Cache-Control', 'no-store')
      .redirect(302, deps.connector.authorizeUrl(signSignInState(deps.stateSecret, 'xero', {}, deps.now())));
  };
}
