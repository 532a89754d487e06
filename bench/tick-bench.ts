// Tick cost against ledger size. Two ledgers on the real PostgreSQL: 1,000,000 invoices (10,000 firms ×
// 10 customers × 10 invoices) and a tenth of that, each with the same 10,000 invoices (1 % of the large
// one) reaching a step at the tick's instant. If the tick reads only what is due, both take about the
// same time; a tick that scanned the ledger would take ten times longer on the large one.
import { defaultProcedures } from '../src/core/procedures.ts';
import { defaultSegments } from '../src/core/segments.ts';
import { poolDb, type Db } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { tick } from '../src/jobs/tick.ts';
import { freshPostgresUrl } from '../test/support/stores.ts';

// Tuesday 1 December 2026, 10:00 in Paris: inside the send window on a business day.
const AT = '2026-12-01T09:00:00.000Z';
const CUSTOMERS_PER_FIRM = 10;
const INVOICES_PER_CUSTOMER = 10;

export async function seedForProfile(db: Db, firms: number, dueCustomers: number): Promise<void> {
  return seed(db, firms, dueCustomers);
}

async function seed(db: Db, firms: number, dueCustomers: number): Promise<void> {
  const procs = defaultProcedures();
  await db.query(
    `INSERT INTO firms (name, country, base_currency, time_zone, business_hours, language, sender, review_mode, fees)
     SELECT 'Firm ' || g, 'FR', 'EUR', 'Europe/Paris', '{"days":[1,2,3,4,5],"start":"09:00","end":"17:30"}', 'fr',
       jsonb_build_object('name', 'Firm ' || g, 'email', 'compta' || g || '@firm.example'), false,
       '{"statutoryInterest":true,"fixedCompensation":true,"earlyPaymentDiscount":null}'
     FROM generate_series(1, $1) g`,
    [firms],
  );
  await db.query(
    `INSERT INTO procedures (firm_id, key, name, steps)
     SELECT f.id, p.key, p.name, p.steps FROM firms f CROSS JOIN jsonb_to_recordset($1::jsonb) AS p(key text, name text, steps jsonb)`,
    [JSON.stringify(procs)],
  );
  const segs = defaultSegments({ standard: 'standard', gentle: 'gentle', strict: 'strict' });
  await db.query(
    `INSERT INTO segments (firm_id, key, name, procedure_id, rule, position)
     SELECT f.id, s.key, s.name, p.id, s.rule, s.position FROM firms f
     CROSS JOIN jsonb_to_recordset($1::jsonb) AS s(key text, name text, "procedureId" text, rule jsonb, position int)
     JOIN procedures p ON p.firm_id = f.id AND p.key = s."procedureId"`,
    [JSON.stringify(segs)],
  );
  await db.query(
    `INSERT INTO connections (firm_id, platform, external_tenant_id) SELECT id, 'import', id::text FROM firms`,
  );
  // Long-standing customers (first invoice a year back would make them "new" otherwise): give each a
  // paid invoice from 2025 so segment rules put them in the standard procedure.
  await db.query(
    `INSERT INTO customers (firm_id, connection_id, external_id, name, emails, next_wake_at)
     SELECT k.firm_id, k.id, 'C' || g, 'Customer ' || g, ARRAY['accounts' || g || '@customer.example'],
       $1::timestamptz + make_interval(days => 2 + (g % 20))
     FROM connections k CROSS JOIN generate_series(1, $2) g`,
    [AT, CUSTOMERS_PER_FIRM],
  );
  // Not-yet-due invoices everywhere (their first step, the heads-up, is days away) ...
  await db.query(
    `INSERT INTO invoices (firm_id, connection_id, customer_id, external_id, number, issue_date, due_date, currency, total, open_balance, status)
     SELECT c.firm_id, c.connection_id, c.id, c.external_id || '-' || g, 'INV-' || c.external_id || '-' || g, DATE '2026-11-20', DATE '2026-12-20' + (g % 10),
       'EUR', 100000 + g, 100000 + g, 'open'
     FROM customers c CROSS JOIN generate_series(1, $1) g`,
    [INVOICES_PER_CUSTOMER],
  );
  await db.query(
    `INSERT INTO invoices (firm_id, connection_id, customer_id, external_id, number, issue_date, due_date, currency, total, open_balance, status)
     SELECT c.firm_id, c.connection_id, c.id, c.external_id || '-old', 'INV-2025-' || c.external_id, DATE '2025-01-10', DATE '2025-02-09', 'EUR', 5000, 0, 'paid'
     FROM customers c`,
  );
  // ... except for `dueCustomers` customers, whose invoices fell due yesterday: their first reminder is due now.
  await db.query(
    `WITH chosen AS (SELECT id FROM customers ORDER BY id LIMIT $1)
     UPDATE invoices i SET due_date = DATE '2026-11-30', step_done_offset = -7 FROM chosen
     WHERE i.customer_id = chosen.id AND i.status = 'open'`,
    [dueCustomers],
  );
  await db.query(
    `WITH chosen AS (SELECT id FROM customers ORDER BY id LIMIT $1)
     UPDATE customers c SET next_wake_at = '-infinity' FROM chosen WHERE c.id = chosen.id`,
    [dueCustomers],
  );
  await db.query('ANALYZE');
}

// BENCH_TRACE=1: time spent per statement, to see where a tick goes.
const trace = new Map<string, { n: number; ms: number }>();
function traceDb(db: Db): Db {
  const timed = (q: Db['query']): Db['query'] =>
    (async (text: string, params?: readonly unknown[]) => {
      const t0 = performance.now();
      try {
        return await q(text, params);
      } finally {
        const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
        const e = trace.get(key) ?? { n: 0, ms: 0 };
        e.n++;
        e.ms += performance.now() - t0;
        trace.set(key, e);
      }
    }) as Db['query'];
  return {
    ...db,
    query: timed(db.query.bind(db)),
    tx: (fn) => db.tx((sql) => fn({ query: timed(sql.query.bind(sql)) })),
  };
}
function printTrace(): void {
  for (const [k, v] of [...trace.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
    console.log(`${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(5)}×  ${k}`);
  }
  trace.clear();
}

export interface TickBenchRow {
  invoices: number;
  dueInvoices: number;
  actions: number;
  seconds: number;
}

async function measure(firms: number, dueCustomers: number): Promise<TickBenchRow> {
  const fresh = await freshPostgresUrl();
  const db = poolDb({ connectionString: fresh.url, max: 4 });
  try {
    await migrate(db);
    await seed(db, firms, dueCustomers);
    const traced = process.env.BENCH_TRACE ? traceDb(db) : db;
    const started = process.hrtime.bigint();
    const result = await tick(traced, { at: AT });
    if (process.env.BENCH_TRACE) printTrace();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      invoices: firms * CUSTOMERS_PER_FIRM * INVOICES_PER_CUSTOMER,
      dueInvoices: dueCustomers * INVOICES_PER_CUSTOMER,
      actions: result.actions.length,
      seconds,
    };
  } finally {
    await db.close();
    await fresh.drop();
  }
}

export async function runTickBench(
  opts: { firms?: number } = {},
): Promise<{ large: TickBenchRow; small: TickBenchRow }> {
  const firms = opts.firms ?? 10_000;
  const dueCustomers = (firms * CUSTOMERS_PER_FIRM) / 100; // 1 % of the large ledger's invoices
  const small = await measure(firms / 10, dueCustomers);
  const large = await measure(firms, dueCustomers);
  return { large, small };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runTickBench({ firms: Number(process.env.BENCH_FIRMS ?? 10_000) });
  console.log(JSON.stringify(r, null, 2));
}
