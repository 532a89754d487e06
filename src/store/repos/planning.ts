// What the planner reads (a customer's ledger, in batches) and how its decisions are recorded.
// Recording is keyed by the action's deterministic key: deciding the same thing twice records once.
import type { CustomerLedger, CustomerPlan, PlannedAction, PlanEvent } from '../../core/planner/index.ts';
import type { Sql } from '../db.ts';
import {
  CUSTOMER_COLUMNS,
  INVOICE_COLUMNS,
  toCustomer,
  toInvoice,
  toPlan,
  toPromise,
  type CustomerRow,
  type InvoiceRow,
  type PlanRow,
  type PromiseRow,
} from '../rows.ts';
import { audit } from './audit.ts';

export async function loadLedgers(sql: Sql, customerIds: string[]): Promise<CustomerLedger[]> {
  if (customerIds.length === 0) return [];
  const ids = [customerIds];
  const [customers, invoices, promises, plans, planKeys, stats, balances] = await Promise.all([
    sql.query<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = ANY($1::uuid[])`, ids),
    // Open invoices, and any invoice an open promise or active plan covers (a paid one counts towards it).
    sql.query<InvoiceRow>(
      `SELECT ${INVOICE_COLUMNS} FROM invoices i WHERE i.customer_id = ANY($1::uuid[]) AND (i.status = 'open'
         OR EXISTS (SELECT 1 FROM promise_invoices pi JOIN promises p ON p.id = pi.promise_id WHERE pi.invoice_id = i.id AND p.status = 'open')
         OR EXISTS (SELECT 1 FROM plan_invoices li JOIN payment_plans l ON l.id = li.plan_id WHERE li.invoice_id = i.id AND l.status = 'active'))`,
      ids,
    ),
    sql.query<PromiseRow>(
      `SELECT p.id, p.customer_id, ARRAY(SELECT invoice_id::text FROM promise_invoices WHERE promise_id = p.id ORDER BY 1) AS invoice_ids,
         p.promised_date, p.amount, p.currency, p.grace_days, p.status
       FROM promises p WHERE p.customer_id = ANY($1::uuid[]) AND p.status = 'open'`,
      ids,
    ),
    sql.query<PlanRow>(
      `SELECT l.id, l.customer_id, ARRAY(SELECT invoice_id::text FROM plan_invoices WHERE plan_id = l.id ORDER BY 1) AS invoice_ids,
         l.currency, l.instalments, l.starting_balance, l.status
       FROM payment_plans l WHERE l.customer_id = ANY($1::uuid[]) AND l.status = 'active'`,
      ids,
    ),
    sql.query<{ customer_id: string; key: string }>(
      `SELECT customer_id, key FROM actions WHERE customer_id = ANY($1::uuid[]) AND plan_id IS NOT NULL`,
      ids,
    ),
    // Payment behaviour for segment rules: first invoice, and amount-weighted days late over settled invoices.
    sql.query<{ customer_id: string; first_invoice: string | null; avg_days_late: number | null }>(
      `SELECT i.customer_id, MIN(i.issue_date)::text AS first_invoice,
         (SUM(i.total * GREATEST(0, s.paid_on - COALESCE(i.due_date, i.issue_date))) FILTER (WHERE s.paid_on IS NOT NULL))::float8
           / NULLIF(SUM(i.total) FILTER (WHERE s.paid_on IS NOT NULL), 0) AS avg_days_late
       FROM invoices i
       LEFT JOIN LATERAL (
         SELECT MAX(d) AS paid_on FROM (
           SELECT p.date AS d FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id WHERE pa.invoice_id = i.id
           UNION ALL SELECT ca.date FROM credit_allocations ca WHERE ca.invoice_id = i.id) z
       ) s ON i.status = 'paid'
       WHERE i.customer_id = ANY($1::uuid[]) AND i.status IN ('open', 'paid')
       GROUP BY i.customer_id`,
      ids,
    ),
    sql.query<{ customer_id: string; currency: string; open: number }>(
      `SELECT customer_id, currency, SUM(open_balance)::bigint AS open FROM invoices
       WHERE customer_id = ANY($1::uuid[]) AND status = 'open' GROUP BY customer_id, currency`,
      ids,
    ),
  ]);
  const byCustomer = <T extends { customer_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const list = m.get(r.customer_id);
      if (list) list.push(r);
      else m.set(r.customer_id, [r]);
    }
    return m;
  };
  const inv = byCustomer(invoices);
  const prom = byCustomer(promises);
  const pl = byCustomer(plans);
  const keys = byCustomer(planKeys);
  const st = new Map(stats.map((s) => [s.customer_id, s]));
  const bal = byCustomer(balances);
  return customers.map((c) => ({
    customer: toCustomer(c),
    invoices: (inv.get(c.id) ?? []).map(toInvoice),
    promises: (prom.get(c.id) ?? []).map(toPromise),
    plans: (pl.get(c.id) ?? []).map(toPlan),
    planStepsDone: (keys.get(c.id) ?? []).map((k) => k.key),
    stats: {
      firstInvoiceDate: st.get(c.id)?.first_invoice ?? null,
      avgDaysLate: st.get(c.id)?.avg_days_late ?? null,
      openBalance: (bal.get(c.id) ?? []).map((b) => ({ amount: b.open, currency: b.currency })),
    },
  }));
}

function initialStatus(a: PlannedAction): 'pending' | 'awaiting_approval' | 'done' {
  if (a.requiresApproval) return 'awaiting_approval';
  // A call or an agency review is carried out by creating the task for a person.
  return a.channel === 'call' || a.channel === 'agency_review' ? 'done' : 'pending';
}

const TASK_KIND: Record<string, 'call' | 'agency_review'> = { call: 'call', agency_review: 'agency_review' };

export interface RecordedAction {
  id: string;
  action: PlannedAction;
  status: string;
}

/** Records one customer's plan; returns the actions that were new. */
export async function recordPlan(sql: Sql, firmId: string, plan: CustomerPlan, customerId: string): Promise<RecordedAction[]> {
  const recorded: RecordedAction[] = [];
  for (const a of plan.actions) {
    const status = initialStatus(a);
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO actions (firm_id, customer_id, key, kind, procedure_id, step_id, step_offset, channel, template, tone,
         states_fees, registered, plan_id, instalment_index, after_broken_promise, target_date, due_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (firm_id, key) DO NOTHING RETURNING id`,
      [
        firmId, a.customerId, a.key, a.kind, a.procedureId, a.stepId, a.stepOffset, a.channel, a.template, a.tone,
        a.statesFees, a.registered, a.planId, a.instalmentIndex, a.afterBrokenPromise, a.targetDate, a.dueAt, status,
      ],
    );
    if (!row) continue; // decided before: nothing new
    await sql.query(
      `INSERT INTO action_invoices (action_id, invoice_id) SELECT $1, unnest($2::uuid[])`,
      [row.id, a.invoiceIds],
    );
    if (a.kind === 'step' && a.stepOffset !== null) {
      await sql.query(
        `UPDATE invoices SET step_done_offset = $2 WHERE id = ANY($1::uuid[])
           AND (step_done_offset IS NULL OR step_done_offset < $2)`,
        [a.invoiceIds, a.stepOffset],
      );
    }
    const taskKind = a.requiresApproval ? 'approval' : TASK_KIND[a.channel];
    if (taskKind) {
      await sql.query(
        `INSERT INTO tasks (firm_id, customer_id, action_id, kind, title, due_date, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, 'planner') ON CONFLICT (action_id) DO NOTHING`,
        [firmId, a.customerId, row.id, taskKind, taskTitle(a, taskKind), a.targetDate],
      );
    }
    await audit(sql, firmId, {
      actor: 'planner',
      action: 'action.planned',
      entityType: 'action',
      entityId: row.id,
      details: { key: a.key, channel: a.channel, template: a.template, invoices: a.invoiceIds, status },
    });
    recorded.push({ id: row.id, action: a, status });
  }
  for (const e of plan.events) await recordEvent(sql, firmId, customerId, e);
  await sql.query(
    `UPDATE customers SET next_wake_at = COALESCE($2::timestamptz, 'infinity'),
       segment_id = CASE WHEN segment_manual THEN segment_id ELSE $3::uuid END
     WHERE id = $1`,
    [customerId, plan.nextWakeAt, plan.segmentId],
  );
  return recorded;
}

function taskTitle(a: PlannedAction, kind: string): string {
  if (kind === 'approval') return `Approve ${a.template.replace(/_/g, ' ')} before it is sent`;
  if (kind === 'call') return 'Call about overdue invoices';
  return 'Decide on hand-off to a collection agency';
}

async function recordEvent(sql: Sql, firmId: string, customerId: string, e: PlanEvent): Promise<void> {
  switch (e.kind) {
    case 'promise_broken': {
      const rows = await sql.query(
        `UPDATE promises SET status = 'broken', resolved_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
        [e.promiseId],
      );
      if (rows.length === 0) return;
      await sql.query(
        `INSERT INTO tasks (firm_id, customer_id, kind, title, due_date, created_by)
         VALUES ($1, $2, 'promise_check', 'Promise to pay broken: follow up', CURRENT_DATE, 'planner')`,
        [firmId, customerId],
      );
      await audit(sql, firmId, { actor: 'planner', action: 'promise.broken', entityType: 'promise', entityId: e.promiseId, details: { invoices: e.invoiceIds } });
      return;
    }
    case 'promise_kept': {
      const rows = await sql.query(
        `UPDATE promises SET status = 'kept', resolved_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
        [e.promiseId],
      );
      if (rows.length > 0) await audit(sql, firmId, { actor: 'planner', action: 'promise.kept', entityType: 'promise', entityId: e.promiseId });
      return;
    }
    case 'plan_completed': {
      const rows = await sql.query(
        `UPDATE payment_plans SET status = 'completed', ended_at = now() WHERE id = $1 AND status = 'active' RETURNING id`,
        [e.planId],
      );
      if (rows.length > 0) await audit(sql, firmId, { actor: 'planner', action: 'plan.completed', entityType: 'payment_plan', entityId: e.planId });
      return;
    }
    case 'segment_changed':
      await audit(sql, firmId, { actor: 'planner', action: 'customer.segment_changed', entityType: 'customer', entityId: customerId, details: { from: e.from, to: e.to } });
      return;
  }
}
