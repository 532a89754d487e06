// The write-back outbox: rows queued with the decision or send they report, drained by a job.
import type { Sql } from '../db.ts';
import { queueHubspotNotes } from './hubspot-writebacks.ts';

export interface WriteBackItem {
  kind: 'note' | 'status' | 'expected_payment_date';
  /** note/status: the text; expected_payment_date: the date. */
  value: string;
  /** Unique per effect: the same decision queued twice writes once. */
  key: string;
}

/** Queues items for each invoice that lives in a host platform (imported invoices have none). */
export async function queueWriteBacks(
  sql: Sql,
  firmId: string,
  invoiceIds: string[],
  items: WriteBackItem[],
): Promise<void> {
  if (invoiceIds.length === 0 || items.length === 0) return;
  await sql.query(
    `INSERT INTO writebacks (firm_id, connection_id, invoice_id, kind, payload, idempotency_key)
     SELECT $1, i.connection_id, i.id, it.kind, jsonb_build_object('value', it.value), it.key || ':' || i.id
     FROM invoices i JOIN connections k ON k.id = i.connection_id AND k.platform IN ('quickbooks', 'xero')
     CROSS JOIN jsonb_to_recordset($3::jsonb) AS it(kind text, value text, key text)
     WHERE i.id = ANY($2::uuid[]) AND i.firm_id = $1
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [firmId, invoiceIds, JSON.stringify(items)],
  );
  // A firm with HubSpot also gets each note on the customer's CRM company.
  await queueHubspotNotes(sql, firmId, invoiceIds, items);
}

export interface ClaimedWriteBack {
  id: string;
  firmId: string;
  connectionId: string;
  invoiceExternalId: string;
  kind: WriteBackItem['kind'];
  value: string;
  key: string;
  attempts: number;
}

export async function claimWriteBacks(sql: Sql, now: string, limit = 50): Promise<ClaimedWriteBack[]> {
  const rows = await sql.query<{
    id: string;
    firm_id: string;
    connection_id: string;
    external_id: string;
    kind: WriteBackItem['kind'];
    value: string;
    idempotency_key: string;
    attempts: number;
  }>(
    `WITH due AS (
       SELECT w.id FROM writebacks w JOIN connections k ON k.id = w.connection_id AND k.status = 'active'
       WHERE (w.status = 'pending' OR (w.status = 'working' AND w.not_before < $1::timestamptz - interval '10 minutes'))
         AND w.not_before <= $1
       ORDER BY w.created_at LIMIT $2 FOR UPDATE OF w SKIP LOCKED)
     UPDATE writebacks w SET status = 'working', attempts = w.attempts + 1, not_before = $1
     FROM due, invoices i WHERE w.id = due.id AND i.id = w.invoice_id
     RETURNING w.id, w.firm_id, w.connection_id, i.external_id, w.kind, w.payload->>'value' AS value, w.idempotency_key, w.attempts`,
    [now, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    firmId: r.firm_id,
    connectionId: r.connection_id,
    invoiceExternalId: r.external_id,
    kind: r.kind,
    value: r.value,
    key: r.idempotency_key,
    attempts: r.attempts,
  }));
}

export async function finishWriteBack(
  sql: Sql,
  id: string,
  outcome: { status: 'done' | 'skipped' | 'failed' } | { status: 'pending'; retryAt: string; error: string },
): Promise<void> {
  if (outcome.status === 'pending') {
    await sql.query(
      `UPDATE writebacks SET status = 'pending', not_before = $2, last_error = $3 WHERE id = $1`,
      [id, outcome.retryAt, outcome.error.slice(0, 500)],
    );
    return;
  }
  await sql.query(`UPDATE writebacks SET status = $2, done_at = now() WHERE id = $1`, [id, outcome.status]);
}

/** A short dated note for the host, e.g. "Relance 2026-12-01: dispute resolved: credit note issued". */
export async function queueNote(
  sql: Sql,
  firmId: string,
  invoiceIds: string[],
  text: string,
  key: string,
  day: string = new Date().toISOString().slice(0, 10),
): Promise<void> {
  await queueWriteBacks(sql, firmId, invoiceIds, [
    { kind: 'note', value: `Relance ${day}: ${text}`.slice(0, 240), key },
  ]);
}
