// QuickBooks Invoice → InvoiceInput. The platform gives the open balance; a voided invoice keeps
// its Id with TotalAmt 0, Balance 0 and "Voided" in PrivateNote.
import { toMinor } from '../../../src/core/money.ts';
import type { InvoiceStatus } from '../../../src/core/types.ts';
import type { InvoiceInput } from '../../../src/store/repos/ledger.ts';
import { invoiceJson, parseEntity, type Mapped } from './qbo-json.ts';

export function toInvoice(json: unknown): Mapped<InvoiceInput> {
  const p = parseEntity(invoiceJson, 'Invoice', json);
  if (!p.ok) return p;
  const inv = p.value;
  const currency = inv.CurrencyRef.value;
  let total: number, balance: number;
  try {
    total = toMinor(inv.TotalAmt, currency);
    balance = toMinor(inv.Balance, currency);
  } catch (err) {
    return {
      ok: false,
      invalid: {
        entity: 'Invoice',
        externalId: inv.Id,
        reason: `TotalAmt/Balance: ${(err as Error).message}`,
      },
    };
  }
  const voided = total === 0 && balance === 0 && /\bvoided\b/i.test(inv.PrivateNote ?? '');
  const status: InvoiceStatus = voided ? 'void' : balance === 0 && total > 0 ? 'paid' : 'open';
  return {
    ok: true,
    value: {
      externalId: inv.Id,
      customerExternalId: inv.CustomerRef.value,
      number: inv.DocNumber ?? inv.Id,
      issueDate: inv.TxnDate,
      dueDate: inv.DueDate ?? inv.TxnDate,
      currency,
      total,
      openBalance: status === 'void' ? 0 : balance,
      status,
      paymentLink: inv.InvoiceLink ?? null,
      external: { billEmail: inv.BillEmail?.Address ?? null, emailStatus: inv.EmailStatus ?? null },
    },
  };
}

/** The e-mail an invoice is billed to: the customer's AP contact, listed before its primary address. */
export function billEmailOf(json: unknown): string | null {
  const r = invoiceJson.pick({ BillEmail: true }).safeParse(json);
  return r.success ? (r.data.BillEmail?.Address ?? null) : null;
}
