// The firm overview, aggregated in SQL: the aged balance per currency, DSO (count-back), CEI and
// recovery rate over the last 90 days, and the problem cases. Every statement is scoped by firm_id.
import type { AgingInvoice, DatedAllocation } from '../../../core/aging.ts';
import { addDays, addMonths, daysBetween, type LocalDate } from '../../../core/dates.ts';
import {
  collectionEffectivenessIndex,
  dsoCountBackFromMonths,
  recoveryRate,
} from '../../../core/measures.ts';
import type { Sql } from '../../db.ts';

export const MEASURE_PERIOD_DAYS = 90;
const DSO_MONTHS = 24;

export interface AgingRowOut {
  currency: string;
  notDue: number;
  d1_30: number;
  d31_60: number;
  d61_90: number;
  d90Plus: number;
  total: number;
}

/** The aged open balance per currency at the end of `asOf` (what is open now, by days past due). */
export async function agingByCurrency(
  sql: Sql,
  firmId: string,
  asOf: LocalDate,
  customerId: string | null = null,
): Promise<AgingRowOut[]> {
  const rows = await sql.query<{
    currency: string;
    not_due: number;
    d1_30: number;
    d31_60: number;
    d61_90: number;
    d90_plus: number;
    total: number;
  }>(
    `SELECT currency,
       COALESCE(SUM(open_balance) FILTER (WHERE d <= 0), 0)::int8 AS not_due,
       COALESCE(SUM(open_balance) FILTER (WHERE d BETWEEN 1 AND 30), 0)::int8 AS d1_30,
       COALESCE(SUM(open_balance) FILTER (WHERE d BETWEEN 31 AND 60), 0)::int8 AS d31_60,
       COALESCE(SUM(open_balance) FILTER (WHERE d BETWEEN 61 AND 90), 0)::int8 AS d61_90,
       COALESCE(SUM(open_balance) FILTER (WHERE d > 90), 0)::int8 AS d90_plus,
       SUM(open_balance)::int8 AS total
     FROM (SELECT currency, LEAST(open_balance, total) AS open_balance, $2::date - COALESCE(due_date, issue_date) AS d
           FROM invoices WHERE firm_id = $1 AND status = 'open' AND open_balance > 0 AND issue_date <= $2
             AND ($3::uuid IS NULL OR customer_id = $3)) x
     GROUP BY currency ORDER BY SUM(open_balance) DESC, currency`,
    [firmId, asOf, customerId],
  );
  return rows.map((r) => ({
    currency: r.currency,
    notDue: r.not_due,
    d1_30: r.d1_30,
    d31_60: r.d31_60,
    d61_90: r.d61_90,
    d90Plus: r.d90_plus,
    total: r.total,
  }));
}

/** DSO by count-back per currency: receivables at `asOf` against the trailing months' credit sales. */
async function dsoByCurrency(
  sql: Sql,
  firmId: string,
  asOf: LocalDate,
  receivables: Map<string, number>,
): Promise<Map<string, number>> {
  const from = addMonths(asOf, -DSO_MONTHS);
  const sales = await sql.query<{ currency: string; issue_date: string; total: number }>(
    `SELECT currency, issue_date, SUM(total)::int8 AS total FROM invoices
     WHERE firm_id = $1 AND status IN ('open', 'paid') AND issue_date > $2 AND issue_date <= $3
     GROUP BY currency, issue_date`,
    [firmId, from, asOf],
  );
  const bounds = Array.from({ length: DSO_MONTHS + 1 }, (_, k) => addMonths(asOf, -k));
  const months = new Map<string, number[]>();
  for (const s of sales) {
    let row = months.get(s.currency);
    if (!row) months.set(s.currency, (row = new Array<number>(DSO_MONTHS).fill(0)));
    const k = bounds.findIndex((_, i) => i < DSO_MONTHS && s.issue_date > (bounds[i + 1] as LocalDate));
    if (k >= 0) row[k] = (row[k] ?? 0) + s.total;
  }
  const out = new Map<string, number>();
  for (const [currency, total] of receivables) {
    const row = months.get(currency) ?? new Array<number>(DSO_MONTHS).fill(0);
    const d = dsoCountBackFromMonths(
      total,
      row.map((sales, k) => ({
        sales,
        days: daysBetween(bounds[k + 1] as LocalDate, bounds[k] as LocalDate),
      })),
    );
    out.set(currency, Math.round(d.days * 10) / 10);
  }
  return out;
}

/** CEI and recovery rate over the trailing period, through the core's definitions. */
async function periodMeasures(
  sql: Sql,
  firmId: string,
  asOf: LocalDate,
): Promise<{ cei: Map<string, number | null>; recovery: Map<string, number> }> {
  const period = { from: addDays(asOf, -(MEASURE_PERIOD_DAYS - 1)), to: asOf };
  const start = addDays(period.from, -1);
  // Only what the period can see: allocations after its start, and invoices open at some point in it.
  const allocations = await sql.query<{ invoice_id: string; date: string; amount: number }>(
    `SELECT pa.invoice_id, p.date, pa.amount FROM payments p JOIN payment_allocations pa ON pa.payment_id = p.id
       WHERE p.firm_id = $1 AND p.date > $2 AND p.status = 'active'
     UNION ALL
     SELECT ca.invoice_id, ca.date, ca.amount FROM credit_notes n JOIN credit_allocations ca ON ca.credit_note_id = n.id
       WHERE n.firm_id = $1 AND ca.date > $2 AND n.status = 'active'`,
    [firmId, start],
  );
  const invoices = await sql.query<{
    id: string;
    customer_id: string;
    issue_date: string;
    due_date: string | null;
    currency: string;
    total: number;
    open_balance: number;
    status: AgingInvoice['status'];
  }>(
    `SELECT id, customer_id, issue_date, due_date, currency, total, open_balance, status FROM invoices
     WHERE firm_id = $1 AND issue_date <= $3
       AND (status = 'open' OR (status = 'paid' AND (issue_date > $2 OR id = ANY($4::uuid[]))))`,
    [firmId, start, asOf, [...new Set(allocations.map((a) => a.invoice_id))]],
  );
  const items: AgingInvoice[] = invoices.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    currency: r.currency,
    total: r.total,
    openBalance: r.open_balance,
    status: r.status,
  }));
  const dated: DatedAllocation[] = allocations.map((a) => ({
    invoiceId: a.invoice_id,
    date: a.date,
    amount: a.amount,
  }));
  const cei = new Map<string, number | null>();
  for (const [c, v] of collectionEffectivenessIndex(items, dated, period))
    cei.set(c, v.cei === null ? null : Math.round(v.cei * 10) / 10);
  const recovery = new Map<string, number>();
  for (const [c, v] of recoveryRate(items, dated, period))
    recovery.set(c, Math.round(v.ratePercent * 10) / 10);
  return { cei, recovery };
}

export interface WorseningRow {
  customerId: string;
  customerName: string;
  avgDaysLateBefore: number;
  avgDaysLateNow: number;
}

/**
 * Customers whose amount-weighted days late over their last 5 settled invoices exceed those over the
 * 5 before by 5 days or more (the core's `worseningPayers` rule), computed in SQL: the paid date is
 * the last allocation's date.
 */
export async function worseningPayers(sql: Sql, firmId: string, limit = 5): Promise<WorseningRow[]> {
  return sql.query<WorseningRow>(
    `WITH settled AS (
       SELECT i.id, i.customer_id, i.total, COALESCE(i.due_date, i.issue_date) AS due, MAX(a.d) AS paid
       FROM invoices i
       JOIN (SELECT pa.invoice_id, p.date AS d FROM payments p JOIN payment_allocations pa ON pa.payment_id = p.id
               WHERE p.firm_id = $1 AND p.status = 'active'
             UNION ALL
             SELECT ca.invoice_id, ca.date FROM credit_notes n JOIN credit_allocations ca ON ca.credit_note_id = n.id
               WHERE n.firm_id = $1 AND n.status = 'active') a ON a.invoice_id = i.id
       WHERE i.firm_id = $1 AND i.status = 'paid' AND i.total > 0
       GROUP BY i.id),
     ranked AS (
       SELECT customer_id, total, GREATEST(0, paid - due) AS late,
              row_number() OVER (PARTITION BY customer_id ORDER BY paid DESC, id DESC) AS n
       FROM settled),
     windows AS (
       SELECT customer_id,
         SUM(total * late) FILTER (WHERE n <= 5)::float8 / NULLIF(SUM(total) FILTER (WHERE n <= 5), 0) AS now_late,
         SUM(total * late) FILTER (WHERE n > 5)::float8 / NULLIF(SUM(total) FILTER (WHERE n > 5), 0) AS before_late
       FROM ranked WHERE n <= 10 GROUP BY customer_id HAVING COUNT(*) = 10)
     SELECT w.customer_id AS "customerId", c.name AS "customerName",
            round(w.before_late::numeric, 1)::float8 AS "avgDaysLateBefore", round(w.now_late::numeric, 1)::float8 AS "avgDaysLateNow"
     FROM windows w JOIN customers c ON c.id = w.customer_id AND c.firm_id = $1
     WHERE w.now_late - w.before_late >= 5
     ORDER BY w.now_late - w.before_late DESC, c.name LIMIT $2`,
    [firmId, limit],
  );
}

export interface BrokenPromiseRow {
  customerId: string;
  customerName: string;
  promisedDate: string;
  amount: number | null;
  currency: string | null;
}

/** Promises broken in the last 90 days, most recent first. */
export async function brokenPromises(
  sql: Sql,
  firmId: string,
  asOf: LocalDate,
  limit = 10,
): Promise<BrokenPromiseRow[]> {
  return sql.query<BrokenPromiseRow>(
    `SELECT p.customer_id AS "customerId", c.name AS "customerName", p.promised_date AS "promisedDate",
            p.amount, p.currency
     FROM promises p JOIN customers c ON c.id = p.customer_id
     WHERE p.firm_id = $1 AND p.status = 'broken' AND p.promised_date > $2::date - 90
     ORDER BY p.promised_date DESC, p.created_at DESC LIMIT $3`,
    [firmId, asOf, limit],
  );
}

export interface ConnectionState {
  platform: 'quickbooks' | 'xero' | 'hubspot' | 'import';
  status: string;
  lastSyncAt: string | null;
  progress: { done: number; total: number } | null;
}

/** The firm's connections; a first sync still running shows how many invoices it has written. */
export async function connectionStates(sql: Sql, firmId: string): Promise<ConnectionState[]> {
  const rows = await sql.query<{
    platform: ConnectionState['platform'];
    status: string;
    last_sync_at: string | null;
    syncing: boolean;
    done: number;
  }>(
    `SELECT k.platform, k.status, k.last_sync_at,
       (k.status = 'active' AND k.last_sync_at IS NULL AND k.platform <> 'import') AS syncing,
       CASE WHEN k.status = 'active' AND k.last_sync_at IS NULL AND k.platform <> 'import'
            THEN (SELECT count(*) FROM invoices i WHERE i.connection_id = k.id) ELSE 0 END::int AS done
     FROM connections k WHERE k.firm_id = $1 ORDER BY k.platform, k.created_at`,
    [firmId],
  );
  return rows.map((r) => ({
    platform: r.platform,
    status: r.syncing ? 'syncing' : r.status,
    lastSyncAt: r.last_sync_at,
    // The platforms do not say how many records a first sync will bring: the total is what is known.
    progress: r.syncing ? { done: r.done, total: r.done } : null,
  }));
}

export interface FirmMeasures {
  aging: AgingRowOut[];
  dso: Map<string, number>;
  cei: Map<string, number | null>;
  recovery: Map<string, number>;
  worsening: WorseningRow[];
}

/** The costly part of the overview (whole-ledger aggregates), computed together. */
export async function firmMeasures(sql: Sql, firmId: string, asOf: LocalDate): Promise<FirmMeasures> {
  const aging = await agingByCurrency(sql, firmId, asOf);
  const [dso, period, worsening] = await Promise.all([
    dsoByCurrency(sql, firmId, asOf, new Map(aging.map((a) => [a.currency, a.total]))),
    periodMeasures(sql, firmId, asOf),
    worseningPayers(sql, firmId),
  ]);
  return { aging, dso, cei: period.cei, recovery: period.recovery, worsening };
}
