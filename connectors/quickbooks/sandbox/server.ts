// The QuickBooks Online double as an express app: OAuth at Intuit's paths, the v3 API under
// /v3/company/{realmId}, and the /__sandbox admin routes. Point node-quickbooks at it with
// `qbo.endpoint = urls.v3Endpoint` and `QuickBooks.TOKEN_URL = urls.token` (REVOKE_URL likewise).
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Response } from 'express';
import { adminRoutes } from './admin-routes.ts';
import { apiGate } from './api-gate.ts';
import { apiReadRoutes } from './api-read-routes.ts';
import { apiWriteRoutes } from './api-write-routes.ts';
import { qboFaults } from './faults.ts';
import { errorHandler, sendFault } from './http-helpers.ts';
import { oauthRoutes } from './oauth-routes.ts';
import { resolveSandboxOptions, type SandboxOptions } from './options.ts';
import { SandboxState } from './sandbox-state.ts';

export interface QuickBooksSandbox {
  app: Express;
  state: SandboxState;
}

export interface SandboxUrls {
  /** Where the connector sends the browser (Intuit: https://appcenter.intuit.com/connect/oauth2). */
  authorize: string;
  token: string;
  revoke: string;
  /** OpenID userinfo (Intuit: https://accounts.platform.intuit.com/v1/openid_connect/userinfo). */
  userinfo: string;
  /** The API host (Intuit: https://quickbooks.api.intuit.com). */
  apiBase: string;
  /** node-quickbooks' `endpoint`: the API host followed by /v3/company/. */
  v3Endpoint: string;
  admin: string;
}

export interface RunningQuickBooksSandbox extends QuickBooksSandbox {
  url: string;
  urls: SandboxUrls;
  close(): Promise<void>;
}

export function createQuickBooksSandbox(
  options: SandboxOptions = {},
): QuickBooksSandbox & { hung: Set<Response> } {
  const state = new SandboxState(resolveSandboxOptions(options));
  const hung = new Set<Response>();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(oauthRoutes(state));
  app.use('/v3/company/:realmId', apiGate(state, hung), apiReadRoutes(state), apiWriteRoutes(state));
  app.use('/v3/company/:realmId', (req, res) => {
    sendFault(res, qboFaults.unsupportedOperation(`${req.method} ${req.path}`), state.clock.now().getTime());
  });
  if (state.options.adminRoutes) app.use('/__sandbox', adminRoutes(state));
  app.use(errorHandler(state));
  return { app, state, hung };
}

export function sandboxUrls(base: string): SandboxUrls {
  return {
    authorize: `${base}/connect/oauth2`,
    token: `${base}/oauth2/v1/tokens/bearer`,
    revoke: `${base}/v2/oauth2/tokens/revoke`,
    userinfo: `${base}/v1/openid_connect/userinfo`,
    apiBase: base,
    v3Endpoint: `${base}/v3/company/`,
    admin: `${base}/__sandbox`,
  };
}

export async function startQuickBooksSandbox(
  options: SandboxOptions & { port?: number; host?: string } = {},
): Promise<RunningQuickBooksSandbox> {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const { app, state, hung } = createQuickBooksSandbox(rest);
  const server = app.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let closing: Promise<void> | null = null;
  return {
    app,
    state,
    url,
    urls: sandboxUrls(url),
    close: () => {
      closing ??= (async () => {
        await state.webhooks.idle();
        for (const res of hung) res.destroy();
        const closed = once(server, 'close');
        server.close();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}
