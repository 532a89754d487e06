// A Relance process with the Xero module, against the Xero sandbox: embedded Postgres, in-process
// queue, the module's router in an express app on an ephemeral port.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createManualClock,
  startXeroSandbox,
  type ManualClock,
  type RunningXeroSandbox,
  type OrganisationLedger,
  type XeroSandboxOptions,
} from '../../connectors/xero/sandbox/index.ts';
import { consent } from '../../connectors/xero/sandbox/xero-node-harness.ts';
import { xeroModule } from '../../connectors/xero/module.ts';
import type { XeroConnector, XeroConnectorOptions } from '../../connectors/xero/xero-connector.ts';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import { createInProcessQueue } from '../../src/jobs/queue.ts';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import type { Sql } from '../../src/store/db.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

export const WEBHOOK_KEY = 'test-webhook-key-0123456789abcdef';

export interface XeroHarness {
  sandbox: RunningXeroSandbox;
  clock: ManualClock;
  store: TestStore;
  rt: Runtime;
  connector: XeroConnector;
  url: string;
  /** Consent in the sandbox (for these organisations), then the callback on Relance; its JSON. */
  connect(tenantIds?: string[]): Promise<{
    status: number;
    body: { connected: { firmId: string; connectionId: string; tenantId: string; name: string }[] };
  }>;
  close(): Promise<void>;
}

export async function startXeroHarness(
  opts: { sandbox?: XeroSandboxOptions; connector?: Partial<XeroConnectorOptions> } = {},
): Promise<XeroHarness> {
  const clock = createManualClock(Date.parse('2026-03-31T10:00:00Z'));
  const sandbox = await startXeroSandbox({
    limits: false,
    webhookKey: WEBHOOK_KEY,
    clock,
    webhookDeliveryDelayMs: 0,
    ...opts.sandbox,
  });
  const store = await openTestStore('pglite');
  const cfg = loadConfig({
    NODE_ENV: 'test',
    RELANCE_DATA_DIR: store.dataDir,
    RELANCE_ENCRYPTION_KEY: '11'.repeat(32),
    PUBLIC_URL: 'http://localhost:3000',
    XERO_CLIENT_ID: sandbox.state.identity.options.clientId,
    XERO_CLIENT_SECRET: sandbox.state.identity.options.clientSecret,
    XERO_WEBHOOK_KEY: WEBHOOK_KEY,
    XERO_API_BASE: sandbox.apiUrl,
    XERO_AUTHORIZE_URL: `${sandbox.url}/identity/connect/authorize`,
    XERO_TOKEN_URL: `${sandbox.url}/connect/token`,
    XERO_CONNECTIONS_URL: `${sandbox.url}/connections`,
  });
  const rt = createRuntime(cfg, store.db, createLogger('silent'), createInProcessQueue());
  const mod = xeroModule(rt, {
    retry: { sleep: async () => undefined, baseMs: 1 },
    timeoutMs: 2000,
    ...opts.connector,
  });
  const app = createApp({ db: store.db, routers: [mod.router] });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sandbox,
    clock,
    store,
    rt,
    connector: mod.connector as XeroConnector,
    url,
    async connect(tenantIds) {
      const start = await fetch(`${url}/connect/xero`, { redirect: 'manual' });
      const back = new URL(await consent(start.headers.get('location') as string, tenantIds));
      const res = await fetch(`${url}${back.pathname}${back.search}`);
      return { status: res.status, body: (await res.json()) as never };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await rt.close();
      await sandbox.close();
      await store.drop();
    },
  };
}

/** What a sync of this organisation reads: every contact, sales invoices not in draft, sales credit
 * notes and payments on sales invoices (the filters the connector sends). */
export function salesCounts(org: OrganisationLedger): {
  contacts: number;
  invoices: number;
  creditNotes: number;
  payments: number;
} {
  const listedStatuses = new Set(['AUTHORISED', 'PAID', 'VOIDED', 'DELETED']);
  let invoices = 0;
  for (const i of org.invoices.values()) if (i.type === 'ACCREC' && listedStatuses.has(i.status)) invoices++;
  let creditNotes = 0;
  for (const n of org.creditNotes.values()) if (n.type === 'ACCRECCREDIT') creditNotes++;
  let payments = 0;
  for (const p of org.payments.values()) if (org.invoice(p.invoiceId).type === 'ACCREC') payments++;
  return { contacts: org.contacts.size, invoices, creditNotes, payments };
}

/** Rows a connection has in the store, per table, and whether any external id appears twice. */
export async function storedCounts(
  db: Sql,
  connectionId: string,
): Promise<{
  customers: number;
  invoices: number;
  payments: number;
  creditNotes: number;
  duplicates: number;
}> {
  const out = { customers: 0, invoices: 0, payments: 0, creditNotes: 0, duplicates: 0 };
  const tables = {
    customers: 'customers',
    invoices: 'invoices',
    payments: 'payments',
    creditNotes: 'credit_notes',
  };
  for (const [key, table] of Object.entries(tables) as [keyof typeof tables, string][]) {
    const [row] = await db.query<{ n: number; distinct_ids: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS distinct_ids FROM ${table} WHERE connection_id = $1`,
      [connectionId],
    );
    out[key] = row?.n ?? 0;
    out.duplicates += (row?.n ?? 0) - (row?.distinct_ids ?? 0);
  }
  return out;
}
