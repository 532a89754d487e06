// The QuickBooks sync at size: a sandbox company with 100,000 invoices, 100,000 payments and 5,000
// customers at its real rate limit (500 a minute, 10 at once), synced into PostgreSQL (PGlite when
// no server answers). Prints calls against the minimum pages, wall time against the rate-limit
// floor, peak RSS, and the calls of an incremental sync of 100 changes.
// The sandbox runs in a child process, so the RSS measured is the connector's and the store client's.
// Standalone: node --import tsx bench/quickbooks-sync-bench.ts [scale]
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { quickbooksModule } from '../connectors/quickbooks/module.ts';
import { PAGE_SIZE } from '../connectors/quickbooks/pull.ts';
import { loadConfig } from '../src/config.ts';
import { quickbooksLimiter } from '../src/jobs/quickbooks-jobs.ts';
import { createInProcessQueue } from '../src/jobs/queue.ts';
import { runSync } from '../src/jobs/sync.ts';
import { createLogger } from '../src/logger.ts';
import { createRuntime } from '../src/runtime.ts';
import { saveGrant } from '../src/store/repos/connections.ts';
import { createFirm } from '../src/store/repos/firms.ts';
import { openTestStore, type TestStore } from '../test/support/stores.ts';

export interface QuickBooksSyncBenchOptions {
  invoices?: number;
  payments?: number;
  customers?: number;
  changes?: number;
}

export interface QuickBooksSyncBenchResult {
  store: 'postgres' | 'pglite';
  callsUsed: number;
  minimumPages: number;
  wallSeconds: number;
  floorSeconds: number;
  ratio: number;
  peakRssMb: number;
  /** Peak RSS minus RSS before the sync. */
  syncRssGrowthMb: number;
  incrementalCalls: number;
  written: { customers: number; invoices: number; payments: number; creditNotes: number };
}

async function openStore(): Promise<{ store: TestStore; kind: 'postgres' | 'pglite' }> {
  try {
    return { store: await openTestStore('postgres'), kind: 'postgres' };
  } catch {
    return { store: await openTestStore('pglite'), kind: 'pglite' };
  }
}

interface ChildInfo {
  url: string;
  realmId: string;
  clientId: string;
  clientSecret: string;
  counts: { customers: number; invoices: number; creditMemos: number; payments: number };
  open: number[];
}

/** Child mode: the sandbox with the generated ledger, its facts on one stdout line. */
async function sandboxChild(invoices: number, payments: number, customers: number): Promise<void> {
  // Loaded in the child only: the parent's memory is the sync's.
  const { startQuickBooksSandbox } = await import('../connectors/quickbooks/sandbox/index.ts');
  const sandbox = await startQuickBooksSandbox({
    webhooks: { autoDeliver: false },
    companies: [
      { ledger: { seed: 42, customers, invoices, payments, startDate: '2025-06-01', endDate: '2026-10-31' } },
    ],
  });
  const c = sandbox.state.company();
  const info: ChildInfo = {
    url: sandbox.url,
    realmId: c.realmId,
    clientId: sandbox.state.options.clientId,
    clientSecret: sandbox.state.options.clientSecret,
    counts: {
      customers: c.customers.size,
      invoices: c.invoices.size,
      creditMemos: c.creditMemos.size,
      payments: c.payments.size,
    },
    open: [...c.invoices.values()]
      .filter((i) => i.balanceMinor > 0 && !i.voided)
      .slice(0, 1000)
      .map((i) => i.id),
  };
  console.log(JSON.stringify(info));
}

async function startChild(invoices: number, payments: number, customers: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--sandbox-child',
      String(invoices),
      String(payments),
      String(customers),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox child exited with ${code}`)));
  });
  return { info: JSON.parse(first) as ChildInfo, stop: () => child.kill() };
}

export async function runQuickBooksSyncBench(
  opts: QuickBooksSyncBenchOptions = {},
): Promise<QuickBooksSyncBenchResult> {
  const changes = opts.changes ?? 100;
  const { info, stop } = await startChild(
    opts.invoices ?? 100_000,
    opts.payments ?? 100_000,
    opts.customers ?? 5_000,
  );
  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${info.url}/__sandbox/companies/${info.realmId}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`sandbox ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const { store, kind } = await openStore();
  const cfg = loadConfig({
    NODE_ENV: 'test',
    RELANCE_DATA_DIR: store.dataDir,
    RELANCE_ENCRYPTION_KEY: 'cd'.repeat(32),
    QUICKBOOKS_CLIENT_ID: info.clientId,
    QUICKBOOKS_CLIENT_SECRET: info.clientSecret,
    QUICKBOOKS_API_BASE: info.url,
    QUICKBOOKS_TOKEN_URL: `${info.url}/oauth2/v1/tokens/bearer`,
    QUICKBOOKS_REVOKE_URL: `${info.url}/v2/oauth2/tokens/revoke`,
    RELANCE_SYNC_TRACE: process.env.RELANCE_SYNC_TRACE,
  });
  const rt = createRuntime(
    cfg,
    store.db,
    createLogger(cfg.syncTrace ? 'warn' : 'silent'),
    createInProcessQueue(),
  );
  const counter = { calls: 0 };
  const qb = quickbooksModule(rt, {}, counter);
  try {
    const t = (await admin('/tokens', {})) as { access_token: string; refresh_token: string };
    const firm = await createFirm(rt.db, { name: 'Bench firm', country: 'US' });
    const conn = await saveGrant(rt.db, rt.cipher, {
      firmId: firm.id,
      platform: 'quickbooks',
      externalTenantId: info.realmId,
      tokens: {
        accessToken: t.access_token,
        refreshToken: t.refresh_token,
        expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        refreshExpiresAt: null,
      },
    });
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const started = performance.now();
    const summary = await runSync(rt, qb.connector, conn.id, quickbooksLimiter(rt));
    const wallSeconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const callsUsed = counter.calls;
    const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE_SIZE));
    const n = info.counts;
    const minimumPages = pages(n.customers) + pages(n.invoices) + pages(n.creditMemos) + pages(n.payments);

    // An incremental sync of `changes` changes: half invoice edits, half new payments.
    const open = info.open.slice(0, changes);
    for (const id of open.slice(0, changes / 2))
      await admin(`/invoices/${id}/edit`, { dueDate: '2026-12-31' });
    for (const id of open.slice(changes / 2))
      await admin('/payments', { lines: [{ invoiceId: id, amount: '0.01' }] });
    const before = counter.calls;
    await runSync(rt, qb.connector, conn.id, quickbooksLimiter(rt));
    const floorSeconds = (callsUsed / 500) * 60;
    return {
      store: kind,
      callsUsed,
      minimumPages,
      wallSeconds,
      floorSeconds,
      ratio: wallSeconds / floorSeconds,
      peakRssMb: peak / 2 ** 20,
      syncRssGrowthMb: (peak - baseline) / 2 ** 20,
      incrementalCalls: counter.calls - before,
      written: summary.written,
    };
  } finally {
    await rt.close();
    stop();
    await store.drop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv[2] === '--sandbox-child') {
  await sandboxChild(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scale = Number(process.argv[2] ?? '1');
  const r = await runQuickBooksSyncBench({
    invoices: Math.round(100_000 * scale),
    payments: Math.round(100_000 * scale),
    customers: Math.round(5_000 * scale),
  });
  console.log(JSON.stringify(r, null, 2));
}
