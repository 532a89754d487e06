// Every public QuickBooks route of the app (the URLs registered with Intuit: manifests/quickbooks):
// connect and reconnect, Sign in with Intuit, the launch URL, the OAuth callback, disconnect, webhooks.
import express from 'express';
import type { Connector } from '../../../../connectors/sdk/connector.ts';
import { QUICKBOOKS_PATHS } from '../../../../connectors/quickbooks/settings.ts';
import type { Runtime } from '../../../runtime.ts';
import { callbackHandler } from './callback.ts';
import { connectHandler } from './connect.ts';
import { disconnectHandler } from './disconnect.ts';
import { launchHandler } from './launch.ts';
import { signinHandler } from './signin.ts';
import { webhookHandler } from './webhook.ts';

export interface QuickBooksRouterDeps {
  rt: Runtime;
  connector: Connector;
  stateKey: Buffer;
  now?: () => number;
}

export function quickbooksRouter({
  rt,
  connector,
  stateKey,
  now = Date.now,
}: QuickBooksRouterDeps): express.Router {
  const router = express.Router();
  router.get(QUICKBOOKS_PATHS.connect, connectHandler(connector, stateKey, now));
  router.get(QUICKBOOKS_PATHS.reconnect, connectHandler(connector, stateKey, now));
  router.get(QUICKBOOKS_PATHS.callback, callbackHandler(rt, connector, stateKey, now));
  router.get(QUICKBOOKS_PATHS.signin, signinHandler(connector, stateKey, now));
  router.get(QUICKBOOKS_PATHS.launch, launchHandler(rt, connector, stateKey, now));
  router.get(QUICKBOOKS_PATHS.disconnect, disconnectHandler(rt, connector));
  // Raw bytes on this route only: the signature covers them exactly.
  router.post(
    QUICKBOOKS_PATHS.webhook,
    express.raw({ type: '*/*', limit: '1mb' }),
    webhookHandler(rt, connector),
  );
  return router;
}
