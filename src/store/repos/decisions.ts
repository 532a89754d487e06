// Decisions a credit controller records: promises to pay, payment plans, disputes, pauses, notes and
// tasks. Each is validated, scoped to the firm (another firm's ids are "not found"), written in one
// transaction with its audit entry, and wakes the customer so the planner takes it into account.
import {
  checkPlan,
  checkPromise,
  DecisionError,
  disputeInput,
  noteInput,
  planInput,
  promiseInput,
  taskInput,
} from '../../core/decisions.ts';
import type { Db, Sql } from '../db.ts';
import { INVOICE_COLUMNS, toInvoice, type InvoiceRow } from '../rows.ts';
import { audit } from './audit.ts';
import { wakeCustomers } from './ledger.ts';
import { withdrawFromPendingActions } from './withdraw.ts';
import { queueNote, queueWriteBacks, type WriteBackItem } from './writebacks.ts';

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

function parse<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  input: unknown,
): T {
  const r = schema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0] as { path: PropertyKey[]; message: string };
    throw new DecisionError(i.path.map(String).join('.') || 'body', i.message);
  }
  return r.data;
}

async function requireCustomer(sql: Sql, firmId: string, customerId: string): Promise<void> {
  const rows = await sql.query(`SELECT 1 FROM customers WHERE id = $1 AND firm_id = $2`, [
    customerId,
    firmId,
  ]);
  if (rows.length === 0) throw new NotFoundError('customer');
}

async function customerInvoices(sql: Sql, firmId: string, customerId: string, ids: string[]) {
  const rows = await sql.query<InvoiceRow>(
    `SELECT ${INVOICE_COLUMNS} FROM invoices i WHERE i.firm_id = $1 AND i.customer_id = $2 AND i.id = ANY($3::uuid[])`,
    [firmId, customerId, ids],
  );
  return rows.map(toInvoice);
}

/**
 * A promise or a plan now covers these invoices: link them, take them out of messages not yet sent,
 * record who did it, and wake the customer so the planner follows the new arrangement.
 */
async function takeInvoicesOutOfChase(
  sql: Sql,
  firmId: string,
  actor: string,
  c: {
    link: 'promise_invoices' | 'plan_invoices';
    id: string;
    customerId: string;
    invoiceIds: string[];
    reason: string;
    audit: { action: string; entityType: string; details: Record<string, unknown> };
    writeBacks: WriteBackItem[];
  },
): Promise<void> {
  const owner = c.link === 'promise_invoices' ? 'promise_id' : 'plan_id';
  await sql.query(`INSERT INTO ${c.link} (${owner}, invoice_id) SELECT $1, unnest($2::uuid[])`, [
    c.id,
    c.invoiceIds,
  ]);
  await withdrawFromPendingActions(sql, firmId, c.invoiceIds, c.reason);
  await audit(sql, firmId, {
    actor,
    action: c.audit.action,
    entityType: c.audit.entityType,
    entityId: c.id,
    details: { invoices: c.invoiceIds, ...c.audit.details },
  });
  await queueWriteBacks(sql, firmId, c.invoiceIds, c.writeBacks);
  await wakeCustomers(sql, [c.customerId]);
}

export async function recordPromise(
  db: Db,
  firmId: string,
  actor: string,
  raw: unknown,
  today: string,
): Promise<{ id: string }> {
  const input = parse(promiseInput, raw);
  return db.tx(async (sql) => {
    await requireCustomer(sql, firmId, input.customerId);
    const invoices = await customerInvoices(sql, firmId, input.customerId, input.invoiceIds);
    checkPromise(input, invoices, today);
    // A new promise for the same invoices replaces the old one.
    await sql.query(
      `UPDATE promises p SET status = 'cancelled', resolved_at = now() WHERE p.firm_id = $1 AND p.status = 'open'
         AND EXISTS (SELECT 1 FROM promise_invoices pi WHERE pi.promise_id = p.id AND pi.invoice_id = ANY($2::uuid[]))`,
      [firmId, input.invoiceIds],
    );
    const currency = invoices[0]?.currency ?? null;
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO promises (firm_id, customer_id, promised_date, amount, currency, grace_days, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        firmId,
        input.customerId,
        input.promisedDate,
        input.amount ?? null,
        input.amount ? currency : null,
        input.graceDays ?? 2,
        input.note ?? null,
        actor,
      ],
    );
    const id = (row as { id: string }).id;
    await takeInvoicesOutOfChase(sql, firmId, actor, {
      link: 'promise_invoices',
      id,
      customerId: input.customerId,
      invoiceIds: input.invoiceIds,
      reason: 'promise to pay recorded',
      audit: {
        action: 'promise.recorded',
        entityType: 'promise',
        details: { promisedDate: input.promisedDate },
      },
      writeBacks: [
        {
          kind: 'note',
          value: `Relance ${today}: promise to pay by ${input.promisedDate}.`,
          key: `promise:${id}:note`,
        },
        { kind: 'expected_payment_date', value: input.promisedDate, key: `promise:${id}:date` },
      ],
    });
    return { id };
  });
}

export async function createPaymentPlan(
  db: Db,
  firmId: string,
  actor: string,
  raw: unknown,
  today: string,
): Promise<{ id: string }> {
  const input = parse(planInput, raw);
  return db.tx(async (sql) => {
    await requireCustomer(sql, firmId, input.customerId);
    const invoices = await customerInvoices(sql, firmId, input.customerId, input.invoiceIds);
    const { currency, startingBalance } = checkPlan(input, invoices, today);
    const clash = await sql.query(
      `SELECT 1 FROM plan_invoices li JOIN payment_plans l ON l.id = li.plan_id WHERE l.status = 'active' AND li.invoice_id = ANY($1::uuid[])`,
      [input.invoiceIds],
    );
    if (clash.length > 0)
      throw new DecisionError('invoiceIds', 'an invoice is already in an active payment plan');
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO payment_plans (firm_id, customer_id, currency, instalments, starting_balance, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [firmId, input.customerId, currency, JSON.stringify(input.instalments), startingBalance, actor],
    );
    const id = (row as { id: string }).id;
    await takeInvoicesOutOfChase(sql, firmId, actor, {
      link: 'plan_invoices',
      id,
      customerId: input.customerId,
      invoiceIds: input.invoiceIds,
      reason: 'payment plan agreed',
      audit: {
        action: 'plan.created',
        entityType: 'payment_plan',
        details: { instalments: input.instalments },
      },
      writeBacks: [
        {
          kind: 'note',
          value: `Relance ${today}: payment plan agreed, ${input.instalments.length} instalments from ${input.instalments[0]?.dueDate} to ${input.instalments[input.instalments.length - 1]?.dueDate}.`,
          key: `plan:${id}:note`,
        },
      ],
    });
    return { id };
  });
}

export async function cancelPaymentPlan(
  db: Db,
  firmId: string,
  actor: string,
  planId: string,
): Promise<void> {
  await db.tx(async (sql) => {
    const rows = await sql.query<{ customer_id: string }>(
      `UPDATE payment_plans SET status = 'cancelled', ended_at = now() WHERE id = $1 AND firm_id = $2 AND status = 'active' RETURNING customer_id`,
      [planId, firmId],
    );
    if (rows.length === 0) throw new NotFoundError('active payment plan');
    await audit(sql, firmId, {
      actor,
      action: 'plan.cancelled',
      entityType: 'payment_plan',
      entityId: planId,
    });
    await wakeCustomers(
      sql,
      rows.map((r) => r.customer_id),
    );
  });
}

export async function openDispute(
  db: Db,
  firmId: string,
  actor: string,
  raw: unknown,
): Promise<{ id: string }> {
  const input = parse(disputeInput, raw);
  return db.tx(async (sql) => {
    const [inv] = await sql.query<{ customer_id: string; disputed: boolean }>(
      `SELECT customer_id, disputed FROM invoices WHERE id = $1 AND firm_id = $2 FOR UPDATE`,
      [input.invoiceId, firmId],
    );
    if (!inv) throw new NotFoundError('invoice');
    if (inv.disputed) throw new DecisionError('invoiceId', 'the invoice is already in dispute');
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO disputes (firm_id, customer_id, invoice_id, reason_code, reason, opened_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [firmId, inv.customer_id, input.invoiceId, input.reasonCode, input.reason, actor],
    );
    const id = (row as { id: string }).id;
    await sql.query(`UPDATE invoices SET disputed = true WHERE id = $1`, [input.invoiceId]);
    await sql.query(
      `INSERT INTO tasks (firm_id, customer_id, kind, title, body, due_date, created_by) VALUES ($1, $2, 'dispute', 'Resolve dispute', $3, CURRENT_DATE + 2, $4)`,
      [firmId, inv.customer_id, input.reason, actor],
    );
    await withdrawFromPendingActions(sql, firmId, [input.invoiceId], 'invoice disputed');
    await queueNote(
      sql,
      firmId,
      [input.invoiceId],
      `disputed (${input.reasonCode.replace('_', ' ')}): ${input.reason}`,
      `dispute:${id}:note`,
    );
    await audit(sql, firmId, {
      actor,
      action: 'dispute.opened',
      entityType: 'dispute',
      entityId: id,
      details: { invoiceId: input.invoiceId, reasonCode: input.reasonCode, reason: input.reason },
    });
    await wakeCustomers(sql, [inv.customer_id]);
    return { id };
  });
}

export async function resolveDispute(
  db: Db,
  firmId: string,
  actor: string,
  disputeId: string,
  resolution: string,
): Promise<void> {
  await db.tx(async (sql) => {
    const rows = await sql.query<{ invoice_id: string; customer_id: string }>(
      `UPDATE disputes SET status = 'resolved', resolution = $3, resolved_by = $4, resolved_at = now()
       WHERE id = $1 AND firm_id = $2 AND status = 'open' RETURNING invoice_id, customer_id`,
      [disputeId, firmId, resolution, actor],
    );
    const d = rows[0];
    if (!d) throw new NotFoundError('open dispute');
    await sql.query(`UPDATE invoices SET disputed = false WHERE id = $1`, [d.invoice_id]);
    await queueNote(
      sql,
      firmId,
      [d.invoice_id],
      `dispute resolved: ${resolution}`,
      `dispute:${disputeId}:resolved`,
    );
    await audit(sql, firmId, {
      actor,
      action: 'dispute.resolved',
      entityType: 'dispute',
      entityId: disputeId,
      details: { resolution },
    });
    await wakeCustomers(sql, [d.customer_id]);
  });
}

export async function setPaused(
  db: Db,
  firmId: string,
  actor: string,
  target: { customerId: string } | { invoiceId: string },
  paused: boolean,
  reason: string | null = null,
): Promise<void> {
  await db.tx(async (sql) => {
    const isCustomer = 'customerId' in target;
    const id = isCustomer ? target.customerId : target.invoiceId;
    const rows = await sql.query<{ customer_id: string }>(
      isCustomer
        ? `UPDATE customers SET paused = $3, updated_at = now() WHERE id = $1 AND firm_id = $2 RETURNING id AS customer_id`
        : `UPDATE invoices SET paused = $3 WHERE id = $1 AND firm_id = $2 RETURNING customer_id`,
      [id, firmId, paused],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError(isCustomer ? 'customer' : 'invoice');
    if (paused) {
      const invoiceIds = isCustomer
        ? (await sql.query<{ id: string }>(`SELECT id FROM invoices WHERE customer_id = $1`, [id])).map(
            (r) => r.id,
          )
        : [id];
      await withdrawFromPendingActions(
        sql,
        firmId,
        invoiceIds,
        isCustomer ? 'customer paused' : 'invoice paused',
      );
    }
    await audit(sql, firmId, {
      actor,
      action: `${isCustomer ? 'customer' : 'invoice'}.${paused ? 'paused' : 'resumed'}`,
      entityType: isCustomer ? 'customer' : 'invoice',
      entityId: id,
      details: reason ? { reason } : {},
    });
    await wakeCustomers(sql, [row.customer_id]);
  });
}

export async function addNote(db: Db, firmId: string, actor: string, raw: unknown): Promise<{ id: string }> {
  const input = parse(noteInput, raw);
  return db.tx(async (sql) => {
    await requireCustomer(sql, firmId, input.customerId);
    if (input.invoiceId) {
      const ok = await sql.query(`SELECT 1 FROM invoices WHERE id = $1 AND customer_id = $2`, [
        input.invoiceId,
        input.customerId,
      ]);
      if (ok.length === 0) throw new NotFoundError('invoice');
    }
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO notes (firm_id, customer_id, invoice_id, body, author) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [firmId, input.customerId, input.invoiceId ?? null, input.body, actor],
    );
    const id = (row as { id: string }).id;
    await audit(sql, firmId, { actor, action: 'note.added', entityType: 'note', entityId: id });
    return { id };
  });
}

export async function createTask(
  db: Db,
  firmId: string,
  actor: string,
  raw: unknown,
): Promise<{ id: string }> {
  const input = parse(taskInput, raw);
  return db.tx(async (sql) => {
    if (input.customerId) await requireCustomer(sql, firmId, input.customerId);
    const [row] = await sql.query<{ id: string }>(
      `INSERT INTO tasks (firm_id, customer_id, kind, title, body, due_date, assignee, created_by)
       VALUES ($1, $2, 'manual', $3, $4, $5, $6, $7) RETURNING id`,
      [
        firmId,
        input.customerId ?? null,
        input.title,
        input.body ?? '',
        input.dueDate,
        input.assignee ?? null,
        actor,
      ],
    );
    const id = (row as { id: string }).id;
    await audit(sql, firmId, { actor, action: 'task.created', entityType: 'task', entityId: id });
    return { id };
  });
}

/** Marks a task done; a call's outcome is kept on the task and logged on the invoices in the host. */
export async function completeTask(
  db: Db,
  firmId: string,
  actor: string,
  taskId: string,
  outcome: string | null = null,
): Promise<void> {
  await db.tx(async (sql) => {
    const rows = await sql.query<{ kind: string; action_id: string | null; body: string }>(
      `UPDATE tasks SET status = 'done', done_by = $3, done_at = now(),
         body = CASE WHEN $4::text IS NULL THEN body ELSE trim(both E'\n' FROM body || E'\n' || $4::text) END
       WHERE id = $1 AND firm_id = $2 AND status = 'open' RETURNING kind, action_id, body`,
      [taskId, firmId, actor, outcome],
    );
    const task = rows[0];
    if (!task) throw new NotFoundError('open task');
    if (task.kind === 'call' && task.action_id) {
      const invoices = await sql.query<{ invoice_id: string }>(
        `SELECT invoice_id FROM action_invoices WHERE action_id = $1`,
        [task.action_id],
      );
      await queueNote(
        sql,
        firmId,
        invoices.map((i) => i.invoice_id),
        `call made by ${actor}${outcome ? `: ${outcome}` : ''}`,
        `task:${taskId}:call`,
      );
    }
    await audit(sql, firmId, {
      actor,
      action: 'task.done',
      entityType: 'task',
      entityId: taskId,
      details: outcome ? { outcome } : {},
    });
  });
}

export async function assignTask(
  db: Db,
  firmId: string,
  actor: string,
  taskId: string,
  assignee: string | null,
): Promise<void> {
  await db.tx(async (sql) => {
    const rows = await sql.query(
      `UPDATE tasks SET assignee = $3 WHERE id = $1 AND firm_id = $2 RETURNING id`,
      [taskId, firmId, assignee],
    );
    if (rows.length === 0) throw new NotFoundError('task');
    await audit(sql, firmId, {
      actor,
      action: 'task.assigned',
      entityType: 'task',
      entityId: taskId,
      details: { assignee },
    });
  });
}

export interface WorklistItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  due_date: string;
  assignee: string | null;
  customer_id: string | null;
  customer_name: string | null;
}

/** Open tasks due on or before `date`, for one person (and unassigned ones) or for everyone. */
export async function worklist(
  sql: Sql,
  firmId: string,
  date: string,
  assignee: string | null = null,
): Promise<WorklistItem[]> {
  return sql.query<WorklistItem>(
    `SELECT t.id, t.kind, t.title, t.body, t.due_date, t.assignee, t.customer_id, c.name AS customer_name
     FROM tasks t LEFT JOIN customers c ON c.id = t.customer_id
     WHERE t.firm_id = $1 AND t.status = 'open' AND t.due_date <= $2 AND ($3::text IS NULL OR t.assignee IS NULL OR t.assignee = $3)
     ORDER BY t.due_date, t.created_at`,
    [firmId, date, assignee],
  );
}

/** A person moves a customer to a segment (and so a procedure); null hands it back to the rules. */
export async function assignSegmentByHand(
  db: Db,
  firmId: string,
  actor: string,
  customerId: string,
  segmentId: string | null,
): Promise<void> {
  await db.tx(async (sql) => {
    if (segmentId) {
      const ok = await sql.query(`SELECT 1 FROM segments WHERE id = $1 AND firm_id = $2`, [
        segmentId,
        firmId,
      ]);
      if (ok.length === 0) throw new NotFoundError('segment');
    }
    const rows = await sql.query<{ segment_id: string | null }>(
      `UPDATE customers c SET segment_id = COALESCE($3::uuid, c.segment_id), segment_manual = $3::uuid IS NOT NULL, updated_at = now()
       FROM (SELECT segment_id FROM customers WHERE id = $1) old
       WHERE c.id = $1 AND c.firm_id = $2 RETURNING old.segment_id`,
      [customerId, firmId, segmentId],
    );
    if (rows.length === 0) throw new NotFoundError('customer');
    await audit(sql, firmId, {
      actor,
      action: segmentId ? 'customer.segment_set' : 'customer.segment_released',
      entityType: 'customer',
      entityId: customerId,
      details: { from: rows[0]?.segment_id ?? null, to: segmentId },
    });
    await wakeCustomers(sql, [customerId]);
  });
}
