// Payments and credit memos as QuickBooks records them: one payment can settle several invoices
// of one customer (a line each, partial amounts allowed), anything not applied stays as
// UnappliedAmt, and a credit memo is applied through a zero-amount payment whose lines link both
// the invoice and the credit memo.
import { isLocalDate, type LocalDate } from '../../../src/core/dates.ts';
import { toMinor } from '../../../src/core/money.ts';
import type { Company } from './company.ts';
import { qboFaults } from './faults.ts';
import { toId, type AmountInput, type IdInput } from './invoice-mutations.ts';
import { qboLocalDate } from './qbo-time.ts';
import type { CreditMemoRecord, InvoiceRecord, PaymentLineRecord, PaymentRecord } from './records.ts';

export interface NewPayment {
  /** Defaults to the customer of the first invoice. */
  customerId?: IdInput;
  txnDate?: LocalDate;
  /** Amounts applied to invoices; each at most the invoice's open balance. */
  lines: { invoiceId: IdInput; amount: AmountInput }[];
  /** Total received; defaults to the sum of the lines. More than the lines leaves UnappliedAmt. */
  amount?: AmountInput;
  reference?: string | null;
  privateNote?: string | null;
}

export interface NewCreditMemo {
  customerId: IdInput;
  amount: AmountInput;
  txnDate?: LocalDate;
  description?: string;
  docNumber?: string;
}

export interface CreditApplication {
  creditMemoId: IdInput;
  invoiceId: IdInput;
  /** Defaults to whichever is smaller: the remaining credit or the invoice balance. */
  amount?: AmountInput;
  txnDate?: LocalDate;
}

function txnDateOf(company: Company, value: LocalDate | undefined): LocalDate {
  const date = value ?? qboLocalDate(company.now());
  if (!isLocalDate(date))
    throw qboFaults.businessValidation(`TxnDate must be a YYYY-MM-DD date, got "${date}"`);
  return date;
}

function openInvoice(company: Company, id: IdInput, customerId: number): InvoiceRecord {
  const invoice = company.invoice(toId('Invoice', id));
  if (invoice.voided) throw qboFaults.businessValidation(`Invoice ${invoice.id} is voided`);
  if (invoice.customerId !== customerId) {
    throw qboFaults.businessValidation(`Invoice ${invoice.id} belongs to another customer than the payment`);
  }
  return invoice;
}

function applyToInvoice(
  company: Company,
  invoice: InvoiceRecord,
  amountMinor: number,
  paymentId: number,
): void {
  if (amountMinor <= 0)
    throw qboFaults.businessValidation(`the amount applied to Invoice ${invoice.id} must be positive`);
  if (amountMinor > invoice.balanceMinor) {
    throw qboFaults.businessValidation(
      `the amount applied to Invoice ${invoice.id} exceeds its open balance`,
    );
  }
  company.setInvoiceBalance(invoice, invoice.balanceMinor - amountMinor);
  invoice.paymentIds.push(paymentId);
  company.touch('Invoice', invoice);
}

export function recordPayment(company: Company, input: NewPayment): PaymentRecord {
  const first = input.lines[0];
  if (input.customerId === undefined && !first) throw qboFaults.requiredParameter('CustomerRef');
  const customerId =
    input.customerId !== undefined
      ? toId('Customer', input.customerId)
      : company.invoice(toId('Invoice', (first as { invoiceId: IdInput }).invoiceId)).customerId;
  const customer = company.customer(customerId);
  const lines: PaymentLineRecord[] = input.lines.map((line) => {
    const invoice = openInvoice(company, line.invoiceId, customer.id);
    return { kind: 'Invoice', txnId: invoice.id, amountMinor: toMinor(line.amount, invoice.currency) };
  });
  const appliedMinor = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  const totalMinor = input.amount === undefined ? appliedMinor : toMinor(input.amount, customer.currency);
  if (totalMinor < appliedMinor)
    throw qboFaults.businessValidation('the payment lines add up to more than the payment amount');
  if (totalMinor <= 0) throw qboFaults.businessValidation('a payment must receive a positive amount');
  const at = company.now();
  const payment: PaymentRecord = {
    id: company.takeTxnId(),
    syncToken: 0,
    createdMs: at,
    updatedMs: at,
    txnDate: txnDateOf(company, input.txnDate),
    customerId: customer.id,
    currency: customer.currency,
    exchangeRate: 1,
    totalMinor,
    unappliedMinor: 0,
    lines,
    reference: input.reference ?? null,
    privateNote: input.privateNote ?? null,
  };
  // Check every line before changing anything, so a rejected payment leaves no trace.
  const seen = new Map<number, number>();
  for (const line of lines) seen.set(line.txnId, (seen.get(line.txnId) ?? 0) + line.amountMinor);
  for (const [invoiceId, amount] of seen) {
    const invoice = company.invoice(invoiceId);
    if (amount <= 0 || amount > invoice.balanceMinor) {
      throw qboFaults.businessValidation(
        `the amount applied to Invoice ${invoiceId} must be positive and at most its open balance`,
      );
    }
  }
  company.payments.set(payment.id, payment);
  company.announce('Payment', payment.id, 'Create', at);
  for (const [invoiceId, amount] of seen)
    applyToInvoice(company, company.invoice(invoiceId), amount, payment.id);
  company.setUnapplied(payment, totalMinor - appliedMinor);
  return payment;
}

export function addCreditMemo(company: Company, input: NewCreditMemo): CreditMemoRecord {
  const customer = company.customer(toId('Customer', input.customerId));
  const totalMinor = toMinor(input.amount, customer.currency);
  if (totalMinor <= 0) throw qboFaults.businessValidation('a credit memo must have a positive amount');
  const at = company.now();
  const memo: CreditMemoRecord = {
    id: company.takeTxnId(),
    syncToken: 0,
    createdMs: at,
    updatedMs: at,
    docNumber: input.docNumber ?? company.takeDocNumber(),
    txnDate: txnDateOf(company, input.txnDate),
    customerId: customer.id,
    currency: customer.currency,
    exchangeRate: 1,
    totalMinor,
    remainingMinor: 0,
    description: input.description ?? 'Credit',
    privateNote: null,
    paymentIds: [],
  };
  company.creditMemos.set(memo.id, memo);
  company.setRemainingCredit(memo, totalMinor);
  company.announce('CreditMemo', memo.id, 'Create', at);
  return memo;
}

export function applyCreditMemo(company: Company, input: CreditApplication): PaymentRecord {
  const memo = company.creditMemo(toId('CreditMemo', input.creditMemoId));
  const invoice = openInvoice(company, input.invoiceId, memo.customerId);
  const amountMinor =
    input.amount === undefined
      ? Math.min(memo.remainingMinor, invoice.balanceMinor)
      : toMinor(input.amount, memo.currency);
  if (amountMinor <= 0 || amountMinor > memo.remainingMinor) {
    throw qboFaults.businessValidation(
      `the credit applied must be positive and at most CreditMemo ${memo.id}'s remaining credit`,
    );
  }
  if (amountMinor > invoice.balanceMinor) {
    throw qboFaults.businessValidation(`the credit applied exceeds Invoice ${invoice.id}'s open balance`);
  }
  const at = company.now();
  const payment: PaymentRecord = {
    id: company.takeTxnId(),
    syncToken: 0,
    createdMs: at,
    updatedMs: at,
    txnDate: txnDateOf(company, input.txnDate),
    customerId: memo.customerId,
    currency: memo.currency,
    exchangeRate: 1,
    totalMinor: 0,
    unappliedMinor: 0,
    lines: [
      { kind: 'Invoice', txnId: invoice.id, amountMinor },
      { kind: 'CreditMemo', txnId: memo.id, amountMinor },
    ],
    reference: null,
    privateNote: null,
  };
  company.payments.set(payment.id, payment);
  company.announce('Payment', payment.id, 'Create', at);
  applyToInvoice(company, invoice, amountMinor, payment.id);
  company.setRemainingCredit(memo, memo.remainingMinor - amountMinor);
  memo.paymentIds.push(payment.id);
  company.touch('CreditMemo', memo);
  return payment;
}

/** Deleting a payment reopens what it settled and gives applied credit back to its credit memo. */
export function deletePayment(company: Company, id: IdInput): void {
  const payment = company.payment(toId('Payment', id));
  for (const line of payment.lines) {
    if (line.kind === 'Invoice') {
      const invoice = company.invoices.get(line.txnId);
      if (!invoice) continue;
      company.setInvoiceBalance(invoice, invoice.balanceMinor + line.amountMinor);
      invoice.paymentIds = invoice.paymentIds.filter((p) => p !== payment.id);
      company.touch('Invoice', invoice);
    } else {
      const memo = company.creditMemos.get(line.txnId);
      if (!memo) continue;
      company.setRemainingCredit(memo, memo.remainingMinor + line.amountMinor);
      memo.paymentIds = memo.paymentIds.filter((p) => p !== payment.id);
      company.touch('CreditMemo', memo);
    }
  }
  company.setUnapplied(payment, 0);
  company.payments.delete(payment.id);
  company.bury('Payment', payment.id);
}

export function deleteCreditMemo(company: Company, id: IdInput): void {
  const memo = company.creditMemo(toId('CreditMemo', id));
  if (memo.paymentIds.some((p) => company.payments.has(p))) {
    throw qboFaults.businessValidation(
      `CreditMemo ${memo.id} has been applied; delete the payment that applies it first`,
    );
  }
  company.setRemainingCredit(memo, 0);
  company.creditMemos.delete(memo.id);
  company.bury('CreditMemo', memo.id);
}
