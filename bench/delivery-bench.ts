// Delivery at size. Throughput: N planned reminders delivered into a local SMTP server (smtp-server,
// accepting everything) by 1 and then 2 real `relance worker` processes on bull and their own Redis,
// against a bare bull no-op job (same count, 1 and 2 worker processes, same Redis). Both are timed
// from the moment the work is released to idle, running workers (the firm switches sending on; the
// bull queue is resumed) until the last message is recorded sent / the last job is done.
// Latency: a payment recorded in the QuickBooks sandbox on an invoice with a pending reminder; the
// sandbox posts its signed webhook to POST /webhooks/quickbooks of the app (wired as `relance serve`
// wires it, jobs in-process); timed until the reminder is `cancelled` in the actions table.
// Standalone: node --import tsx bench/delivery-bench.ts [scale]
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { addDays } from '../src/core/dates.ts';
import { quickbooksLimiter } from '../src/jobs/quickbooks-jobs.ts';
import { runSync } from '../src/jobs/sync.ts';
import { poolDb } from '../src/store/db.ts';
import { connectDirect, startHarness } from '../test/quickbooks/harness.ts';
import { BIN, ROOT } from '../test/support/cli.ts';
import { freshPostgresUrl } from '../test/support/stores.ts';
import { startRelay } from '../test/soak/relay.ts';
import { freePort, planReminders, startRedis, waitForPort, workerEnv } from '../test/soak/soak.ts';

export interface DeliveryBenchOptions {
  reminders?: number;
  payments?: number;
}

export interface DeliveryBenchResult {
  reminders: number;
  /** Messages per second into the SMTP server, by number of workers. */
  delivery: { workers: number; perSecond: number; seconds: number }[];
  /** Bare bull no-op jobs per second, same count, by number of workers. */
  bull: { workers: number; perSecond: number; seconds: number }[];
  payments: number;
  latencyMs: { p50: number; p99: number; max: number };
}

const sh = (cmd: string, args: string[], env: Record<string, string | undefined>) =>
  spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });

/** Resolves once the child printed `word` on stdout. */
function ready(proc: ChildProcess, word: string, withinMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "${word}" within ${withinMs} ms`)), withinMs);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(word)) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.once('exit', (code) => reject(new Error(`exited with ${code} before "${word}"`)));
  });
}

async function stopAll(procs: ChildProcess[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null) return resolve();
          const t = setTimeout(() => p.kill('SIGKILL'), 15_000);
          p.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          p.kill('SIGTERM');
        }),
    ),
  );
}

async function deliveryRun(n: number, workers: number, redisPort: number) {
  const fresh = await freshPostgresUrl();
  const relay = await startRelay({ failRate: 0 });
  const db = poolDb({ connectionString: fresh.url, max: 2 });
  const procs: ChildProcess[] = [];
  try {
    // Planned in review mode: nothing goes out until the workers run and the firm switches sending on.
    await planReminders(fresh.url, n, { reviewMode: true });
    const env = {
      ...workerEnv({ databaseUrl: fresh.url, redisPort, relay, leaseMs: 60_000 }),
      RELANCE_CLOCK_EVERY_MS: '100',
      LOG_LEVEL: 'error',
    };
    for (let i = 0; i < workers; i++) procs.push(sh(process.execPath, [BIN, 'worker'], env));
    await Promise.all(procs.map((p) => ready(p, 'running')));
    await sleep(500); // past their first (empty) passes
    const t0 = performance.now();
    await db.query(`UPDATE firms SET review_mode = false`);
    for (;;) {
      const [r] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM actions WHERE status = 'sent'`,
      );
      if ((r as { n: number }).n >= n) break;
      await sleep(10);
    }
    const seconds = (performance.now() - t0) / 1000;
    if (relay.accepted.size !== n) throw new Error(`the relay got ${relay.accepted.size} of ${n}`);
    return { workers, seconds, perSecond: n / seconds };
  } finally {
    await stopAll(procs);
    await db.close();
    await relay.close();
    await fresh.drop();
  }
}

// A bull worker that does nothing: the floor of any job on this Redis.
const NOOP_WORKER = `
import Bull from 'bull';
const q = new Bull('bench.noop', process.env.REDIS_URL, { prefix: 'bench' });
q.process(1, async () => {});
await q.isReady();
console.log('running');
process.once('SIGTERM', async () => { await q.close(); process.exit(0); });
`;

async function bullRun(n: number, workers: number, redisPort: number) {
  const { default: Bull } = await import('bull');
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const q = new Bull('bench.noop', redisUrl, { prefix: 'bench' });
  const procs: ChildProcess[] = [];
  try {
    await q.empty();
    await q.pause(false);
    for (let i = 0; i < n; i += 500) {
      await q.addBulk(
        Array.from({ length: Math.min(500, n - i) }, (_, k) => ({
          data: { i: i + k },
          opts: { jobId: `noop-${workers}-${i + k}`, removeOnComplete: true },
        })),
      );
    }
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, REDIS_URL: redisUrl };
    for (let i = 0; i < workers; i++)
      procs.push(sh(process.execPath, ['--input-type=module', '-e', NOOP_WORKER], env));
    await Promise.all(procs.map((p) => ready(p, 'running')));
    await sleep(500);
    const t0 = performance.now();
    await q.resume(false);
    for (;;) {
      const c = await q.getJobCounts();
      if (c.waiting + c.active + c.delayed === 0 && (await q.isPaused()) === false) break;
      await sleep(10);
    }
    const seconds = (performance.now() - t0) / 1000;
    return { workers, seconds, perSecond: n / seconds };
  } finally {
    await stopAll(procs);
    await q.close();
  }
}

async function webhookLatency(payments: number) {
  const h = await startHarness('postgres', { webhooks: { autoDeliver: true } });
  try {
    const l = h.sandbox.state.ledger();
    const invoices: string[] = [];
    for (let i = 0; i < payments; i++) {
      const c = String(l.addCustomer({ displayName: `Payer ${i}`, email: `ap${i}@payer.example` }).Id);
      invoices.push(
        String(
          l.addInvoice({
            customerId: c,
            amount: '250.00',
            txnDate: '2026-10-01',
            dueDate: addDays('2026-10-01', 30),
          }).Id,
        ),
      );
    }
    const conn = await connectDirect(h);
    await runSync(h.rt, h.qb.connector, conn.connectionId, quickbooksLimiter(h.rt));
    await h.rt.queue.idle();
    // A pending reminder on each invoice, due later (the clock has not sent it yet).
    const actions = new Map<string, string>();
    for (const ext of invoices) {
      const [a] = await h.rt.db.query<{ id: string }>(
        `INSERT INTO actions (firm_id, customer_id, key, kind, channel, template, tone, target_date, due_at, status)
         SELECT firm_id, customer_id, 'bench-' || id, 'step', 'email', 'reminder_1', 1, current_date + 1, now() + interval '1 day', 'pending'
         FROM invoices WHERE connection_id = $1 AND external_id = $2 RETURNING id`,
        [conn.connectionId, ext],
      );
      const id = (a as { id: string }).id;
      await h.rt.db.query(
        `INSERT INTO action_invoices (action_id, invoice_id) SELECT $1, id FROM invoices WHERE connection_id = $2 AND external_id = $3`,
        [id, conn.connectionId, ext],
      );
      actions.set(ext, id);
    }
    const latencies: number[] = [];
    for (const ext of invoices) {
      const id = actions.get(ext) as string;
      const t0 = performance.now();
      // The sandbox announces the payment (and the invoice it settles) to the app's webhook URL.
      l.recordPayment({ txnDate: '2026-11-25', lines: [{ invoiceId: ext, amount: '250.00' }] });
      for (;;) {
        const [r] = await h.rt.db.query<{ status: string }>(`SELECT status FROM actions WHERE id = $1`, [id]);
        if (r?.status === 'cancelled') break;
        if (performance.now() - t0 > 60_000) throw new Error(`reminder ${id} not cancelled within 60 s`);
        await sleep(2);
      }
      latencies.push(performance.now() - t0);
    }
    if (h.failures.length > 0) throw new Error(`webhook jobs failed: ${String(h.failures[0])}`);
    latencies.sort((a, b) => a - b);
    const q = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] as number;
    return { p50: q(0.5), p99: q(0.99), max: latencies.at(-1) as number };
  } finally {
    await h.close();
  }
}

export async function runDeliveryBench(o: DeliveryBenchOptions = {}): Promise<DeliveryBenchResult> {
  const n = o.reminders ?? 2_000;
  const payments = o.payments ?? 50;
  const redisPort = await freePort();
  const redis = startRedis(redisPort);
  try {
    await waitForPort(redisPort);
    const delivery = [];
    const bull = [];
    for (const workers of [1, 2]) {
      delivery.push(await deliveryRun(n, workers, redisPort));
      bull.push(await bullRun(n, workers, redisPort));
    }
    const latencyMs = await webhookLatency(payments);
    return { reminders: n, delivery, bull, payments, latencyMs };
  } finally {
    redis.kill('SIGKILL');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scale = Number(process.argv[2] ?? '1');
  const r = await runDeliveryBench({
    reminders: Math.round(2_000 * scale),
    payments: Math.max(10, Math.round(50 * scale)),
  });
  console.log(JSON.stringify(r, null, 2));
}
