// Reads what the aged balance needs: receivable invoices with something open at `at`, and the
// allocations dated after `at` (to undo them). Only those rows, not the whole ledger history.
import {
  agingBuckets,
  agingByCustomer,
  type AgingInvoice,
  type AgingRow,
  type DatedAllocation,
} from '../../core/aging.ts';
import type { LocalDate } from '../../core/dates.ts';
import type { Sql } from '../db.ts';

interface Row {
  id: string;
  customer_id: string;
  issue_date: string;
  due_date: string | null;
  currency: string;
  total: number;
  open_balance: number;
  status: AgingInvoice['status'];
}

async function loadAgingInputs(sql: Sql, firmId: string, at: LocalDate, customerId: string | null) {
  const later = await sql.query<{ invoice_id: string; date: string; amount: number }>(
    `SELECT pa.invoice_id, p.date, pa.amount FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id
       WHERE p.firm_id = $1 AND p.date > $2 AND p.status = 'active' AND ($3::uuid IS NULL OR p.customer_id = $3)
     UNION ALL
     SELECT ca.invoice_id, ca.date, ca.amount FROM credit_allocations ca JOIN credit_notes n ON n.id = ca.credit_note_id
       WHERE n.firm_id = $1 AND ca.date > $2 AND n.status = 'active' AND ($3::uuid IS NULL OR n.customer_id = $3)`,
    [firmId, at, customerId],
  );
  const invoices = await sql.query<Row>(
    `SELECT id, customer_id, issue_date, due_date, currency, total, open_balance, status FROM invoices i
     WHERE i.firm_id = $1 AND i.issue_date <= $2 AND ($3::uuid IS NULL OR i.customer_id = $3)
       AND (i.status = 'open' OR (i.status = 'paid' AND i.id = ANY($4::uuid[])))`,
    [firmId, at, customerId, [...new Set(later.map((l) => l.invoice_id))]],
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
  const allocations: DatedAllocation[] = later.map((l) => ({
    invoiceId: l.invoice_id,
    date: l.date,
    amount: l.amount,
  }));
  return { items, allocations };
}

export async function firmAging(sql: Sql, firmId: string, at: LocalDate): Promise<Map<string, AgingRow>> {
  const { items, allocations } = await loadAgingInputs(sql, firmId, at, null);
  return agingBuckets(items, allocations, at);
}

export async function customerAging(
  sql: Sql,
  firmId: string,
  at: LocalDate,
  customerId: string | null = null,
): Promise<Map<string, Map<string, AgingRow>>> {
  const { items, allocations } = await loadAgingInputs(sql, firmId, at, customerId);
  return agingByCustomer(items, allocations, at);
}
