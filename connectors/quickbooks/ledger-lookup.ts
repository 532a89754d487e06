// What the connector needs from the store that QuickBooks no longer says: a CDC deletion carries only
// an Id, so the deleted row is rebuilt from what was synced before; a memo's credit allocations come
// from several payments over time, so the ones already stored are kept when one more arrives.
import type { Sql } from '../../src/store/db.ts';
import type {
  AllocationInput,
  CreditNoteInput,
  InvoiceInput,
  PaymentInput,
} from '../../src/store/repos/ledger.ts';

export interface LedgerLookup {
  invoicesAsDeleted(connectionId: string, externalIds: string[]): Promise<InvoiceInput[]>;
  /** Deleted payments, with the invoices they had settled (to re-read). */
  paymentsAsDeleted(
    connectionId: string,
    externalIds: string[],
  ): Promise<{ payment: PaymentInput; invoiceExternalIds: string[] }[]>;
  creditNotes(connectionId: string, externalIds: string[]): Promise<Map<string, CreditNoteInput>>;
}

const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export function storeLedgerLookup(sql: Sql): LedgerLookup {
  return {
    async invoicesAsDeleted(connectionId, ids) {
      if (ids.length === 0) return [];
      const rows = await sql.query<{
        external_id: string;
        customer: string;
        number: string;
        issue_date: string;
        due_date: string | null;
        currency: string;
        total: number;
      }>(
        `SELECT i.external_id, c.external_id AS customer, i.number, i.issue_date::text, i.due_date::text, i.currency, i.total
         FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.connection_id = $1 AND i.external_id = ANY($2::text[])`,
        [connectionId, ids],
      );
      return rows.map((r) => ({
        externalId: r.external_id,
        customerExternalId: r.customer,
        number: r.number,
        issueDate: day(r.issue_date),
        dueDate: r.due_date ? day(r.due_date) : null,
        currency: r.currency,
        total: Number(r.total),
        openBalance: 0,
        status: 'deleted' as const,
      }));
    },
    async paymentsAsDeleted(connectionId, ids) {
      if (ids.length === 0) return [];
      const rows = await sql.query<{
        external_id: string;
        customer: string | null;
        date: string;
        currency: string;
        amount: number;
        invoices: string[];
      }>(
        `SELECT p.external_id, c.external_id AS customer, p.date::text, p.currency, p.amount,
           ARRAY(SELECT i.external_id FROM payment_allocations pa JOIN invoices i ON i.id = pa.invoice_id WHERE pa.payment_id = p.id) AS invoices
         FROM payments p LEFT JOIN customers c ON c.id = p.customer_id WHERE p.connection_id = $1 AND p.external_id = ANY($2::text[])`,
        [connectionId, ids],
      );
      return rows.map((r) => ({
        payment: {
          externalId: r.external_id,
          customerExternalId: r.customer,
          date: day(r.date),
          currency: r.currency,
          amount: Number(r.amount),
          unapplied: 0,
          status: 'deleted' as const,
          allocations: [],
        },
        invoiceExternalIds: r.invoices,
      }));
    },
    async creditNotes(connectionId, ids) {
      if (ids.length === 0) return new Map();
      const rows = await sql.query<{
        external_id: string;
        customer: string | null;
        number: string;
        date: string;
        currency: string;
        total: number;
        remaining: number;
        status: CreditNoteInput['status'];
        allocations: { invoice: string; amount: number; date: string }[];
      }>(
        `SELECT n.external_id, c.external_id AS customer, n.number, n.date::text, n.currency, n.total, n.remaining, n.status,
           COALESCE((SELECT jsonb_agg(jsonb_build_object('invoice', i.external_id, 'amount', ca.amount, 'date', ca.date))
             FROM credit_allocations ca JOIN invoices i ON i.id = ca.invoice_id WHERE ca.credit_note_id = n.id), '[]') AS allocations
         FROM credit_notes n LEFT JOIN customers c ON c.id = n.customer_id WHERE n.connection_id = $1 AND n.external_id = ANY($2::text[])`,
        [connectionId, ids],
      );
      return new Map(
        rows.map((r) => [
          r.external_id,
          {
            externalId: r.external_id,
            customerExternalId: r.customer,
            number: r.number,
            date: day(r.date),
            currency: r.currency,
            total: Number(r.total),
            remaining: Number(r.remaining),
            status: r.status,
            allocations: r.allocations.map((a): AllocationInput => ({
              invoiceExternalId: a.invoice,
              amount: Number(a.amount),
              date: day(a.date),
            })),
          },
        ]),
      );
    },
  };
}

/** Stored allocations, replaced invoice by invoice by the applications just read. */
export function mergeAllocations(stored: AllocationInput[], fresh: AllocationInput[]): AllocationInput[] {
  const byInvoice = new Map(stored.map((a) => [a.invoiceExternalId, a]));
  for (const a of fresh) byInvoice.set(a.invoiceExternalId, a);
  return [...byInvoice.values()];
}
