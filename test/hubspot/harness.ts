// A HubSpot double, a fresh PostgreSQL store, a Runtime and the app with the HubSpot routes on an
// ephemeral port, wired as `relance serve` wires them, HUBSPOT_* pointed at the double; plus a firm
// already connected to QuickBooks with a small ledger, and helpers for the browser's install steps.
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { hubspotModule, type HubSpotModule } from '../../connectors/hubspot/module.ts';
import { startHubSpotSandbox, type RunningHubSpotSandbox } from '../../connectors/hubspot/sandbox/index.ts';
import type { HubSpotSandboxOptions } from '../../connectors/hubspot/sandbox/state.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { issueSession } from '../../src/http/auth/session.ts';
import { createInProcessQueue } from '../../src/jobs/queue.ts';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { saveGrant } from '../../src/store/repos/connections.ts';
import { createFirm } from '../../src/store/repos/firms.ts';
import { upsertCustomers, upsertInvoices } from '../../src/store/repos/ledger.ts';
import { recordSignIn } from '../../src/store/repos/users.ts';
import { openTestStore, type StoreKind, type TestStore } from '../support/stores.ts';

export interface HubSpotHarness {
  sandbox: RunningHubSpotSandbox;
  store: TestStore;
  rt: Runtime;
  hs: HubSpotModule;
  appUrl: string;
  firmId: string;
  /** Customer ids by external id (c1..c5). */
  customers: Record<string, string>;
  /** Invoice ids by number. */
  invoices: Record<string, string>;
  /** A Bearer session for the firm's owner. */
  bearer: string;
  close(): Promise<void>;
}

/** `clock` drives the double, the HubSpot module (tokens, signatures, the card's today) alike. */
export async function startHubSpotHarness(
  opts: { sandbox?: HubSpotSandboxOptions; clock?: () => number; store?: StoreKind } = {},
): Promise<HubSpotHarness> {
  const clock = opts.clock ?? Date.now;
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandbox = await startHubSpotSandbox({ ...opts.sandbox, now: clock });
  const store = await openTestStore(opts.store ?? 'postgres');
  const cfg = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: appUrl,
    RELANCE_DATA_DIR: store.dataDir,
    RELANCE_ENCRYPTION_KEY: 'cd'.repeat(32),
    HUBSPOT_CLIENT_ID: sandbox.state.clientId,
    HUBSPOT_CLIENT_SECRET: sandbox.state.clientSecret,
    HUBSPOT_API_BASE: sandbox.urls.apiBase,
    HUBSPOT_AUTHORIZE_URL: sandbox.urls.authorize,
    HUBSPOT_TOKEN_URL: sandbox.urls.token,
  });
  const rt = createRuntime(cfg, store.db, createLogger('silent'), createInProcessQueue());
  const hs = hubspotModule(rt, { retry: { retries: 4, baseMs: 5, maxMs: 50 }, now: clock });
  hs.registerJobs();
  handler = createApp({ db: store.db, routers: [hs.router] });

  const firm = await createFirm(store.db, { name: 'Lumen & Fils', country: 'FR' });
  const qb = await saveGrant(store.db, rt.cipher, {
    firmId: firm.id,
    platform: 'quickbooks',
    externalTenantId: '9130350000000001',
    tokens: {
      accessToken: 'unused',
      refreshToken: 'unused',
      expiresAt: '2099-01-01T00:00:00Z',
      refreshExpiresAt: null,
    },
  });
  await upsertCustomers(store.db, firm.id, qb.id, [
    // by domain
    { externalId: 'c1', name: 'Boulangerie Dupont SARL', emails: ['compta@dupont-boulangerie.fr'] },
    // by name (free-mail address says nothing)
    { externalId: 'c2', name: 'ATELIER MOREAU', emails: ['atelier.moreau@gmail.com'] },
    // two companies with this name: ambiguous
    { externalId: 'c3', name: 'Garage Lefèvre', emails: ['garage.lefevre@orange.fr'] },
    // nothing in the CRM
    { externalId: 'c4', name: 'Nobody Known', emails: ['info@unknown-firm.example'] },
  ]);
  await upsertInvoices(store.db, firm.id, qb.id, [
    inv('c1', 'F-1001', '2026-10-16', '2026-11-15', 120_000),
    inv('c1', 'F-1002', '2026-10-20', '2026-11-19', 45_050),
    inv('c1', 'F-1003', '2026-11-10', '2026-12-10', 30_000),
    inv('c2', 'F-2001', '2026-08-01', '2026-09-01', 99_900),
    inv('c3', 'F-3001', '2026-10-01', '2026-10-31', 10_000),
  ]);
  const ids = async (table: string, col: string) =>
    Object.fromEntries(
      (
        await store.db.query<{ k: string; id: string }>(
          `SELECT ${col} AS k, id FROM ${table} WHERE firm_id = $1`,
          [firm.id],
        )
      ).map((r) => [r.k, r.id]),
    );
  const { user } = await recordSignIn(store.db, {
    firmId: firm.id,
    platform: 'quickbooks',
    platformUserId: 'owner-1',
    email: 'owner@lumen.example',
    name: 'Owner',
  });
  const session = await issueSession(rt, { firmId: firm.id, userId: user.id, role: 'owner' });
  return {
    sandbox,
    store,
    rt,
    hs,
    appUrl,
    firmId: firm.id,
    customers: await ids('customers', 'external_id'),
    invoices: await ids('invoices', 'number'),
    bearer: `Bearer ${session.token}`,
    async close() {
      await rt.close();
      await sandbox.close();
      server.closeAllConnections();
      server.close();
      await store.drop();
    },
  };
}

function inv(customer: string, number: string, issueDate: string, dueDate: string, total: number) {
  return {
    externalId: `inv-${number}`,
    customerExternalId: customer,
    number,
    issueDate,
    dueDate,
    currency: 'EUR',
    total,
    openBalance: total,
    status: 'open' as const,
  };
}

/** The browser's part of the install: Relance → HubSpot consent → back to the callback. */
export async function installThroughOAuth(h: HubSpotHarness): Promise<Response> {
  const start = await fetch(`${h.appUrl}/connect/hubspot`, {
    redirect: 'manual',
    headers: { authorization: h.bearer },
  });
  if (start.status !== 302) throw new Error(`connect answered ${start.status}: ${await start.text()}`);
  const consent = await fetch(start.headers.get('location') as string, { redirect: 'manual' });
  return fetch(consent.headers.get('location') as string, {
    redirect: 'manual',
    headers: { accept: 'application/json' },
  });
}

export async function installed(h: HubSpotHarness): Promise<string> {
  const res = await installThroughOAuth(h);
  if (res.status !== 200) throw new Error(`install answered ${res.status}: ${await res.text()}`);
  await h.rt.queue.idle();
  const [row] = await h.store.db.query<{ id: string }>(
    `SELECT id FROM connections WHERE platform = 'hubspot' AND firm_id = $1`,
    [h.firmId],
  );
  return (row as { id: string }).id;
}

/** A JSON answer, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const body = async (res: Response): Promise<any> => res.json();
