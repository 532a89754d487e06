// A Xero sales invoice (ACCREC) → a Relance invoice. Xero's AmountDue is the open balance (after
// payments, credit notes, prepayments and overpayments), so it is taken as is, never derived.
import type { InvoiceStatus } from '../../src/core/types.ts';
import { toMinor } from '../../src/core/money.ts';
import type { InvoiceInput } from '../../src/store/repos/ledger.ts';
import type { XeroInvoice } from './xero-schemas.ts';
import { toInstant, toLocalDate } from './xero-time.ts';

const STATUS: Record<string, InvoiceStatus> = {
  DRAFT: 'draft',
  SUBMITTED: 'draft',
  AUTHORISED: 'open',
  PAID: 'paid',
  VOIDED: 'void',
  DELETED: 'deleted',
};

export function isSalesInvoice(inv: Pick<XeroInvoice, 'type'>): boolean {
  return inv.type === 'ACCREC';
}

/** Maps one invoice; throws an Error naming the field when it cannot be read. */
export function toInvoice(inv: XeroInvoice, paymentLink: string | null = null): InvoiceInput {
  const status = STATUS[inv.status];
  if (!status) throw new Error(`Status: unknown status "${inv.status}"`);
  const issueDate = toLocalDate(inv.date);
  if (!issueDate) throw new Error('Date: not a date');
  const currency = inv.currencyCode.toUpperCase();
  const total = toMinor(inv.total, currency);
  // Only an authorised invoice is owed; paid, voided and deleted ones owe nothing.
  const openBalance =
    status === 'open' ? (inv.amountDue == null ? total : toMinor(inv.amountDue, currency)) : 0;
  return {
    externalId: inv.invoiceID,
    customerExternalId: inv.contact.contactID,
    number: inv.invoiceNumber?.trim() || inv.invoiceID,
    issueDate,
    dueDate: toLocalDate(inv.dueDate),
    currency,
    total,
    openBalance,
    status: status === 'open' && openBalance <= 0 ? 'paid' : status,
    paymentLink,
    external: {
      xeroStatus: inv.status,
      sentToContact: inv.sentToContact ?? null,
      expectedPaymentDate: toLocalDate(inv.expectedPaymentDate),
      amountCredited: inv.amountCredited == null ? null : toMinor(inv.amountCredited, currency),
      updatedAt: toInstant(inv.updatedDateUTC),
    },
  };
}
