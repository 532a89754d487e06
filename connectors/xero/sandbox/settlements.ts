// Money against invoices: payments (one invoice each, as in Xero; a batch is several payments
// sharing a BatchPaymentID), payment deletion, credit notes and their allocations. Each keeps
// the invoice's AmountPaid/AmountCredited/Status/FullyPaidOnDate and UpdatedDateUTC right.
import { randomUUID } from 'node:crypto';
import { toEpochDay } from '../../../src/core/dates.ts';
import { toMinor } from '../../../src/core/money.ts';
import {
  LedgerError,
  allocationSchema,
  batchPaymentSchema,
  newCreditNoteSchema,
  newPaymentSchema,
  parseInput,
  type AllocationInput,
  type BatchPaymentInput,
  type NewCreditNoteInput,
  type NewPaymentInput,
} from './ledger-inputs.ts';
import type { AllocationRecord, CreditNoteRecord, InvoiceRecord, PaymentRecord } from './ledger-types.ts';
import { buildLines } from './invoice-mutations.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { documentTotals } from './tax.ts';

function minor(value: string | number, currency: string, field: string): number {
  let amount: number;
  try {
    amount = toMinor(value, currency);
  } catch (e) {
    throw new LedgerError(field, (e as Error).message);
  }
  if (amount <= 0) throw new LedgerError(field, 'must be more than zero');
  return amount;
}

/** AUTHORISED ⇄ PAID as the amount due reaches or leaves zero. */
export function settleStatus(inv: InvoiceRecord, onDay: number): void {
  const due = inv.total - inv.amountPaid - inv.amountCredited;
  if (inv.status === 'AUTHORISED' && due === 0) {
    inv.status = 'PAID';
    inv.fullyPaidOn = onDay;
  } else if (inv.status === 'PAID' && due > 0) {
    inv.status = 'AUTHORISED';
    inv.fullyPaidOn = null;
  }
}

function payable(
  ledger: OrganisationLedger,
  invoiceId: string,
  amount: number,
  field: string,
): InvoiceRecord {
  const inv = ledger.invoice(invoiceId);
  if (inv.status !== 'AUTHORISED') {
    throw new LedgerError(
      field,
      `Payments can only be made against AUTHORISED documents (${inv.number || inv.id} is ${inv.status})`,
    );
  }
  if (amount > ledger.amountDue(inv)) {
    throw new LedgerError(field, 'Payment amount exceeds the amount outstanding on this document');
  }
  return inv;
}

function applyPayment(ledger: OrganisationLedger, inv: InvoiceRecord, payment: PaymentRecord): void {
  ledger.payments.set(payment.id, payment);
  inv.paymentIds.push(payment.id);
  inv.amountPaid += payment.amount;
  settleStatus(inv, payment.date);
  inv.updatedAt = payment.updatedAt;
  ledger.changed({ category: 'INVOICE', type: 'UPDATE', resourceId: inv.id }, inv.updatedAt);
}

export function addPayment(ledger: OrganisationLedger, input: NewPaymentInput): PaymentRecord {
  const v = parseInput(newPaymentSchema, input);
  const inv = ledger.invoice(v.invoiceId);
  const amount = minor(v.amount, inv.currency, 'amount');
  payable(ledger, inv.id, amount, 'amount');
  const id = (v.paymentId ?? randomUUID()).toLowerCase();
  if (ledger.payments.has(id)) throw new LedgerError('paymentId', `payment ${id} already exists`);
  const payment: PaymentRecord = {
    id,
    invoiceId: inv.id,
    date: v.date ? toEpochDay(v.date) : ledger.today(),
    amount,
    currencyRate: v.currencyRate ?? inv.currencyRate,
    reference: v.reference,
    status: 'AUTHORISED',
    isReconciled: v.isReconciled,
    batchPaymentId: null,
    updatedAt: ledger.stamp(),
  };
  applyPayment(ledger, inv, payment);
  return payment;
}

/** A batch payment: several invoices paid together, one Payment each, all or none. */
export function addBatchPayment(ledger: OrganisationLedger, input: BatchPaymentInput): PaymentRecord[] {
  const v = parseInput(batchPaymentSchema, input);
  const date = v.date ? toEpochDay(v.date) : ledger.today();
  const owed = new Map<string, number>();
  const planned = v.payments.map((p, i) => {
    const inv = ledger.invoice(p.invoiceId);
    const amount = minor(p.amount, inv.currency, `payments.${i}.amount`);
    const already = owed.get(inv.id) ?? 0;
    payable(ledger, inv.id, already + amount, `payments.${i}.amount`);
    owed.set(inv.id, already + amount);
    return { inv, amount };
  });
  const batchPaymentId = randomUUID();
  return planned.map(({ inv, amount }) => {
    const payment: PaymentRecord = {
      id: randomUUID(),
      invoiceId: inv.id,
      date,
      amount,
      currencyRate: inv.currencyRate,
      reference: v.reference,
      status: 'AUTHORISED',
      isReconciled: false,
      batchPaymentId,
      updatedAt: ledger.stamp(),
    };
    applyPayment(ledger, inv, payment);
    return payment;
  });
}

/** Deleting a payment puts the money back on the invoice (PAID becomes AUTHORISED again). */
export function deletePayment(ledger: OrganisationLedger, paymentId: string): PaymentRecord {
  const payment = ledger.payments.get(paymentId.toLowerCase());
  if (!payment)
    throw new LedgerError('paymentId', `no payment ${paymentId} in organisation ${ledger.org.name}`);
  if (payment.status === 'DELETED') throw new LedgerError('paymentId', 'the payment is already deleted');
  const inv = ledger.invoice(payment.invoiceId);
  payment.status = 'DELETED';
  payment.updatedAt = ledger.stamp();
  inv.amountPaid -= payment.amount;
  settleStatus(inv, payment.date);
  inv.updatedAt = payment.updatedAt;
  ledger.changed({ category: 'INVOICE', type: 'UPDATE', resourceId: inv.id }, inv.updatedAt);
  return payment;
}

export function addCreditNote(ledger: OrganisationLedger, input: NewCreditNoteInput): CreditNoteRecord {
  const v = parseInput(newCreditNoteSchema, input);
  const contact = ledger.contact(v.contactId);
  const id = (v.creditNoteId ?? randomUUID()).toLowerCase();
  if (ledger.creditNotes.has(id)) throw new LedgerError('creditNoteId', `credit note ${id} already exists`);
  const currency = v.currency ?? contact.defaultCurrency ?? ledger.org.baseCurrency;
  const sales = v.type === 'ACCRECCREDIT';
  const built = buildLines(ledger, v, currency, sales);
  const number = v.creditNoteNumber ?? (sales ? ledger.takeCreditNoteNumber() : '');
  const note: CreditNoteRecord = {
    id,
    number,
    type: v.type,
    status: 'AUTHORISED',
    contactId: contact.id,
    date: v.date ? toEpochDay(v.date) : ledger.today(),
    currency,
    currencyRate: 1,
    reference: v.reference,
    lineAmountTypes: built.lineAmountTypes,
    lines: built.lines,
    ...documentTotals(built.lines, built.lineAmountTypes),
    allocationIds: [],
    allocated: 0,
    fullyPaidOn: null,
    sentToContact: false,
    updatedAt: ledger.stamp(),
  };
  // Validate every allocation before anything is recorded: all or nothing.
  let remaining = note.total;
  const planned = v.allocations.map((a, i) => {
    const amount = minor(a.amount, currency, `allocations.${i}.amount`);
    const inv = allocatable(ledger, note, a.invoiceId, amount, remaining, `allocations.${i}`);
    remaining -= amount;
    return { inv, amount, date: a.date ? toEpochDay(a.date) : note.date };
  });
  ledger.creditNotes.set(id, note);
  ledger.changed(
    {
      category: 'CREDITNOTE',
      type: 'CREATE',
      resourceId: id,
      data: { Type: note.type, Status: note.status },
    },
    note.updatedAt,
  );
  for (const p of planned) recordAllocation(ledger, note, p.inv, p.amount, p.date);
  return note;
}

export function allocateCreditNote(
  ledger: OrganisationLedger,
  creditNoteId: string,
  input: AllocationInput,
): AllocationRecord {
  const v = parseInput(allocationSchema, input);
  const note = ledger.creditNotes.get(creditNoteId.toLowerCase());
  if (!note)
    throw new LedgerError(
      'creditNoteId',
      `no credit note ${creditNoteId} in organisation ${ledger.org.name}`,
    );
  const amount = minor(v.amount, note.currency, 'amount');
  const inv = allocatable(ledger, note, v.invoiceId, amount, note.total - note.allocated, 'invoiceId');
  return recordAllocation(ledger, note, inv, amount, v.date ? toEpochDay(v.date) : ledger.today());
}

function allocatable(
  ledger: OrganisationLedger,
  note: CreditNoteRecord,
  invoiceId: string,
  amount: number,
  remaining: number,
  field: string,
): InvoiceRecord {
  const inv = ledger.invoice(invoiceId);
  if (note.status !== 'AUTHORISED')
    throw new LedgerError(field, `credit note is ${note.status}, not AUTHORISED`);
  if (inv.contactId !== note.contactId)
    throw new LedgerError(field, 'the invoice belongs to another contact');
  if (inv.currency !== note.currency) throw new LedgerError(field, 'the invoice is in another currency');
  if ((note.type === 'ACCRECCREDIT') !== (inv.type === 'ACCREC'))
    throw new LedgerError(field, `a ${note.type} cannot be allocated to an ${inv.type}`);
  if (inv.status !== 'AUTHORISED')
    throw new LedgerError(field, `Invoice not of valid status for modification (${inv.status})`);
  if (amount > remaining)
    throw new LedgerError(field, 'The amount exceeds the remaining credit on the credit note');
  if (amount > ledger.amountDue(inv))
    throw new LedgerError(field, 'The amount exceeds the amount outstanding on the invoice');
  return inv;
}

function recordAllocation(
  ledger: OrganisationLedger,
  note: CreditNoteRecord,
  inv: InvoiceRecord,
  amount: number,
  date: number,
): AllocationRecord {
  const allocation: AllocationRecord = {
    id: randomUUID(),
    creditNoteId: note.id,
    invoiceId: inv.id,
    amount,
    date,
  };
  ledger.allocations.set(allocation.id, allocation);
  note.allocationIds.push(allocation.id);
  note.allocated += amount;
  if (note.allocated === note.total) {
    note.status = 'PAID';
    note.fullyPaidOn = date;
  }
  inv.allocationIds.push(allocation.id);
  inv.amountCredited += amount;
  settleStatus(inv, date);
  const at = ledger.stamp();
  note.updatedAt = at;
  inv.updatedAt = at;
  ledger.changed({ category: 'INVOICE', type: 'UPDATE', resourceId: inv.id }, at);
  ledger.changed(
    {
      category: 'CREDITNOTE',
      type: 'UPDATE',
      resourceId: note.id,
      data: { Type: note.type, Status: note.status },
    },
    at,
  );
  return allocation;
}
