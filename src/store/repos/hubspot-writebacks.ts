// The HubSpot outbox: notes for the company (and contact) queued in the same transaction as the
// decision or send they report, call tasks and their completion found from the worklist, each under
// an idempotency key; drained by src/jobs/hubspot-write-back.ts.
import type { Sql } from '../db.ts';

/** Called by queueWriteBacks: a note per customer for firms with an active HubSpot connection. */
export async function queueHubspotNotes(
  sql: Sql,
  firmId: string,
  invoiceIds: string[],
  items: { kind: string; value: string; key: string }[],
): Promise<void> {
  const notes = items.filter((i) => i.kind === 'note');
  if (invoiceIds.length === 0 || notes.length === 0) return;
  await sql.query(
    `INSERT INTO hubspot_writebacks (firm_id, customer_id, kind, payload, idempotency_key)
     SELECT DISTINCT ON (i.customer_id, it.key) $1::uuid, i.customer_id, 'note', jsonb_build_object('text', it.value),
       'hubspot:' || it.key || ':' || i.customer_id
     FROM invoices i CROSS JOIN jsonb_to_recordset($3::jsonb) AS it(value text, key text)
     WHERE i.id = ANY($2::uuid[]) AND i.firm_id = $1
       AND EXISTS (SELECT 1 FROM connections k WHERE k.firm_id = $1 AND k.platform = 'hubspot' AND k.status = 'active')
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [firmId, invoiceIds, JSON.stringify(notes)],
  );
}

/** A note for one customer (e.g. written from the card), under its own key. */
export async function queueHubspotCustomerNote(
  sql: Sql,
  firmId: string,
  customerId: string,
  text: string,
  key: string,
): Promise<void> {
  await sql.query(
    `INSERT INTO hubspot_writebacks (firm_id, customer_id, kind, payload, idempotency_key)
     VALUES ($1, $2, 'note', jsonb_build_object('text', $3::text), 'hubspot:' || $4)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [firmId, customerId, text, key],
  );
}

/**
 * Open call tasks of linked customers become HubSpot call tasks; call tasks done or cancelled in
 * Relance complete theirs. Both keyed, so running this at every drain queues each once.
 */
export async function queueCallTasks(sql: Sql): Promise<void> {
  await sql.query(
    `INSERT INTO hubspot_writebacks (firm_id, customer_id, kind, payload, idempotency_key)
     SELECT t.firm_id, t.customer_id, 'call_task',
       jsonb_build_object('taskId', t.id, 'title', t.title, 'dueDate', t.due_date, 'actionId', t.action_id),
       'hubspot:task:' || t.id
     FROM tasks t JOIN hubspot_links l ON l.customer_id = t.customer_id AND l.status = 'linked'
     JOIN connections k ON k.id = l.connection_id AND k.status = 'active'
     WHERE t.kind = 'call' AND t.status = 'open'
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
  await sql.query(
    `INSERT INTO hubspot_writebacks (firm_id, customer_id, kind, payload, idempotency_key)
     SELECT w.firm_id, w.customer_id, 'task_done',
       jsonb_build_object('taskId', t.id, 'hubspotTaskId', w.external_id, 'outcome', t.status),
       'hubspot:task:' || t.id || ':done'
     FROM hubspot_writebacks w JOIN tasks t ON t.id = (w.payload->>'taskId')::uuid
     WHERE w.kind = 'call_task' AND w.status = 'done' AND w.external_id IS NOT NULL AND t.status <> 'open'
     ON CONFLICT (idempotency_key) DO NOTHING`,
  );
}

export interface ClaimedHubspotWriteBack {
  id: string;
  firmId: string;
  customerId: string;
  kind: 'note' | 'call_task' | 'task_done';
  payload: Record<string, unknown>;
  key: string;
  attempts: number;
  link: {
    connectionId: string;
    companyId: string;
    ownerId: string | null;
    contactId: string | null;
    contactChecked: boolean;
    emails: string[];
  } | null;
}

export async function claimHubspotWriteBacks(
  sql: Sql,
  now: string,
  limit = 50,
): Promise<ClaimedHubspotWriteBack[]> {
  const rows = await sql.query<{
    id: string;
    firm_id: string;
    customer_id: string;
    kind: ClaimedHubspotWriteBack['kind'];
    payload: Record<string, unknown>;
    idempotency_key: string;
    attempts: number;
    connection_id: string | null;
    company_id: string | null;
    owner_id: string | null;
    contact_id: string | null;
    contact_checked: boolean | null;
    emails: string[];
  }>(
    `WITH due AS (
       SELECT w.id FROM hubspot_writebacks w
       WHERE (w.status = 'pending' OR (w.status = 'working' AND w.not_before < $1::timestamptz - interval '10 minutes'))
         AND w.not_before <= $1
       ORDER BY w.created_at LIMIT $2 FOR UPDATE OF w SKIP LOCKED),
     claimed AS (
       UPDATE hubspot_writebacks w SET status = 'working', attempts = w.attempts + 1, not_before = $1
       FROM due WHERE w.id = due.id RETURNING w.*)
     SELECT c.id, c.firm_id, c.customer_id, c.kind, c.payload, c.idempotency_key, c.attempts,
            l.connection_id, l.company_id, l.owner_id, l.contact_id, l.contact_checked, cu.emails
     FROM claimed c JOIN customers cu ON cu.id = c.customer_id
     LEFT JOIN hubspot_links l ON l.customer_id = c.customer_id AND l.status = 'linked'
     LEFT JOIN connections k ON k.id = l.connection_id
     ORDER BY c.created_at`,
    [now, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    firmId: r.firm_id,
    customerId: r.customer_id,
    kind: r.kind,
    payload: r.payload,
    key: r.idempotency_key,
    attempts: r.attempts,
    link:
      r.connection_id && r.company_id
        ? {
            connectionId: r.connection_id,
            companyId: r.company_id,
            ownerId: r.owner_id,
            contactId: r.contact_id,
            contactChecked: r.contact_checked ?? false,
            emails: r.emails,
          }
        : null,
  }));
}

export async function finishHubspotWriteBack(
  sql: Sql,
  id: string,
  outcome:
    | { status: 'done'; externalId: string | null }
    | { status: 'skipped' | 'failed'; error: string }
    | { status: 'pending'; retryAt: string; error: string },
): Promise<void> {
  if (outcome.status === 'pending') {
    await sql.query(
      `UPDATE hubspot_writebacks SET status = 'pending', not_before = $2, last_error = $3 WHERE id = $1`,
      [id, outcome.retryAt, outcome.error.slice(0, 500)],
    );
  } else if (outcome.status === 'done') {
    await sql.query(
      `UPDATE hubspot_writebacks SET status = 'done', external_id = $2, last_error = NULL, done_at = now() WHERE id = $1`,
      [id, outcome.externalId],
    );
  } else {
    await sql.query(
      `UPDATE hubspot_writebacks SET status = $2, last_error = $3, done_at = now() WHERE id = $1`,
      [id, outcome.status, outcome.error.slice(0, 500)],
    );
  }
}
