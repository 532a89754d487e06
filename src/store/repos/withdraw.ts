import type { Sql } from '../db.ts';
import { audit } from './audit.ts';

/**
 * Takes invoices out of every action not yet carried out (they were paid, disputed, promised or
 * paused): the customer's other invoices stay in the message; an action left with none is cancelled,
 * with the reason recorded.
 */
export async function withdrawFromPendingActions(
  sql: Sql,
  firmId: string,
  invoiceIds: string[],
  reason: string,
): Promise<number> {
  if (invoiceIds.length === 0) return 0;
  const removed = await sql.query<{ action_id: string }>(
    `DELETE FROM action_invoices ai USING actions a
     WHERE ai.action_id = a.id AND a.firm_id = $1 AND a.status IN ('pending', 'awaiting_approval')
       AND ai.invoice_id = ANY($2::uuid[])
     RETURNING ai.action_id`,
    [firmId, invoiceIds],
  );
  const touched = [...new Set(removed.map((r) => r.action_id))];
  if (touched.length === 0) return 0;
  const cancelled = await sql.query<{ id: string }>(
    `UPDATE actions a SET status = 'cancelled', status_reason = $2, updated_at = now()
     WHERE a.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM action_invoices ai WHERE ai.action_id = a.id)
     RETURNING a.id`,
    [touched, reason],
  );
  await sql.query(
    `UPDATE tasks SET status = 'cancelled' WHERE action_id = ANY($1::uuid[]) AND status = 'open'`,
    [cancelled.map((c) => c.id)],
  );
  for (const c of cancelled) {
    await audit(sql, firmId, {
      actor: 'system',
      action: 'action.cancelled',
      entityType: 'action',
      entityId: c.id,
      details: { reason },
    });
  }
  return cancelled.length;
}
