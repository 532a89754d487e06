// A running QuickBooks sandbox, a fresh store, a Runtime and the app with the QuickBooks router on
// an ephemeral port, wired the way `relance serve` wires them, with the URLs pointed at the sandbox.
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  startQuickBooksSandbox,
  type RunningQuickBooksSandbox,
  type SandboxOptions,
} from '../../connectors/quickbooks/sandbox/index.ts';
import { quickbooksModule, type QuickBooksModule } from '../../connectors/quickbooks/module.ts';
import type { QuickBooksSettings } from '../../connectors/quickbooks/settings.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createInProcessQueue } from '../../src/jobs/queue.ts';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { openTestStore, type StoreKind, type TestStore } from '../support/stores.ts';

export interface Harness {
  sandbox: RunningQuickBooksSandbox;
  store: TestStore;
  rt: Runtime;
  qb: QuickBooksModule;
  appUrl: string;
  counter: { calls: number };
  failures: unknown[];
  close(): Promise<void>;
}

export const FAST: Partial<QuickBooksSettings> = {
  timeoutMs: 400,
  throttlePauseMs: 20,
  retry: { retries: 6, baseMs: 5, maxMs: 40 },
};

export async function startHarness(
  kind: StoreKind,
  sandboxOptions: SandboxOptions = {},
  overrides: Partial<QuickBooksSettings> = {},
): Promise<Harness> {
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandbox = await startQuickBooksSandbox({
    ...sandboxOptions,
    webhooks: { url: `${appUrl}/webhooks/quickbooks`, autoDeliver: false, ...sandboxOptions.webhooks },
  });
  const store = await openTestStore(kind);
  const cfg = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: appUrl,
    RELANCE_DATA_DIR: store.dataDir,
    RELANCE_ENCRYPTION_KEY: 'ab'.repeat(32),
    QUICKBOOKS_CLIENT_ID: sandbox.state.options.clientId,
    QUICKBOOKS_CLIENT_SECRET: sandbox.state.options.clientSecret,
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: sandbox.state.options.webhookVerifierToken,
    QUICKBOOKS_API_BASE: sandbox.urls.apiBase,
    QUICKBOOKS_AUTHORIZE_URL: sandbox.urls.authorize,
    QUICKBOOKS_TOKEN_URL: sandbox.urls.token,
    QUICKBOOKS_REVOKE_URL: sandbox.urls.revoke,
    QUICKBOOKS_USERINFO_URL: sandbox.urls.userinfo,
  });
  const failures: unknown[] = [];
  const rt = createRuntime(
    cfg,
    store.db,
    createLogger('silent'),
    createInProcessQueue({ onFailed: (_n, _id, err) => failures.push(err) }),
  );
  const counter = { calls: 0 };
  const qb = quickbooksModule(rt, { ...FAST, ...overrides }, counter);
  qb.registerJobs();
  handler = createApp({ db: store.db, routers: [qb.router] });
  return {
    sandbox,
    store,
    rt,
    qb,
    appUrl,
    counter,
    failures,
    async close() {
      await rt.close();
      await sandbox.close();
      server.closeAllConnections();
      server.close();
      await store.drop();
    },
  };
}

/** Runs the browser's part of the OAuth flow; answers the callback's response. */
export async function connectThroughOAuth(h: Harness, realmId?: string): Promise<Response> {
  const start = await fetch(`${h.appUrl}/connect/quickbooks`, { redirect: 'manual' });
  const authorize = new URL(start.headers.get('location') ?? '');
  if (realmId) authorize.searchParams.set('realm', realmId);
  const consent = await fetch(authorize, { redirect: 'manual' });
  return fetch(consent.headers.get('location') ?? '', {
    redirect: 'manual',
    headers: { accept: 'application/json' },
  });
}

/** A connection as the callback would leave it, without the browser steps or the automatic sync. */
export async function connectDirect(
  h: Harness,
  realmId = h.sandbox.state.company().realmId,
): Promise<{ connectionId: string; firmId: string }> {
  const { createFirm } = await import('../../src/store/repos/firms.ts');
  const { saveGrant } = await import('../../src/store/repos/connections.ts');
  const t = h.sandbox.state.oauth.issueTokens(realmId);
  const firm = await createFirm(h.rt.db, { name: 'Test firm', country: 'US' });
  const conn = await saveGrant(h.rt.db, h.rt.cipher, {
    firmId: firm.id,
    platform: 'quickbooks',
    externalTenantId: realmId,
    tokens: {
      accessToken: t.access_token,
      refreshToken: t.refresh_token,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      refreshExpiresAt: null,
    },
  });
  return { connectionId: conn.id, firmId: firm.id };
}
