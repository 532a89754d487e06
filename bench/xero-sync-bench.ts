// The Xero sync at size: a sandbox organisation with 100,000 sales invoices, 100,000 payments and
// 5,000 contacts at Xero's real limits (60 calls a minute, 5 at once, 5,000 a day, on the wall
// clock), connected through the real OAuth flow (connect → consent → callback → token endpoint),
// then a full sync through runSync into a fresh, migrated PostgreSQL database (PGlite when no server
// answers). Three processes: the caller (npm run bench, with the other benchmarks' modules and
// peaks), the syncing process (this file, forked: Relance's connect route and sync, nothing else),
// and the sandbox (forked by the syncing process). So the peak RSS printed is the syncing process's
// own. Prints calls against the minimum pages, the daily budget, wall time against the rate-limit
// floor, peak RSS, and the calls of an incremental sync after 100 invoice changes.
// Standalone: node --import tsx bench/xero-sync-bench.ts [scale]   (or BENCH_SCALE=0.05)
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { xeroModule } from '../connectors/xero/module.ts';
import type { TenantUsage } from '../connectors/xero/sandbox/index.ts';
import { consent } from '../connectors/xero/sandbox/xero-node-harness.ts';
import { pausedUntil } from '../connectors/xero/xero-checkpoint.ts';
import { XERO_LIMITS } from '../connectors/xero/xero-connector.ts';
import { PAGE_SIZE } from '../connectors/xero/xero-pull.ts';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/http/app.ts';
import { createInProcessQueue } from '../src/jobs/queue.ts';
import { runSync } from '../src/jobs/sync.ts';
import { createLogger } from '../src/logger.ts';
import { createRuntime } from '../src/runtime.ts';
import { poolDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { getConnection } from '../src/store/repos/connections.ts';
import { freshPostgresUrl } from '../test/support/stores.ts';
import type { salesCounts } from '../test/xero/harness.ts';

export interface XeroSyncBenchOptions {
  invoices?: number;
  payments?: number;
  contacts?: number;
}

const TENANT = '7a1c0e52-5b0d-4d8e-9f3a-0000000be4c1';
const CHANGES = 100;
const MB = 2 ** 20;
const SANDBOX_FLAG = '--xero-bench-sandbox';
const SYNC_FLAG = '--xero-bench-sync';

interface SandboxInfo {
  url: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
}
type Listed = ReturnType<typeof salesCounts>;
/** What the bench asks the sandbox process (its answers come back over IPC). */
interface SandboxOps {
  info(): SandboxInfo;
  usage(): TenantUsage;
  listed(): Listed;
  change(n: number): number;
  maxRss(): number;
  close(): Promise<void>;
}

/** In the child: the sandbox at the real limits on the system clock, answering the parent's asks. */
async function serveSandbox(): Promise<void> {
  // Loaded here, in the child, so the parent's memory is the sync's own.
  const { startXeroSandbox } = await import('../connectors/xero/sandbox/index.ts');
  const { salesCounts } = await import('../test/xero/harness.ts');
  const size = JSON.parse(process.env.XERO_BENCH_SIZE ?? '{}') as Required<XeroSyncBenchOptions>;
  const sandbox = await startXeroSandbox({
    webhookDeliveryDelayMs: 0,
    organisations: [
      {
        name: 'Harbour & Pine Ltd',
        countryCode: 'GB',
        tenantId: TENANT,
        ledger: { seed: 'xero-bench', ...size, salesShare: 1, asOf: '2026-03-31' },
      },
    ],
  });
  const org = sandbox.state.org(TENANT);
  const ops: SandboxOps = {
    info: () => ({ url: sandbox.url, apiUrl: sandbox.apiUrl, ...sandbox.state.identity.options }),
    usage: () => sandbox.state.limits.usage(TENANT),
    listed: () => salesCounts(org),
    change(n) {
      const open = [...org.invoices.values()].filter((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED');
      open.slice(0, n).forEach((inv, k) => org.updateInvoice(inv.id, { reference: `bench change ${k + 1}` }));
      return Math.min(n, open.length);
    },
    maxRss: () => process.resourceUsage().maxRSS * 1024,
    close: () => sandbox.close(),
  };
  process.on('message', (m: { id: number; op: keyof SandboxOps; arg?: number }) => {
    void (async () => {
      const result = await (ops[m.op] as (arg?: number) => unknown)(m.arg);
      process.send?.({ id: m.id, result });
      if (m.op === 'close') process.disconnect();
    })();
  });
  process.send?.({ id: 0, result: 'ready' });
}

/** Forks this file as the sandbox process; `ask` calls one of its ops. */
async function forkSandbox(size: Required<XeroSyncBenchOptions>) {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [SANDBOX_FLAG], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, XERO_BENCH_SIZE: JSON.stringify(size) },
  });
  const waiting = new Map<number, (v: unknown) => void>();
  let next = 1;
  const ready = new Promise<void>((resolve, reject) => {
    waiting.set(0, () => resolve());
    child.once('exit', (code) => reject(new Error(`the sandbox process exited (${code})`)));
  });
  child.on('message', (m: { id: number; result: unknown }) => {
    waiting.get(m.id)?.(m.result);
    waiting.delete(m.id);
  });
  await ready;
  const ask = <K extends keyof SandboxOps>(op: K, arg?: number) =>
    new Promise<Awaited<ReturnType<SandboxOps[K]>>>((resolve) => {
      const id = next++;
      waiting.set(id, resolve as (v: unknown) => void);
      child.send({ id, op, arg });
    });
  return { ask };
}

async function openStore(dataDir: string): Promise<{ db: Db; kind: string; drop(): Promise<void> }> {
  try {
    const fresh = await freshPostgresUrl();
    const db = poolDb({ connectionString: fresh.url, max: 4 });
    return {
      db,
      kind: 'postgres',
      drop: async () => {
        await db.close();
        await fresh.drop();
      },
    };
  } catch {
    const db = await (await import('../src/store/embedded.ts')).openEmbedded({ dataDir });
    return { db, kind: 'pglite', drop: () => db.close() };
  }
}

/** Samples RSS every 200 ms; the peak is the larger of the samples and the kernel's maxRSS. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  return {
    stop(): number {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
    },
  };
}

type BenchResult = Record<string, number | string>;

/** Runs the benchmark in its own syncing process and returns its figures. */
export async function runXeroSyncBench(opts: XeroSyncBenchOptions = {}): Promise<BenchResult> {
  const size: Required<XeroSyncBenchOptions> = {
    invoices: opts.invoices ?? 100_000,
    payments: opts.payments ?? 100_000,
    contacts: opts.contacts ?? 5_000,
  };
  const child = fork(fileURLToPath(import.meta.url), [SYNC_FLAG], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, XERO_BENCH_SIZE: JSON.stringify(size) },
  });
  return new Promise<BenchResult>((resolve, reject) => {
    let answer: { result?: BenchResult; error?: string } | null = null;
    child.on('message', (m: { result?: BenchResult; error?: string }) => (answer = m));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (answer?.result) resolve(answer.result);
      else reject(new Error(`the Xero sync benchmark failed: ${answer?.error ?? `exit code ${code}`}`));
    });
  });
}

/** In the syncing process: the sandbox forked, Relance connected, the sync run and measured. */
async function measureXeroSync(size: Required<XeroSyncBenchOptions>): Promise<BenchResult> {
  const { invoices, payments, contacts } = size;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-xero-bench-'));
  // Real limits on the system clock: the sandbox refuses with 429 whatever the connector lets through.
  const sandbox = await forkSandbox({ invoices, payments, contacts });
  const info = await sandbox.ask('info');
  const store = await openStore(dataDir);
  await migrate(store.db);
  const cfg = loadConfig({
    NODE_ENV: 'test',
    RELANCE_DATA_DIR: dataDir,
    RELANCE_ENCRYPTION_KEY: 'ab'.repeat(32),
    PUBLIC_URL: 'http://localhost:3000',
    XERO_CLIENT_ID: info.clientId,
    XERO_CLIENT_SECRET: info.clientSecret,
    XERO_WEBHOOK_KEY: 'bench-webhook-key-0123456789abcdef',
    XERO_API_BASE: info.apiUrl,
    XERO_AUTHORIZE_URL: `${info.url}/identity/connect/authorize`,
    XERO_TOKEN_URL: `${info.url}/connect/token`,
    XERO_CONNECTIONS_URL: `${info.url}/connections`,
  });
  const rt = createRuntime(cfg, store.db, createLogger('silent'), createInProcessQueue());
  const mod = xeroModule(rt); // production options: real retries, timeouts and the 20 % reserve
  const app = createApp({ db: store.db, routers: [mod.router] });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // Connect as a firm would: Relance's connect route, the sandbox's consent, Relance's callback.
    const start = await fetch(`${url}/connect/xero`, { redirect: 'manual' });
    const back = new URL(await consent(start.headers.get('location') as string, [TENANT]));
    const res = await fetch(`${url}${back.pathname}${back.search}`);
    const body = (await res.json()) as { connected?: { connectionId: string }[] };
    const connectionId = body.connected?.[0]?.connectionId;
    if (res.status !== 200 || !connectionId) throw new Error(`connect failed: ${JSON.stringify(body)}`);
    const connectCalls = (await sandbox.ask('usage')).calls;

    // What the sync must read: every contact, sales invoices not in draft, sales credit notes and
    // payments on sales invoices; ceil(n / 1000) pages each at the least.
    const listed = await sandbox.ask('listed');
    const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE_SIZE));
    const minimumPages = Object.values(listed).reduce((sum, n) => sum + pages(n), 0);

    const limiter = rt.limiter('xero', XERO_LIMITS);
    global.gc?.();
    const baselineRss = process.memoryUsage().rss;
    const rss = rssSampler();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = await runSync(rt, mod.connector, connectionId, limiter, { full: true });
    const wallSeconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const peakRss = rss.stop();
    const usage = await sandbox.ask('usage');
    const callsUsed = usage.calls - connectCalls;
    const conn = await getConnection(rt.db, connectionId);
    const stoppedAtBudget = pausedUntil(conn?.checkpoint ?? null) !== null;
    const finished = (conn?.checkpoint as { phase?: string } | null)?.phase === 'done';

    // The rate-limit floor, as for QuickBooks: the calls at the limit's sustained rate (60 a minute).
    // With a sliding window a burst of 60 may start at once, so no client can beat
    // 60 s × floor((calls − 1) / 60) either: that window floor is printed too.
    const floorSeconds = callsUsed;
    const windowFloorSeconds = 60 * Math.floor(Math.max(0, callsUsed - 1) / 60);

    // Incremental: 100 invoices changed in the ledger, then a sync from the checkpoint.
    const changed = await sandbox.ask('change', CHANGES);
    const before = (await sandbox.ask('usage')).calls;
    const incStarted = performance.now();
    const incremental = await runSync(rt, mod.connector, connectionId, limiter);
    const incrementalSeconds = (performance.now() - incStarted) / 1000;
    const incrementalCalls = (await sandbox.ask('usage')).calls - before;

    return {
      store: store.kind,
      contacts: listed.contacts,
      salesInvoices: listed.invoices,
      salesCreditNotes: listed.creditNotes,
      salesPayments: listed.payments,
      connectCalls,
      callsUsed,
      minimumPages,
      extraCalls: callsUsed - minimumPages,
      refusedBySandbox: usage.rejected,
      dayCallsUsed: XERO_LIMITS.windows[1]!.max - usage.dayRemaining,
      dailyBudgetHeld: callsUsed + connectCalls < 5000 && !stoppedAtBudget && finished ? 'yes' : 'no',
      stoppedAtBudget: stoppedAtBudget ? 'yes' : 'no',
      pagesWritten: summary.pages,
      invoicesWritten: summary.written.invoices,
      paymentsWritten: summary.written.payments,
      customersWritten: summary.written.customers,
      creditNotesWritten: summary.written.creditNotes,
      invalid: summary.invalid + summary.rejected,
      wallSeconds: round(wallSeconds),
      // CPU time of the syncing process during the sync: the work it does, whatever the machine's load.
      syncCpuSeconds: round((user + system) / 1e6),
      floorSeconds,
      floorFormula: 'calls / 60 per minute',
      ratio: round(wallSeconds / Math.max(1, floorSeconds), 3),
      windowFloorSeconds,
      windowRatio: round(wallSeconds / Math.max(1, windowFloorSeconds), 3),
      peakRssMb: Math.round(peakRss / MB),
      baselineRssMb: Math.round(baselineRss / MB),
      rssGrowthMb: Math.round((peakRss - baselineRss) / MB),
      sandboxPeakRssMb: Math.round((await sandbox.ask('maxRss')) / MB),
      incrementalChanges: changed,
      incrementalCalls,
      incrementalInvoicesWritten: incremental.written.invoices,
      incrementalSeconds: round(incrementalSeconds),
    };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await rt.close();
    await sandbox.ask('close');
    await store.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function round(n: number, digits = 1): number {
  return Number(n.toFixed(digits));
}

if (process.argv.includes(SANDBOX_FLAG)) {
  await serveSandbox();
} else if (process.argv.includes(SYNC_FLAG)) {
  const size = JSON.parse(process.env.XERO_BENCH_SIZE ?? '{}') as Required<XeroSyncBenchOptions>;
  const answer = await measureXeroSync(size).then(
    (result) => ({ result }),
    (err: unknown) => ({ error: (err as Error).stack ?? String(err) }),
  );
  // Everything is closed by now; exit once the answer is through rather than wait on stray handles.
  process.send?.(answer, () => process.exit('error' in answer ? 1 : 0));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const scale = Number(process.argv[2] ?? process.env.BENCH_SCALE ?? '1');
  const r = await runXeroSyncBench({
    invoices: Math.round(100_000 * scale),
    payments: Math.round(100_000 * scale),
    contacts: Math.max(1, Math.round(5_000 * scale)),
  });
  for (const [k, v] of Object.entries(r)) console.log(`${k.padEnd(28)} ${v}`);
}
