// A Xero payment on a sales invoice → a Relance payment allocated to that invoice. A Xero payment
// pays exactly one invoice, in the invoice's currency; a deleted one settles nothing.
import { toMinor } from '../../src/core/money.ts';
import type { PaymentInput } from '../../src/store/repos/ledger.ts';
import type { XeroPayment } from './xero-schemas.ts';
import { toLocalDate } from './xero-time.ts';

export function isSalesPayment(p: Pick<XeroPayment, 'paymentType' | 'invoice'>): boolean {
  return p.paymentType === 'ACCRECPAYMENT' || (p.paymentType == null && p.invoice?.type === 'ACCREC');
}

export function toPayment(p: XeroPayment): PaymentInput {
  const date = toLocalDate(p.date);
  if (!date) throw new Error('Date: not a date');
  if (!p.invoice) throw new Error('Invoice: required');
  const currency = p.invoice.currencyCode?.toUpperCase();
  if (!currency || currency.length !== 3) throw new Error('Invoice.CurrencyCode: required');
  const amount = toMinor(p.amount, currency);
  const status = p.status === 'DELETED' ? 'deleted' : 'active';
  return {
    externalId: p.paymentID,
    customerExternalId: p.invoice.contact?.contactID ?? null,
    date,
    currency,
    amount,
    unapplied: 0,
    status,
    allocations: [{ invoiceExternalId: p.invoice.invoiceID, amount, date }],
  };
}
