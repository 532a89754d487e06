// A customer's page in one statement: who it is, its invoices (with the promised date, and the paid
// date the planner's statistics need), the timeline, the actions recorded and not yet carried out,
// its open promises and active plans. The planner's ledger is built from the same rows, so the
// page's planned actions cost no further reading.
import { agingBuckets } from '../../../core/aging.ts';
import { daysBetween, type LocalDate } from '../../../core/dates.ts';
import type { CustomerLedger } from '../../../core/planner/index.ts';
import type { Channel } from '../../../core/types.ts';
import type { Sql } from '../../db.ts';
import {
  toCustomer,
  toInvoice,
  toPlan,
  toPromise,
  type CustomerRow,
  type InvoiceRow,
  type PlanRow,
  type PromiseRow,
} from '../../rows.ts';
import {
  TIMELINE_SQL,
  timelineTitle,
  type CustomerHead,
  type InvoiceLine,
  type RecordedAction,
  type TimelineEntry,
} from './customer.ts';
import { stepLabel } from './labels.ts';
import type { AgingRowOut } from './overview.ts';

export interface CustomerPage {
  customer: CustomerHead;
  balances: { currency: string; open: number; overdue: number }[];
  aging: AgingRowOut[];
  invoices: InvoiceLine[];
  timeline: TimelineEntry[];
  pending: RecordedAction[];
  ledger: CustomerLedger;
}

const INVOICES_SHOWN = 500;
const iso = (t: string) => new Date(t).toISOString();

type Row = {
  customer:
    | (CustomerRow & {
        segment_name: string | null;
        assignee_id: string | null;
        assignee_name: string | null;
      })
    | null;
  invoices: (InvoiceRow & { paid_on: string | null; promised_date: string | null })[];
  timeline: (TimelineEntry & { template: string | null })[];
  pending: {
    id: string;
    due_at: string;
    template: string;
    channel: Channel;
    step_id: string | null;
    key: string;
    invoice_ids: string[];
  }[];
  promises: PromiseRow[];
  plans: PlanRow[];
  plan_keys: string[];
};

const PAGE_SQL = `SELECT
  (SELECT row_to_json(x) FROM (
     SELECT c.id, c.firm_id, c.external_id, c.name, c.emails, c.phone, c.language, c.time_zone, c.country,
       c.segment_id, c.segment_manual, c.payment_terms_days, c.credit_limit, c.credit_limit_currency, c.paused,
       s.name AS segment_name, c.assignee_id, u.name AS assignee_name
     FROM customers c
       LEFT JOIN segments s ON s.id = c.segment_id AND s.firm_id = c.firm_id
       LEFT JOIN users u ON u.id = c.assignee_id AND u.firm_id = c.firm_id
     WHERE c.id = $1 AND c.firm_id = $2) x) AS customer,
  (SELECT COALESCE(json_agg(x), '[]') FROM (
     SELECT i.id, i.firm_id, i.customer_id, i.external_id, i.number, i.issue_date, i.due_date, i.currency,
       i.total, i.open_balance, i.status, i.payment_link, i.disputed, i.paused, i.step_done_offset,
       CASE WHEN i.status = 'paid' THEN (SELECT max(d) FROM (
           SELECT p.date AS d FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id WHERE pa.invoice_id = i.id
           UNION ALL SELECT ca.date FROM credit_allocations ca WHERE ca.invoice_id = i.id) z) END AS paid_on,
       (SELECT max(p.promised_date) FROM promise_invoices pi JOIN promises p ON p.id = pi.promise_id
         WHERE pi.invoice_id = i.id AND p.status = 'open') AS promised_date
     FROM invoices i WHERE i.customer_id = $1 AND i.firm_id = $2 AND i.status <> 'deleted') x) AS invoices,
  (SELECT COALESCE(json_agg(t), '[]') FROM (${TIMELINE_SQL}) t) AS timeline,
  (SELECT COALESCE(json_agg(x ORDER BY x.due_at), '[]') FROM (
     SELECT a.id, a.due_at, a.template, a.channel, a.step_id, a.key,
       ARRAY(SELECT ai.invoice_id::text FROM action_invoices ai WHERE ai.action_id = a.id ORDER BY 1) AS invoice_ids
     FROM actions a WHERE a.customer_id = $1 AND a.firm_id = $2 AND a.status IN ('pending', 'awaiting_approval')
     ORDER BY a.due_at, a.created_at LIMIT 50) x) AS pending,
  (SELECT COALESCE(json_agg(x), '[]') FROM (
     SELECT p.id, p.customer_id, ARRAY(SELECT invoice_id::text FROM promise_invoices WHERE promise_id = p.id ORDER BY 1) AS invoice_ids,
       p.promised_date, p.amount, p.currency, p.grace_days, p.status
     FROM promises p WHERE p.customer_id = $1 AND p.firm_id = $2 AND p.status = 'open') x) AS promises,
  (SELECT COALESCE(json_agg(x), '[]') FROM (
     SELECT l.id, l.customer_id, ARRAY(SELECT invoice_id::text FROM plan_invoices WHERE plan_id = l.id ORDER BY 1) AS invoice_ids,
       l.currency, l.instalments, l.starting_balance, l.status
     FROM payment_plans l WHERE l.customer_id = $1 AND l.firm_id = $2 AND l.status = 'active') x) AS plans,
  ARRAY(SELECT a.key FROM actions a WHERE a.customer_id = $1 AND a.firm_id = $2 AND a.plan_id IS NOT NULL) AS plan_keys`;

/** The same statistics the planner's ledger loader gives (first invoice, weighted days late, open). */
function paymentStats(rows: Row['invoices']): CustomerLedger['stats'] {
  let first: string | null = null;
  let weighted = 0;
  let weight = 0;
  const open = new Map<string, number>();
  for (const r of rows) {
    if (r.status !== 'open' && r.status !== 'paid') continue;
    if (first === null || r.issue_date < first) first = r.issue_date;
    if (r.status === 'open') open.set(r.currency, (open.get(r.currency) ?? 0) + r.open_balance);
    if (r.status === 'paid' && r.paid_on) {
      weighted += r.total * Math.max(0, daysBetween(r.due_date ?? r.issue_date, r.paid_on));
      weight += r.total;
    }
  }
  return {
    firstInvoiceDate: first,
    avgDaysLate: weight > 0 ? weighted / weight : null,
    openBalance: [...open.entries()].map(([currency, amount]) => ({ amount, currency })),
  };
}

export async function customerPage(
  sql: Sql,
  firmId: string,
  customerId: string,
  asOf: LocalDate,
): Promise<CustomerPage | null> {
  const [row] = await sql.query<Row>(PAGE_SQL, [customerId, firmId]);
  const c = row?.customer;
  if (!row || !c) return null;
  const promises = row.promises.map(toPromise);
  const plans = row.plans.map(toPlan);
  const covered = new Set([...promises, ...plans].flatMap((x) => x.invoiceIds));
  const ledger: CustomerLedger = {
    customer: toCustomer(c),
    invoices: row.invoices
      .filter((i) => i.status === 'open' || (i.status === 'paid' && covered.has(i.id)))
      .map(toInvoice),
    promises,
    plans,
    planStepsDone: row.plan_keys,
    stats: paymentStats(row.invoices),
  };
  const aged = agingBuckets(
    row.invoices
      .filter((i) => i.status === 'open')
      .map((i) => ({
        id: i.id,
        customerId: i.customer_id,
        issueDate: i.issue_date,
        dueDate: i.due_date,
        currency: i.currency,
        total: i.total,
        openBalance: i.open_balance,
        status: i.status,
      })),
    [],
    asOf,
  );
  const aging: AgingRowOut[] = [...aged.entries()]
    .map(([currency, a]) => ({
      currency,
      notDue: a.not_due,
      d1_30: a.d1_30,
      d31_60: a.d31_60,
      d61_90: a.d61_90,
      d90Plus: a.d90_plus,
      total: a.total,
    }))
    .sort((a, b) => b.total - a.total || a.currency.localeCompare(b.currency));
  const open = (i: Row['invoices'][number]) => i.status === 'open';
  const invoices: InvoiceLine[] = [...row.invoices]
    .sort((a, b) => {
      if (open(a) !== open(b)) return open(a) ? -1 : 1;
      if (open(a)) {
        const da = a.due_date ?? a.issue_date;
        const db = b.due_date ?? b.issue_date;
        if (da !== db) return da < db ? -1 : 1;
      }
      if (a.issue_date !== b.issue_date) return a.issue_date < b.issue_date ? 1 : -1;
      return a.number.localeCompare(b.number);
    })
    .slice(0, INVOICES_SHOWN)
    .map((i) => ({
      id: i.id,
      number: i.number,
      issueDate: i.issue_date,
      dueDate: i.due_date,
      currency: i.currency,
      total: i.total,
      openBalance: i.open_balance,
      status: i.status,
      daysLate: open(i) ? Math.max(0, daysBetween(i.due_date ?? i.issue_date, asOf)) : 0,
      disputed: i.disputed,
      paused: i.paused,
      promisedDate: i.promised_date,
    }));
  return {
    customer: {
      id: c.id,
      name: c.name,
      emails: c.emails,
      phone: c.phone,
      language: c.language,
      timeZone: c.time_zone,
      segment:
        c.segment_id && c.segment_name
          ? { id: c.segment_id, name: c.segment_name, manual: c.segment_manual }
          : null,
      paused: c.paused,
      assignee: c.assignee_id ? { id: c.assignee_id, name: c.assignee_name } : null,
    },
    balances: aging.map((a) => ({ currency: a.currency, open: a.total, overdue: a.total - a.notDue })),
    aging,
    invoices,
    timeline: row.timeline.map((t) => ({
      id: t.id,
      at: iso(t.at),
      kind: t.kind,
      title: timelineTitle(t),
      detail: t.detail,
      status: t.status,
    })),
    pending: row.pending.map((r) => ({
      actionId: r.id,
      date: iso(r.due_at),
      label: stepLabel(r.template),
      channel: r.channel,
      step: r.step_id,
      invoiceIds: r.invoice_ids,
      key: r.key,
    })),
    ledger,
  };
}
