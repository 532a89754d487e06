// What the planner reads (a customer's ledger, in batches) and how its decisions are recorded.
// Recording is keyed by the action's deterministic key: deciding the same thing twice records once.
import type { CustomerLedger, CustomerPlan, PlannedAction, PlanEvent } from '../../core/planner/index.ts';
import { daysBetween } from '../../core/dates.ts';
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
  const [customers, invoices, promises, plans, planKeys] = await Promise.all([
    sql.query<CustomerRow>(`SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = ANY($1::uuid[])`, ids),
    // Open and paid invoices in one pass: open ones are planned; paid ones give the payment behaviour
    // (first invoice, days late) the segment rules read, and count towards promises and plans.
    sql.query<InvoiceRow & { paid_on: string | null }>(
      `WITH inv AS MATERIALIZED (SELECT ${INVOICE_COLUMNS} FROM invoices i WHERE i.customer_id = ANY($1::uuid[]) AND i.status IN ('open', 'paid')),
       settled AS (
         SELECT invoice_id, MAX(d) AS d FROM (
           SELECT pa.invoice_id, p.date AS d FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id
           WHERE pa.invoice_id IN (SELECT id FROM inv WHERE status = 'paid')
           UNION ALL
           SELECT ca.invoice_id, ca.date FROM credit_allocations ca WHERE ca.invoice_id IN (SELECT id FROM inv WHERE status = 'paid')
         ) z GROUP BY invoice_id)
       SELECT inv.*, settled.d::text AS paid_on FROM inv LEFT JOIN settled ON settled.invoice_id = inv.id`,
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
  return customers.map((c) => {
    const all = inv.get(c.id) ?? [];
    const customerPromises = (prom.get(c.id) ?? []).map(toPromise);
    const customerPlans = (pl.get(c.id) ?? []).map(toPlan);
    const covered = new Set([...customerPromises, ...customerPlans].flatMap((x) => x.invoiceIds));
    return {
      customer: toCustomer(c),
      invoices: all.filter((i) => i.status === 'open' || covered.has(i.id)).map(toInvoice),
      promises: customerPromises,
      plans: customerPlans,
      planStepsDone: (keys.get(c.id) ?? []).map((k) => k.key),
      stats: paymentStats(all),
    };
  });
}

/** First invoice, amount-weighted days late over settled invoices, and what is open per currency. */
function paymentStats(rows: (InvoiceRow & { paid_on: string | null })[]): CustomerLedger['stats'] {
  let first: string | null = null;
  let weighted = 0;
  let weight = 0;
  const open = new Map<string, number>();
  for (const r of rows) {
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

export interface CustomerPlanToRecord {
  firmId: string;
  customerId: string;
  plan: CustomerPlan;
}

/**
 * Records the plans of a batch of customers in a handful of statements (one per table, whatever the
 * batch size); returns the actions that were new. Actions already recorded under their key are skipped.
 */
export async function recordPlans(
  sql: Sql,
  batch: CustomerPlanToRecord[],
  /** The tick's local date: when follow-up tasks are due. */
  today: string,
): Promise<(RecordedAction & { firmId: string })[]> {
  const actions = batch.flatMap((b) =>
    b.plan.actions.map((a) => ({ firmId: b.firmId, a, status: initialStatus(a) })),
  );
  const recorded: (RecordedAction & { firmId: string })[] = [];
  if (actions.length > 0) {
    const rows = await sql.query<{ id: string; key: string; firm_id: string }>(
      `INSERT INTO actions (firm_id, customer_id, key, kind, procedure_id, step_id, step_offset, channel, template, tone,
         states_fees, registered, plan_id, instalment_index, after_broken_promise, target_date, due_at, status)
       SELECT r.firm_id, r.customer_id, r.key, r.kind, r.procedure_id, r.step_id, r.step_offset, r.channel, r.template, r.tone,
         r.states_fees, r.registered, r.plan_id, r.instalment_index, r.after_broken_promise, r.target_date, r.due_at, r.status
       FROM jsonb_to_recordset($1::jsonb) AS r(firm_id uuid, customer_id uuid, key text, kind text, procedure_id uuid,
         step_id text, step_offset int, channel text, template text, tone smallint, states_fees boolean, registered boolean,
         plan_id uuid, instalment_index int, after_broken_promise boolean, target_date date, due_at timestamptz, status text)
       ON CONFLICT (firm_id, key) DO NOTHING RETURNING id, key, firm_id`,
      [
        JSON.stringify(
          actions.map(({ firmId, a, status }) => ({
            firm_id: firmId,
            customer_id: a.customerId,
            key: a.key,
            kind: a.kind,
            procedure_id: a.procedureId,
            step_id: a.stepId,
            step_offset: a.stepOffset,
            channel: a.channel,
            template: a.template,
            tone: a.tone,
            states_fees: a.statesFees,
            registered: a.registered,
            plan_id: a.planId,
            instalment_index: a.instalmentIndex,
            after_broken_promise: a.afterBrokenPromise,
            target_date: a.targetDate,
            due_at: a.dueAt,
            status,
          })),
        ),
      ],
    );
    const idByKey = new Map(rows.map((r) => [`${r.firm_id}|${r.key}`, r.id]));
    for (const { firmId, a, status } of actions) {
      const id = idByKey.get(`${firmId}|${a.key}`);
      if (id) recorded.push({ id, action: a, status, firmId });
    }
  }
  if (recorded.length > 0) {
    await sql.query(
      `INSERT INTO action_invoices (action_id, invoice_id) SELECT r.action_id, r.invoice_id
       FROM jsonb_to_recordset($1::jsonb) AS r(action_id uuid, invoice_id uuid)`,
      [
        JSON.stringify(
          recorded.flatMap((r) => r.action.invoiceIds.map((invoice_id) => ({ action_id: r.id, invoice_id }))),
        ),
      ],
    );
    const progress = recorded.filter((r) => r.action.kind === 'step' && r.action.stepOffset !== null);
    if (progress.length > 0) {
      await sql.query(
        `UPDATE invoices i SET step_done_offset = r.step_offset
         FROM (SELECT invoice_id, MAX(step_offset) AS step_offset FROM jsonb_to_recordset($1::jsonb) AS x(invoice_id uuid, step_offset int)
               GROUP BY invoice_id) r
         WHERE i.id = r.invoice_id AND (i.step_done_offset IS NULL OR i.step_done_offset < r.step_offset)`,
        [
          JSON.stringify(
            progress.flatMap((r) =>
              r.action.invoiceIds.map((invoice_id) => ({ invoice_id, step_offset: r.action.stepOffset })),
            ),
          ),
        ],
      );
    }
    const tasks = recorded.flatMap((r) => {
      const kind = r.action.requiresApproval ? 'approval' : TASK_KIND[r.action.channel];
      return kind
        ? [
            {
              firm_id: r.firmId,
              customer_id: r.action.customerId,
              action_id: r.id,
              kind,
              title: taskTitle(r.action, kind),
              due_date: r.action.targetDate,
            },
          ]
        : [];
    });
    if (tasks.length > 0) {
      await sql.query(
        `INSERT INTO tasks (firm_id, customer_id, action_id, kind, title, due_date, created_by)
         SELECT r.firm_id, r.customer_id, r.action_id, r.kind, r.title, r.due_date, 'planner'
         FROM jsonb_to_recordset($1::jsonb) AS r(firm_id uuid, customer_id uuid, action_id uuid, kind text, title text, due_date date)
         ON CONFLICT (action_id) DO NOTHING`,
        [JSON.stringify(tasks)],
      );
    }
    await sql.query(
      `INSERT INTO audit_log (firm_id, actor, action, entity_type, entity_id, details)
       SELECT r.firm_id, 'planner', 'action.planned', 'action', r.entity_id, r.details
       FROM jsonb_to_recordset($1::jsonb) AS r(firm_id uuid, entity_id text, details jsonb)`,
      [
        JSON.stringify(
          recorded.map((r) => ({
            firm_id: r.firmId,
            entity_id: r.id,
            details: {
              key: r.action.key,
              channel: r.action.channel,
              template: r.action.template,
              invoices: r.action.invoiceIds,
              status: r.status,
            },
          })),
        ),
      ],
    );
  }
  // Segment moves are frequent (every new customer gets one): audited in one statement.
  const moves = batch.flatMap((b) =>
    b.plan.events.flatMap((e) =>
      e.kind === 'segment_changed'
        ? [{ firm_id: b.firmId, entity_id: b.customerId, details: { from: e.from, to: e.to } }]
        : [],
    ),
  );
  if (moves.length > 0) {
    await sql.query(
      `INSERT INTO audit_log (firm_id, actor, action, entity_type, entity_id, details)
       SELECT r.firm_id, 'planner', 'customer.segment_changed', 'customer', r.entity_id, r.details
       FROM jsonb_to_recordset($1::jsonb) AS r(firm_id uuid, entity_id text, details jsonb)`,
      [JSON.stringify(moves)],
    );
  }
  for (const b of batch) {
    for (const e of b.plan.events)
      if (e.kind !== 'segment_changed') await recordEvent(sql, b.firmId, b.customerId, e, today);
  }
  await sql.query(
    `UPDATE customers c SET next_wake_at = COALESCE(r.wake, 'infinity'),
       segment_id = CASE WHEN c.segment_manual THEN c.segment_id ELSE COALESCE(NULLIF(r.segment_id, '')::uuid, c.segment_id) END
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, wake timestamptz, segment_id text)
     WHERE c.id = r.id`,
    [
      JSON.stringify(
        batch.map((b) => ({ id: b.customerId, wake: b.plan.nextWakeAt, segment_id: b.plan.segmentId })),
      ),
    ],
  );
  return recorded;
}

function taskTitle(a: PlannedAction, kind: string): string {
  if (kind === 'approval') return `Approve ${a.template.replace(/_/g, ' ')} before it is sent`;
  if (kind === 'call') return 'Call about overdue invoices';
  return 'Decide on hand-off to a collection agency';
}

async function recordEvent(
  sql: Sql,
  firmId: string,
  customerId: string,
  e: PlanEvent,
  today: string,
): Promise<void> {
  switch (e.kind) {
    case 'promise_broken': {
      const rows = await sql.query(
        `UPDATE promises SET status = 'broken', resolved_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
        [e.promiseId],
      );
      if (rows.length === 0) return;
      await sql.query(
        `INSERT INTO tasks (firm_id, customer_id, kind, title, due_date, created_by)
         VALUES ($1, $2, 'promise_check', 'Promise to pay broken: follow up', $3, 'planner')`,
        [firmId, customerId, today],
      );
      await audit(sql, firmId, {
        actor: 'planner',
        action: 'promise.broken',
        entityType: 'promise',
        entityId: e.promiseId,
        details: { invoices: e.invoiceIds },
      });
      return;
    }
    case 'promise_kept': {
      const rows = await sql.query(
        `UPDATE promises SET status = 'kept', resolved_at = now() WHERE id = $1 AND status = 'open' RETURNING id`,
        [e.promiseId],
      );
      if (rows.length > 0)
        await audit(sql, firmId, {
          actor: 'planner',
          action: 'promise.kept',
          entityType: 'promise',
          entityId: e.promiseId,
        });
      return;
    }
    case 'plan_completed': {
      const rows = await sql.query(
        `UPDATE payment_plans SET status = 'completed', ended_at = now() WHERE id = $1 AND status = 'active' RETURNING id`,
        [e.planId],
      );
      if (rows.length > 0)
        await audit(sql, firmId, {
          actor: 'planner',
          action: 'plan.completed',
          entityType: 'payment_plan',
          entityId: e.planId,
        });
      return;
    }
    case 'segment_changed':
      return; // recorded in bulk by recordPlans
  }
}
