// The things the panel's actions answer with, read back after the write, scoped by firm.
import type { Channel } from '../../../core/types.ts';
import type { Sql } from '../../db.ts';

export async function promiseById(sql: Sql, firmId: string, id: string) {
  const [r] = await sql.query<{
    id: string;
    customerId: string;
    invoiceIds: string[];
    promisedDate: string;
    amount: number | null;
    currency: string | null;
    status: 'open' | 'kept' | 'broken' | 'cancelled';
    note: string | null;
  }>(
    `SELECT p.id, p.customer_id AS "customerId",
       ARRAY(SELECT invoice_id::text FROM promise_invoices WHERE promise_id = p.id ORDER BY 1) AS "invoiceIds",
       p.promised_date AS "promisedDate", p.amount, p.currency, p.status, p.note
     FROM promises p WHERE p.id = $1 AND p.firm_id = $2`,
    [id, firmId],
  );
  return r ?? null;
}

export interface DisputeRecord {
  id: string;
  customerId: string;
  invoiceId: string;
  reasonCode: string;
  reason: string;
  status: 'open' | 'resolved';
  resolution: string | null;
  openedAt: string;
  resolvedAt: string | null;
}

export async function disputesByIds(sql: Sql, firmId: string, ids: string[]): Promise<DisputeRecord[]> {
  return sql.query<DisputeRecord>(
    `SELECT d.id, d.customer_id AS "customerId", d.invoice_id AS "invoiceId", d.reason_code AS "reasonCode",
       d.reason, d.status, d.resolution, d.opened_at AS "openedAt", d.resolved_at AS "resolvedAt"
     FROM disputes d WHERE d.id = ANY($1::uuid[]) AND d.firm_id = $2 ORDER BY d.opened_at, d.id`,
    [ids, firmId],
  );
}

export async function planById(sql: Sql, firmId: string, id: string) {
  const [r] = await sql.query<{
    id: string;
    customerId: string;
    invoiceIds: string[];
    currency: string;
    instalments: { dueDate: string; amount: number }[];
    status: 'active' | 'completed' | 'cancelled';
  }>(
    `SELECT l.id, l.customer_id AS "customerId",
       ARRAY(SELECT invoice_id::text FROM plan_invoices WHERE plan_id = l.id ORDER BY 1) AS "invoiceIds",
       l.currency, l.instalments, l.status
     FROM payment_plans l WHERE l.id = $1 AND l.firm_id = $2`,
    [id, firmId],
  );
  return r ? { ...r, instalments: r.instalments.map((i) => ({ date: i.dueDate, amount: i.amount })) } : null;
}

export async function noteById(sql: Sql, firmId: string, id: string) {
  const [r] = await sql.query<{ id: string; customerId: string; text: string; author: string; at: string }>(
    `SELECT n.id, n.customer_id AS "customerId", n.body AS text, n.author, n.created_at AS at
     FROM notes n WHERE n.id = $1 AND n.firm_id = $2`,
    [id, firmId],
  );
  return r ?? null;
}

export async function invoiceState(sql: Sql, firmId: string, id: string) {
  const [r] = await sql.query<{
    id: string;
    customerId: string;
    number: string;
    paused: boolean;
    disputed: boolean;
  }>(
    `SELECT i.id, i.customer_id AS "customerId", i.number, i.paused, i.disputed
     FROM invoices i WHERE i.id = $1 AND i.firm_id = $2`,
    [id, firmId],
  );
  return r ?? null;
}

export async function actionById(sql: Sql, firmId: string, id: string) {
  const [r] = await sql.query<{
    id: string;
    customerId: string;
    status: string;
    statusReason: string | null;
    channel: Channel;
    template: string;
    dueAt: string;
  }>(
    `SELECT a.id, a.customer_id AS "customerId", a.status, a.status_reason AS "statusReason", a.channel,
       a.template, a.due_at AS "dueAt"
     FROM actions a WHERE a.id = $1 AND a.firm_id = $2`,
    [id, firmId],
  );
  return r ?? null;
}

export async function taskById(sql: Sql, firmId: string, id: string) {
  const [r] = await sql.query<{
    id: string;
    kind: string;
    customerId: string | null;
    status: 'open' | 'done' | 'cancelled';
    title: string;
    detail: string;
    doneAt: string | null;
  }>(
    `SELECT t.id, t.kind, t.customer_id AS "customerId", t.status, t.title, t.body AS detail, t.done_at AS "doneAt"
     FROM tasks t WHERE t.id = $1 AND t.firm_id = $2`,
    [id, firmId],
  );
  return r ?? null;
}
