// A Xero sales credit note (ACCRECCREDIT) → a Relance credit note with its allocations. Drafts are
// not yet credit; voided and deleted notes settle nothing.
import { toMinor } from '../../src/core/money.ts';
import type { CreditNoteInput } from '../../src/store/repos/ledger.ts';
import type { XeroCreditNote } from './xero-schemas.ts';
import { toLocalDate } from './xero-time.ts';

export function isSalesCreditNote(n: Pick<XeroCreditNote, 'type' | 'status'>): boolean {
  return n.type === 'ACCRECCREDIT' && n.status !== 'DRAFT' && n.status !== 'SUBMITTED';
}

export function toCreditNote(n: XeroCreditNote): CreditNoteInput {
  const date = toLocalDate(n.date);
  if (!date) throw new Error('Date: not a date');
  const currency = n.currencyCode.toUpperCase();
  const status = n.status === 'VOIDED' ? 'void' : n.status === 'DELETED' ? 'deleted' : 'active';
  return {
    externalId: n.creditNoteID,
    customerExternalId: n.contact?.contactID ?? null,
    number: n.creditNoteNumber?.trim() || n.creditNoteID,
    date,
    currency,
    total: toMinor(n.total, currency),
    remaining: status === 'active' ? toMinor(n.remainingCredit ?? 0, currency) : 0,
    status,
    allocations: (n.allocations ?? []).map((a) => ({
      invoiceExternalId: a.invoice.invoiceID,
      amount: toMinor(a.amount, currency),
      date: toLocalDate(a.date) ?? date,
    })),
  };
}
