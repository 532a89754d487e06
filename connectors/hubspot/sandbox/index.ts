// A local double of HubSpot for tests and trials: OAuth (authorize, v1 token with refresh rotation,
// token info), CRM v3 objects, v4 associations, owners, properties and groups, the 110-per-10-seconds
// limit, and signed card requests to a backend. One server answers for both app.hubspot.com (the
// consent page) and api.hubapi.com.
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { apiGate } from './api-gate.ts';
import { oauthRoutes } from './oauth-routes.ts';
import { objectRoutes } from './object-routes.ts';
import { schemaRoutes } from './schema-routes.ts';
import { hubspotFetch, type CardCaller } from './signed-fetch.ts';
import { HubSpotState, type HubSpotSandboxOptions } from './state.ts';

export { HubSpotState, type HubSpotSandboxOptions } from './state.ts';
export { hubspotFetch, signedRequest, signV3, type CardCaller } from './signed-fetch.ts';

export interface RunningHubSpotSandbox {
  state: HubSpotState;
  urls: { apiBase: string; authorize: string; token: string };
  /** `hubspot.fetch` as a card of this app in this portal, signed with the app's secret. */
  cardFetch(caller?: Partial<CardCaller>): ReturnType<typeof hubspotFetch>;
  close(): Promise<void>;
}

export function sandboxApp(state: HubSpotState): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(oauthRoutes(state));
  app.use(['/crm'], apiGate(state));
  app.use(objectRoutes(state));
  app.use(schemaRoutes(state));
  app.use((_req, res) => {
    res.status(404).json({ status: 'error', message: 'Resource not found', category: 'OBJECT_NOT_FOUND' });
  });
  return app;
}

export async function startHubSpotSandbox(
  opts: HubSpotSandboxOptions & { port?: number; host?: string } = {},
): Promise<RunningHubSpotSandbox> {
  const state = new HubSpotState(opts);
  const server = http.createServer(sandboxApp(state));
  server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  const base = `http://${opts.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    state,
    urls: { apiBase: base, authorize: `${base}/oauth/authorize`, token: `${base}/oauth/v1/token` },
    cardFetch: (caller = {}) =>
      hubspotFetch(
        state.clientSecret,
        {
          portalId: state.hubId,
          userId: state.owners[0]?.userId ?? 7_001_001,
          userEmail: state.owners[0]?.email ?? 'owner@sandbox.example',
          appId: state.appId,
          ...caller,
        },
        state.now,
      ),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
