// Open balances just read from the host, written back into the store: an invoice the host says is
// settled becomes paid (and leaves every pending message), one it no longer knows is treated as gone.
import type { Money } from '../../core/money.ts';
import type { Sql } from '../db.ts';
import { wakeCustomers } from './ledger.ts';
import { withdrawFromPendingActions } from './withdraw.ts';

export async function refreshHostBalances(
  sql: Sql,
  firmId: string,
  invoices: {
    id: string;
    external_id: string;
    customer_id: string;
    open_balance: number;
    status: string;
    currency: string;
  }[],
  balances: Map<string, Money>,
): Promise<void> {
  const changed: { id: string; open_balance: number; status: string }[] = [];
  for (const inv of invoices) {
    const fresh = balances.get(inv.external_id);
    if (!fresh) {
      if (inv.status !== 'deleted') changed.push({ id: inv.id, open_balance: 0, status: 'deleted' });
      continue;
    }
    if (fresh.currency !== inv.currency) continue; // never compare across currencies
    const status =
      inv.status === 'open' || inv.status === 'paid' ? (fresh.amount <= 0 ? 'paid' : 'open') : inv.status;
    if (fresh.amount !== inv.open_balance || status !== inv.status)
      changed.push({ id: inv.id, open_balance: Math.max(0, fresh.amount), status });
  }
  if (changed.length === 0) return;
  await sql.query(
    `UPDATE invoices i SET open_balance = r.open_balance, status = r.status, updated_at = now()
     FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, open_balance bigint, status text) WHERE i.id = r.id`,
    [JSON.stringify(changed)],
  );
  const closed = changed.filter((c) => c.status !== 'open').map((c) => c.id);
  await withdrawFromPendingActions(sql, firmId, closed, 'settled in the ledger (checked before sending)');
  await wakeCustomers(
    sql,
    invoices.filter((i) => changed.some((c) => c.id === i.id)).map((i) => i.customer_id),
  );
}
