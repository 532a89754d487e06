// The customers and invoices an earlier import left under the firm's import connection, limited to
// the ids this file refers to without defining them.
import type { Sql } from '../store/db.ts';
import type { KnownInvoice, KnownLedger } from './check-references.ts';

export async function loadKnownLedger(
  sql: Sql,
  connectionId: string,
  ids: { customers: string[]; invoices: string[] },
): Promise<KnownLedger> {
  const customers = ids.customers.length
    ? await sql.query<{ external_id: string }>(
        `SELECT external_id FROM customers WHERE connection_id = $1 AND external_id = ANY($2::text[])`,
        [connectionId, ids.customers],
      )
    : [];
  const invoices = ids.invoices.length
    ? await sql.query<{ external_id: string; currency: string; total: number; customer_external_id: string }>(
        `SELECT i.external_id, i.currency, i.total, c.external_id AS customer_external_id
         FROM invoices i JOIN customers c ON c.id = i.customer_id
         WHERE i.connection_id = $1 AND i.external_id = ANY($2::text[])`,
        [connectionId, ids.invoices],
      )
    : [];
  return {
    customers: new Set(customers.map((c) => c.external_id)),
    invoices: new Map<string, KnownInvoice>(
      invoices.map((i) => [
        i.external_id,
        { currency: i.currency, total: i.total, customerExternalId: i.customer_external_id },
      ]),
    ),
  };
}
