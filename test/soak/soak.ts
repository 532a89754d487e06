// The delivery soak: N reminders planned, then delivered by `relance worker` processes on bull and
// Redis while workers are killed (SIGKILL) at random and replaced, Redis is restarted once, and the
// relay refuses 10 % of messages. At the end every reminder must have arrived exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { poolDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { tick } from '../../src/jobs/tick.ts';
import { CLOCK_JOB } from '../../src/jobs/workers.ts';
import { Redis } from 'ioredis';
import { defaultProcedures } from '../../src/core/procedures.ts';
import { defaultSegments } from '../../src/core/segments.ts';
import { BIN, ROOT } from '../support/cli.ts';
import { freshPostgresUrl } from '../support/stores.ts';
import { startRelay } from './relay.ts';

export interface SoakOptions {
  reminders: number;
  workers: number;
  /** Mean time between kills (each 0.5-1.5 times this). */
  killEveryMs: number;
  /** Stop killing after this many (default: no limit). */
  maxKills?: number;
  failRate: number;
  timeoutMs: number;
  /**
   * Past this, stop killing, let the live workers settle every claim, and count what was delivered
   * so far (the rest stays pending and is reported) instead of failing on the timeout.
   */
  budgetMs?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  planned: number;
  sent: number;
  failed: number;
  receivedUnique: number;
  duplicates: number;
  /** Planned reminders that did not arrive, or are recorded sent and never reached the relay. */
  lost: number;
  /** Received by the relay but not recorded as sent. */
  unrecorded: number;
  /** Still pending when the time budget ran out (0 for a complete run). */
  notYetDelivered: number;
  kills: number;
  redisRestarts: number;
  /** The bull clock's repeatable job was declared again after the Redis restart. */
  clockBackAfterRestart: boolean;
  refusedBySmtp: number;
  /** Deliveries recorded by the lookup at the relay (an earlier attempt was accepted, then killed). */
  reconciled: number;
  seconds: number;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export function startRedis(port: number): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
}

export async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on ${port}`);
}

/** N customers with one invoice each whose first reminder falls due today, around the clock. */
export async function planReminders(
  url: string,
  n: number,
  opts: { reviewMode?: boolean } = {},
): Promise<number> {
  const db = poolDb({ connectionString: url, max: 4 });
  try {
    await migrate(db);
    const [firm] = await db.query<{ id: string }>(
      `INSERT INTO firms (name, country, base_currency, time_zone, business_hours, language, sender, review_mode, fees)
       VALUES ('Soak & Co', 'ZZ', 'EUR', 'UTC', '{"days":[1,2,3,4,5,6,7],"start":"00:00","end":"23:59"}', 'en',
         '{"name":"Soak & Co","email":"accounts@soak.example","phone":null,"address":null,"iban":null,"bic":null}', $1,
         '{"statutoryInterest":false,"fixedCompensation":false,"earlyPaymentDiscount":null}') RETURNING id`,
      [opts.reviewMode ?? false],
    );
    const firmId = (firm as { id: string }).id;
    const procs = await Promise.all(
      defaultProcedures().map(async (p) => {
        const [r] = await db.query<{ id: string }>(
          `INSERT INTO procedures (firm_id, key, name, steps) VALUES ($1, $2, $3, $4) RETURNING id`,
          [firmId, p.key, p.name, JSON.stringify(p.steps)],
        );
        return [p.key, (r as { id: string }).id] as const;
      }),
    );
    for (const s of defaultSegments(
      Object.fromEntries(procs) as Record<'standard' | 'gentle' | 'strict', string>,
    )) {
      await db.query(
        `INSERT INTO segments (firm_id, key, name, procedure_id, rule, position) VALUES ($1, $2, $3, $4, $5, $6)`,
        [firmId, s.key, s.name, s.procedureId, JSON.stringify(s.rule), s.position],
      );
    }
    const [conn] = await db.query<{ id: string }>(
      `INSERT INTO connections (firm_id, platform, external_tenant_id) VALUES ($1, 'import', $2) RETURNING id`,
      [firmId, firmId],
    );
    const today = new Date().toISOString().slice(0, 10);
    await db.query(
      `INSERT INTO customers (firm_id, connection_id, external_id, name, emails)
       SELECT $1, $2, 'C' || g, 'Customer ' || g, ARRAY['ap' || g || '@customer.example'] FROM generate_series(1, $3) g`,
      [firmId, (conn as { id: string }).id, n],
    );
    // Due yesterday, heads-up already sent, and an old paid invoice so they are established customers.
    await db.query(
      `INSERT INTO invoices (firm_id, connection_id, customer_id, external_id, number, issue_date, due_date, currency, total, open_balance, status, step_done_offset)
       SELECT firm_id, connection_id, id, external_id || '-1', 'INV-' || external_id, $1::date - 30, $1::date - 1, 'EUR', 50000, 50000, 'open', -7
       FROM customers
       UNION ALL
       SELECT firm_id, connection_id, id, external_id || '-0', 'OLD-' || external_id, DATE '2024-01-01', DATE '2024-02-01', 'EUR', 1000, 0, 'paid', NULL
       FROM customers`,
      [today],
    );
    const result = await tick(db, { at: new Date(Date.now() - 60_000).toISOString() });
    return result.actions.length;
  } finally {
    await db.close();
  }
}

/** The environment of a `relance worker` in the soak: short clock, lease and retry base. */
export function workerEnv(o: {
  databaseUrl: string;
  redisPort: number;
  relay: { smtpUrl: string; lookupUrl: string };
  leaseMs?: number;
}): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: `redis://127.0.0.1:${o.redisPort}`,
    SMTP_URL: o.relay.smtpUrl,
    SMTP_LOOKUP_URL: o.relay.lookupUrl,
    MAIL_FROM: 'relances@relance.example',
    RELANCE_ENCRYPTION_KEY: 'ef'.repeat(32),
    RELANCE_CLOCK_EVERY_MS: process.env.SOAK_CLOCK_EVERY_MS ?? '1000',
    RELANCE_LEASE_MS: String(o.leaseMs ?? 5000),
    RELANCE_RETRY_BASE_MS: '100',
    LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'fatal',
  };
}

interface Worker {
  proc: ChildProcess;
  ready: boolean;
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const fresh = await freshPostgresUrl();
  const relay = await startRelay({ failRate: o.failRate });
  const redisPort = await freePort();
  let redis = startRedis(redisPort);
  await waitForPort(redisPort);
  const workers = new Set<Worker>();
  let kills = 0;
  let crashes = 0;
  let stopping = false;
  const killed = new Set<ChildProcess>();
  let redisRestarts = 0;
  let clockBackAfterRestart = false;
  const db = poolDb({ connectionString: fresh.url, max: 2 });
  // Interrupted (Ctrl-C, a CI timeout): leave no worker or Redis behind.
  const orphans = () => {
    for (const w of workers) w.proc.kill('SIGKILL');
    redis.kill('SIGKILL');
  };
  process.once('exit', orphans);
  try {
    const planned = await planReminders(fresh.url, o.reminders);
    log(`planned ${planned} reminders`);
    const env = workerEnv({ databaseUrl: fresh.url, redisPort, relay });
    const spawnWorker = () => {
      const proc = spawn(process.execPath, [BIN, 'worker'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', process.env.SOAK_LOG_LEVEL ? 'inherit' : 'ignore'],
      });
      const w: Worker = { proc, ready: false };
      workers.add(w);
      // `relance worker` says when it runs; until then it cannot take over anybody's work.
      proc.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('running')) w.ready = true;
        if (process.env.SOAK_LOG_LEVEL) process.stdout.write(d);
      });
      // A supervisor (systemd, Kubernetes) restarts a worker that exits; so does the soak.
      proc.once('exit', () => {
        workers.delete(w);
        if (!stopping && !killed.has(proc)) {
          crashes++;
          spawnWorker();
        }
      });
    };
    for (let i = 0; i < o.workers; i++) spawnWorker();

    const progress = async () =>
      (
        await db.query<{ done: number; sent: number }>(
          `SELECT count(*) FILTER (WHERE status IN ('sent', 'failed', 'cancelled'))::int AS done,
             count(*) FILTER (WHERE status = 'sent')::int AS sent FROM actions`,
        )
      )[0] as { done: number; sent: number };
    const nextKillIn = () => o.killEveryMs * (0.5 + Math.random());
    let nextKill = Date.now() + nextKillIn();
    let lastReport = Date.now();
    for (;;) {
      const { done, sent } = await progress();
      if (done >= planned) break;
      if (o.budgetMs !== undefined && Date.now() - started > o.budgetMs) {
        // Out of time: no more kills; the live workers settle every claim (expired leases of killed
        // workers come back and are reconciled), then the count covers what was delivered.
        log(`time budget spent at ${sent} sent: settling the claims in hand`);
        for (;;) {
          const [r] = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM actions WHERE status = 'sending'`,
          );
          if ((r as { n: number }).n === 0) break;
          await sleep(200);
        }
        break;
      }
      if (Date.now() - started > o.timeoutMs)
        throw new Error(`soak timed out with ${sent} of ${planned} sent (${done} settled)`);
      if (Date.now() - lastReport > 10_000) {
        log(`${sent} sent, ${kills} kills, ${workers.size} workers`);
        lastReport = Date.now();
      }
      // Kill a running worker only while at least one other is running to take over its work.
      const live = [...workers].filter((w) => w.ready && !killed.has(w.proc));
      // With a kill budget, spread it over the run too, so that a fast run still sees every kill.
      const behind = o.maxKills !== undefined && sent >= (planned * 0.8 * (kills + 1)) / (o.maxKills + 1);
      if (
        (Date.now() >= nextKill || behind) &&
        live.length >= 2 &&
        (o.maxKills === undefined || kills < o.maxKills)
      ) {
        const victim = live[Math.floor(Math.random() * live.length)] as Worker;
        killed.add(victim.proc);
        victim.proc.kill('SIGKILL');
        kills++;
        spawnWorker();
        nextKill = Date.now() + nextKillIn();
      }
      const halfBudget = o.budgetMs !== undefined && Date.now() - started > o.budgetMs / 2;
      if (redisRestarts === 0 && (sent >= planned * 0.4 || halfBudget)) {
        redis.kill('SIGKILL');
        await sleep(500);
        redis = startRedis(redisPort);
        await waitForPort(redisPort);
        redisRestarts++;
        log(`redis restarted at ${sent} sent`);
        clockBackAfterRestart = await clockDeclared(redisPort, 30_000);
        log(`clock ${clockBackAfterRestart ? 'declared again' : 'NOT declared again'} after the restart`);
      }
      await sleep(100);
    }
    // Stop the workers (gracefully: SIGTERM), let the relay see anything still in flight, then count.
    stopping = true;
    const exited = [...workers].map((w) => new Promise((resolve) => w.proc.once('exit', resolve)));
    for (const w of workers) w.proc.kill('SIGTERM');
    await Promise.race([Promise.all(exited), sleep(15_000)]);
    const rows = await db.query<{ status: string; effect_key: string | null }>(
      `SELECT status, effect_key FROM actions`,
    );
    const sentKeys = new Set(rows.filter((r) => r.status === 'sent').map((r) => r.effect_key as string));
    const failed = rows.filter((r) => r.status === 'failed').length;
    const duplicates = [...relay.accepted.values()].reduce((s, n) => s + (n - 1), 0);
    const notYetDelivered = rows.filter((r) => r.status === 'pending').length;
    const lost =
      [...sentKeys].filter((k) => !relay.accepted.has(k)).length +
      (planned - sentKeys.size - notYetDelivered);
    const unrecorded = [...relay.accepted.keys()].filter((k) => !sentKeys.has(k)).length;
    return {
      planned,
      sent: sentKeys.size,
      failed,
      receivedUnique: relay.accepted.size,
      duplicates,
      lost,
      unrecorded,
      notYetDelivered,
      kills,
      redisRestarts,
      clockBackAfterRestart,
      refusedBySmtp: relay.refused,
      reconciled: relay.lookedUpAccepted,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    process.removeListener('exit', orphans);
    stopping = true;
    if (crashes > 0) log(`${crashes} workers exited by themselves and were restarted`);
    for (const w of workers) w.proc.kill('SIGKILL');
    redis.kill('SIGKILL');
    await db.close();
    await relay.close();
    await fresh.drop();
  }
}

/** Whether the bull clock's repeatable job is in Redis (declared again by the workers). */
async function clockDeclared(port: number, withinMs: number): Promise<boolean> {
  const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  try {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      const n = await redis.zcard(`relance:${CLOCK_JOB}:repeat`).catch(() => 0);
      if (n > 0) return true;
      await sleep(250);
    }
    return false;
  } finally {
    redis.disconnect();
  }
}
