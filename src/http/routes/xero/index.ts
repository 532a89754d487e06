// The Xero routes: connect, sign-in and the app's launch URL, OAuth callback, webhooks (raw body,
// for the signature).
import express, { Router } from 'express';
import { callbackHandler } from './callback.ts';
import { connectHandler } from './connect.ts';
import { XERO_LAUNCH_PATH, XERO_SIGNIN_PATH, type XeroRouteDeps } from './deps.ts';
import { signinHandler } from './signin.ts';
import { webhookHandler } from './webhook.ts';

export type { XeroRouteDeps } from './deps.ts';
export { XERO_LAUNCH_PATH, XERO_SIGNIN_PATH } from './deps.ts';

export function xeroRouter(deps: XeroRouteDeps): Router {
  const router = Router();
  router.get(deps.paths.connect, connectHandler(deps));
  router.get(deps.paths.signin ?? XERO_SIGNIN_PATH, signinHandler(deps));
  router.get(deps.paths.launch ?? XERO_LAUNCH_PATH, signinHandler(deps));
  router.get(deps.paths.callback, callbackHandler(deps));
  router.post(deps.paths.webhook, express.raw({ type: () => true, limit: '1mb' }), webhookHandler(deps));
  return router;
}
