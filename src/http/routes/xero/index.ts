// The Xero routes: connect, OAuth callback, webhooks (raw body, for the signature).
import express, { Router } from 'express';
import { callbackHandler } from './callback.ts';
import { connectHandler } from './connect.ts';
import type { XeroRouteDeps } from './deps.ts';
import { webhookHandler } from './webhook.ts';

export type { XeroRouteDeps } from './deps.ts';

export function xeroRouter(deps: XeroRouteDeps): Router {
  const router = Router();
  router.get(deps.paths.connect, connectHandler(deps));
  router.get(deps.paths.callback, callbackHandler(deps));
  router.post(deps.paths.webhook, express.raw({ type: () => true, limit: '1mb' }), webhookHandler(deps));
  return router;
}
