// The delivery soak: N reminders planned, then delivered by `relance worker` processes on bull and
// Redis while workers are killed (SIGKILL) at random and replaced, Redis is restarted once, and the
// relay refuses 10 % of messages. At the end every reminder must have arrived exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { poolDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { tick } from '../../src/jobs/tick.ts';
import { defaultProcedures } from '../../src/core/procedures.ts';
import { defaultSegments } from '../../src/core/segments.ts';
import { BIN, ROOT } from '../support/cli.ts';
import { freshPostgresUrl } from '../support/stores.ts';
import { startRelay } from './relay.ts';

export interface SoakOptions {
  reminders: number;
  workers: number;
  /** Mean time between kills. */
  killEveryMs: number;
  failRate: number;
  timeoutMs: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  planned: number;
  sent: number;
  receivedUnique: number;
  duplicates: number;
  lost: number;
  kills: number;
  redisRestarts: number;
  refusedBySmtp: number;
  seconds: number;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function startRedis(port: number): ChildProcess {
  return spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
}

async function waitForPort(port: number): Promise<void> {
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
async function plan(url: string, n: number): Promise<number> {
  const db = poolDb({ connectionString: url, max: 4 });
  try {
    await migrate(db);
    const [firm] = await db.query<{ id: string }>(
      `INSERT INTO firms (name, country, base_currency, time_zone, business_hours, language, sender, review_mode, fees)
       VALUES ('Soak & Co', 'ZZ', 'EUR', 'UTC', '{"days":[1,2,3,4,5,6,7],"start":"00:00","end":"23:59"}', 'en',
         '{"name":"Soak & Co","email":"accounts@soak.example","phone":null,"address":null,"iban":null,"bic":null}', false,
         '{"statutoryInterest":false,"fixedCompensation":false,"earlyPaymentDiscount":null}') RETURNING id`,
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

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const fresh = await freshPostgresUrl();
  const relay = await startRelay({ failRate: o.failRate });
  const redisPort = await freePort();
  let redis = startRedis(redisPort);
  await waitForPort(redisPort);
  const workers = new Set<ChildProcess>();
  let kills = 0;
  let crashes = 0;
  let stopping = false;
  const killed = new Set<ChildProcess>();
  let redisRestarts = 0;
  const db = poolDb({ connectionString: fresh.url, max: 2 });
  try {
    const planned = await plan(fresh.url, o.reminders);
    log(`planned ${planned} reminders`);
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: fresh.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      SMTP_URL: relay.smtpUrl,
      SMTP_LOOKUP_URL: relay.lookupUrl,
      MAIL_FROM: 'relances@relance.example',
      RELANCE_ENCRYPTION_KEY: 'ef'.repeat(32),
      RELANCE_CLOCK_EVERY_MS: '200',
      RELANCE_LEASE_MS: '5000',
      RELANCE_RETRY_BASE_MS: '100',
      LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'fatal',
    };
    const spawnWorker = () => {
      const w = spawn(process.execPath, [BIN, 'worker'], {
        cwd: ROOT,
        env,
        stdio: process.env.SOAK_LOG_LEVEL ? 'inherit' : 'ignore',
      });
      workers.add(w);
      // A supervisor (systemd, Kubernetes) restarts a worker that exits; so does the soak.
      w.once('exit', () => {
        workers.delete(w);
        if (!stopping && !killed.has(w)) {
          crashes++;
          spawnWorker();
        }
      });
    };
    for (let i = 0; i < o.workers; i++) spawnWorker();

    const sentCount = async () =>
      Number(
        (
          (
            await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM actions WHERE status = 'sent'`)
          )[0] as { n: number }
        ).n,
      );
    let nextKill = Date.now() + o.killEveryMs * (0.5 + Math.random());
    for (;;) {
      const sent = await sentCount();
      if (sent >= planned) break;
      if (Date.now() - started > o.timeoutMs)
        throw new Error(`soak timed out with ${sent} of ${planned} sent`);
      if (Date.now() >= nextKill && workers.size > 0) {
        const victim = [...workers][Math.floor(Math.random() * workers.size)] as ChildProcess;
        killed.add(victim);
        victim.kill('SIGKILL');
        kills++;
        spawnWorker();
        nextKill = Date.now() + o.killEveryMs * (0.5 + Math.random());
      }
      if (redisRestarts === 0 && sent >= planned * 0.4) {
        redis.kill('SIGKILL');
        await sleep(500);
        redis = startRedis(redisPort);
        await waitForPort(redisPort);
        redisRestarts++;
        log(`redis restarted at ${sent} sent`);
      }
      await sleep(100);
    }
    // Let the relay see anything still in flight, then count.
    stopping = true;
    for (const w of workers) w.kill('SIGTERM');
    await sleep(1000);
    const sentKeys = new Set(
      (await db.query<{ effect_key: string }>(`SELECT effect_key FROM actions WHERE status = 'sent'`)).map(
        (r) => r.effect_key,
      ),
    );
    const duplicates = [...relay.accepted.values()].reduce((s, n) => s + (n - 1), 0);
    const lost = [...sentKeys].filter((k) => !relay.accepted.has(k)).length + (planned - sentKeys.size);
    return {
      planned,
      sent: sentKeys.size,
      receivedUnique: relay.accepted.size,
      duplicates,
      lost,
      kills,
      redisRestarts,
      refusedBySmtp: relay.refused,
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    stopping = true;
    if (crashes > 0) log(`${crashes} workers exited by themselves and were restarted`);
    for (const w of workers) w.kill('SIGKILL');
    redis.kill('SIGKILL');
    await db.close();
    await relay.close();
    await fresh.drop();
  }
}
