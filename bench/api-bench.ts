// Panel API latency: a firm with 10,000 customers and 200,000 invoices (70 % paid through payments
// with allocations, the rest open and spread from 150 days overdue to 45 days ahead; promises, notes,
// pending actions), bulk-loaded with generate_series into the real PostgreSQL. The API runs in its
// own process (the real express app, as `relance serve` mounts it); 50 clients, each a keep-alive
// fetch loop (Node's undici), send a fixed number of requests to GET /api/v1/overview and to
// GET /api/v1/customers/:id (random customers), after a warm-up. p50, p95 and p99 are printed
// against the 50 ms target.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.ts';
import { issueSession } from '../src/http/auth/session.ts';
import { poolDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { createFirm } from '../src/store/repos/firms.ts';
import { freshPostgresUrl } from '../test/support/stores.ts';

const SECRET = 'bench-session-secret-0123456789abcdef';
export const TARGET_P95_MS = 50;

export interface ApiBenchResult {
  customers: number;
  invoices: number;
  loadSeconds: number;
  endpoints: {
    name: string;
    requests: number;
    p50: number;
    p95: number;
    p99: number;
    errors: number;
    /** The API process's CPU time per request (the database's is not counted). */
    serverCpuMs: number;
    throughput: number;
  }[];
}

async function seed(db: Db, customers: number, invoicesPerCustomer: number) {
  const firm = await createFirm(db, { name: 'Bench Distribution SAS', country: 'FR' }, 'bench');
  const [conn] = await db.query<{ id: string }>(
    `INSERT INTO connections (firm_id, platform, external_tenant_id) VALUES ($1, 'import', $2) RETURNING id`,
    [firm.id, firm.id],
  );
  const connId = (conn as { id: string }).id;
  await db.query(
    `INSERT INTO customers (firm_id, connection_id, external_id, name, emails, language, next_wake_at)
     SELECT $1, $2, 'C' || g, 'Customer ' || lpad(g::text, 5, '0') || CASE WHEN g % 7 = 0 THEN ' & Fils' ELSE ' SARL' END,
       ARRAY['ap' || g || '@customer.example'], 'fr', now() + make_interval(hours => g % 240)
     FROM generate_series(1, $3) g`,
    [firm.id, connId, customers],
  );
  // Invoice k of customer g: issued over the last two years; every 10 in 7 paid on some day around
  // its due date (late payers get later), the rest open.
  await db.query(
    `INSERT INTO invoices (firm_id, connection_id, customer_id, external_id, number, issue_date, due_date, currency, total, open_balance, status)
     SELECT c.firm_id, c.connection_id, c.id, c.external_id || '-' || k, 'F-' || c.external_id || '-' || k,
       CURRENT_DATE - (((k * 37 + g) % 700) + 5), CURRENT_DATE - (((k * 37 + g) % 700) + 5) + 30,
       'EUR', 10000 + ((g * 7919 + k * 104729) % 500000),
       CASE WHEN (k + g) % 10 < 7 OR ((k * 37 + g) % 700) > 180 THEN 0 ELSE 10000 + ((g * 7919 + k * 104729) % 500000) END,
       CASE WHEN (k + g) % 10 < 7 OR ((k * 37 + g) % 700) > 180 THEN 'paid' ELSE 'open' END
     FROM customers c CROSS JOIN generate_series(1, $2) k
     CROSS JOIN LATERAL (SELECT substr(c.external_id, 2)::int AS g) gg
     WHERE c.firm_id = $1`,
    [firm.id, invoicesPerCustomer],
  );
  await db.query(
    `INSERT INTO payments (firm_id, connection_id, customer_id, external_id, date, currency, amount)
     SELECT i.firm_id, i.connection_id, i.customer_id, 'P-' || i.external_id,
       LEAST(CURRENT_DATE, i.due_date + ((hashtext(i.external_id) & 63) - 20)), i.currency, i.total
     FROM invoices i WHERE i.firm_id = $1 AND i.status = 'paid'`,
    [firm.id],
  );
  await db.query(
    `INSERT INTO payment_allocations (payment_id, invoice_id, amount)
     SELECT p.id, i.id, p.amount FROM payments p JOIN invoices i ON i.connection_id = p.connection_id AND 'P-' || i.external_id = p.external_id
     WHERE p.firm_id = $1`,
    [firm.id],
  );
  // A few things on the timeline: pending reminders, promises, notes.
  await db.query(
    `INSERT INTO actions (firm_id, customer_id, key, kind, channel, template, tone, target_date, due_at, status)
     SELECT c.firm_id, c.id, 'bench:' || c.id, 'step', 'email', 'reminder_1', 2, CURRENT_DATE + 1, now() + interval '1 day', 'pending'
     FROM customers c WHERE c.firm_id = $1 AND substr(c.external_id, 2)::int % 3 = 0`,
    [firm.id],
  );
  await db.query(
    `INSERT INTO notes (firm_id, customer_id, body, author)
     SELECT c.firm_id, c.id, 'Called the accounts department, payment run on Friday', 'bench'
     FROM customers c CROSS JOIN generate_series(1, 3) WHERE c.firm_id = $1`,
    [firm.id],
  );
  await db.query(
    `INSERT INTO promises (firm_id, customer_id, promised_date, status, created_by)
     SELECT c.firm_id, c.id, CURRENT_DATE + 5, CASE WHEN substr(c.external_id, 2)::int % 10 = 0 THEN 'broken' ELSE 'open' END, 'bench'
     FROM customers c WHERE c.firm_id = $1 AND substr(c.external_id, 2)::int % 5 = 0`,
    [firm.id],
  );
  await db.query('ANALYZE');
  const [user] = await db.query<{ id: string }>(
    `INSERT INTO users (firm_id, platform, platform_user_id, email, name, role) VALUES ($1, 'quickbooks', 'bench', 'bench@example.com', 'Bench', 'owner') RETURNING id`,
    [firm.id],
  );
  const ids = (await db.query<{ id: string }>(`SELECT id FROM customers WHERE firm_id = $1`, [firm.id])).map(
    (r) => r.id,
  );
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM invoices WHERE firm_id = $1`,
    [firm.id],
  );
  return { firmId: firm.id, userId: (user as { id: string }).id, customerIds: ids, invoices: count?.n ?? 0 };
}

/** Server mode: the real app with the API, in this process, on the port it prints. */
async function serve(databaseUrl: string): Promise<void> {
  const { createApp } = await import('../src/http/app.ts');
  const { apiRouter } = await import('../src/http/api/router.ts');
  const { createRuntime } = await import('../src/runtime.ts');
  const { createLogger } = await import('../src/logger.ts');
  const cfg = loadConfig({
    DATABASE_URL: databaseUrl,
    RELANCE_SESSION_SECRET: SECRET,
    RELANCE_ENCRYPTION_KEY: '0'.repeat(64),
    LOG_LEVEL: 'silent',
  });
  const db = poolDb({ connectionString: databaseUrl, max: 10 });
  const rt = createRuntime(cfg, db, createLogger('silent'));
  const app = createApp({ db, routers: [apiRouter(rt)] });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  process.stdout.write(`PORT ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
  // The parent asks for this process's CPU time between runs (what one request costs the server).
  process.on('message', () => process.send?.(process.cpuUsage()));
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => void db.close().then(() => process.exit(0)));
  });
}

function startServer(databaseUrl: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', databaseUrl],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`api server exited with ${code}`)));
  });
}

function serverCpuMs(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m) => {
      const u = m as { user: number; system: number };
      resolve((u.user + u.system) / 1000);
    });
    child.send('cpu');
  });
}

const pct = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number);

async function load(
  base: string,
  token: string,
  paths: () => string,
  requests: number,
  clients: number,
): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let left = requests;
  const headers = { authorization: `Bearer ${token}` };
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (left > 0) {
        left--;
        const t0 = performance.now();
        const res = await fetch(base + paths(), { headers });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) errors++;
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), errors };
}

export async function runApiBench(opts: {
  customers: number;
  invoicesPerCustomer?: number;
  requests: number;
  clients?: number;
}): Promise<ApiBenchResult> {
  const clients = opts.clients ?? 50;
  const fresh = await freshPostgresUrl();
  const db = poolDb({ connectionString: fresh.url, max: 4 });
  let server: ChildProcess | null = null;
  try {
    await migrate(db);
    const t0 = performance.now();
    const s = await seed(db, opts.customers, opts.invoicesPerCustomer ?? 20);
    const loadSeconds = (performance.now() - t0) / 1000;
    const cfg = loadConfig({ RELANCE_SESSION_SECRET: SECRET });
    const { token } = await issueSession({ cfg, db }, { firmId: s.firmId, userId: s.userId, role: 'owner' });
    const started = await startServer(fresh.url);
    server = started.child;
    const base = `http://127.0.0.1:${started.port}/api/v1`;
    const randomCustomer = () =>
      `/customers/${s.customerIds[Math.floor(Math.random() * s.customerIds.length)] as string}`;
    const endpoints: ApiBenchResult['endpoints'] = [];
    for (const [name, paths] of [
      ['GET /overview', () => '/overview'],
      ['GET /customers/:id', randomCustomer],
    ] as const) {
      await load(base, token, paths, Math.min(500, opts.requests), clients); // warm-up
      const cpu0 = await serverCpuMs(server);
      const t0 = performance.now();
      const r = await load(base, token, paths, opts.requests, clients);
      const seconds = (performance.now() - t0) / 1000;
      const cpu = (await serverCpuMs(server)) - cpu0;
      endpoints.push({
        serverCpuMs: cpu / r.latencies.length,
        throughput: r.latencies.length / seconds,
        name,
        requests: r.latencies.length,
        p50: pct(r.latencies, 50),
        p95: pct(r.latencies, 95),
        p99: pct(r.latencies, 99),
        errors: r.errors,
      });
    }
    return { customers: s.customerIds.length, invoices: s.invoices, loadSeconds, endpoints };
  } finally {
    server?.kill('SIGTERM');
    await db.close();
    await fresh.drop();
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3] as string);
