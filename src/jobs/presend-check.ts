// The last look before anything is sent: re-read the invoices' open balances from the host (a
// payment may have landed since the last sync), bring the store up to date, and keep only invoices
// that are still owed and still to be chased. Never remind a payer.
import type { Money } from '../core/money.ts';
import type { Customer, Invoice } from '../core/types.ts';
import type { Db } from '../store/db.ts';
import { refreshHostBalances } from '../store/repos/host-balances.ts';
import {
  CUSTOMER_COLUMNS,
  INVOICE_COLUMNS,
  toCustomer,
  toInvoice,
  type CustomerRow,
  type InvoiceRow,
} from '../store/rows.ts';
import type { ClaimedAction } from './outbox.ts';

export interface HostConnection {
  connectionId: string;
  platform: string;
}

/** Reads open balances from the host platform, or null when the invoices' source has no API (imports). */
export type HostBalances = (
  conn: HostConnection,
  externalIds: string[],
) => Promise<Map<string, Money>> | null;

export interface PresendResult {
  customer: Customer;
  keep: Invoice[];
  dropped: { invoiceId: string; reason: string }[];
}

export async function presendCheck(
  db: Db,
  a: ClaimedAction,
  today: string,
  hostBalances: HostBalances,
): Promise<PresendResult> {
  const rows = await db.query<InvoiceRow & { connection_id: string; platform: string }>(
    `SELECT ${INVOICE_COLUMNS}, i.connection_id, k.platform FROM action_invoices ai
     JOIN invoices i ON i.id = ai.invoice_id JOIN connections k ON k.id = i.connection_id
     WHERE ai.action_id = $1`,
    [a.id],
  );
  // 1. The host's word on what is still owed.
  const byConnection = new Map<string, typeof rows>();
  for (const r of rows) byConnection.set(r.connection_id, [...(byConnection.get(r.connection_id) ?? []), r]);
  for (const [connectionId, list] of byConnection) {
    const fresh = hostBalances(
      { connectionId, platform: (list[0] as { platform: string }).platform },
      list.map((r) => r.external_id),
    );
    if (fresh === null) continue;
    const balances = await fresh;
    await refreshHostBalances(db, a.firmId, list, balances);
  }
  // 2. The store's word, now current, on everything else.
  const [customerRow] = await db.query<CustomerRow>(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers c WHERE c.id = $1`,
    [a.customerId],
  );
  const customer = toCustomer(customerRow as CustomerRow);
  const current = (
    await db.query<InvoiceRow & { promised: boolean; planned: boolean }>(
      `SELECT ${INVOICE_COLUMNS},
         EXISTS (SELECT 1 FROM promise_invoices pi JOIN promises p ON p.id = pi.promise_id
                 WHERE pi.invoice_id = i.id AND p.status = 'open' AND p.promised_date + p.grace_days >= $2::date) AS promised,
         EXISTS (SELECT 1 FROM plan_invoices li JOIN payment_plans l ON l.id = li.plan_id
                 WHERE li.invoice_id = i.id AND l.status = 'active') AS planned
       FROM invoices i WHERE i.id = ANY($1::uuid[])`,
      [rows.map((r) => r.id), today],
    )
  ).map((r) => ({ invoice: toInvoice(r), promised: r.promised, planned: r.planned }));
  const keep: Invoice[] = [];
  const dropped: PresendResult['dropped'] = [];
  for (const { invoice, promised, planned } of current) {
    const reason =
      invoice.status !== 'open' || invoice.openBalance <= 0
        ? 'paid or credited'
        : invoice.disputed
          ? 'disputed'
          : customer.paused
            ? 'customer paused'
            : invoice.paused
              ? 'invoice paused'
              : promised
                ? 'promised'
                : planned && a.kind === 'step'
                  ? 'in a payment plan'
                  : null;
    if (reason) dropped.push({ invoiceId: invoice.id, reason });
    else keep.push(invoice);
  }
  return { customer, keep, dropped };
}
