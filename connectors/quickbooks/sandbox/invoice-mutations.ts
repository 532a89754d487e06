// Customers and invoices changing as they do in QuickBooks: created, edited, e-mailed, voided
// (kept with TotalAmt 0, Balance 0 and "Voided" in PrivateNote) or deleted. Removing an invoice
// first detaches the payments that settled it; each change bumps SyncToken and LastUpdatedTime.
import { addDays, isLocalDate, type LocalDate } from '../../../src/core/dates.ts';
import { isCurrencyCode, toMinor } from '../../../src/core/money.ts';
import type { Company } from './company.ts';
import { qboFaults } from './faults.ts';
import { qboLocalDate } from './qbo-time.ts';
import type { AddressRecord, CustomerRecord, DeliveryMethod, EmailStatus, InvoiceRecord } from './records.ts';

export type IdInput = string | number;
export type AmountInput = string | number;

export interface NewCustomer {
  displayName: string;
  companyName?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  email?: string | null;
  phone?: string | null;
  /** ISO 4217; the company's home currency when left out. */
  currency?: string;
  /** A Term Id (1 Due on receipt, 2 Net 15, 3 Net 30, 4 Net 60, 5 Net 45); Net 30 when left out. */
  termId?: number | null;
  preferredDelivery?: DeliveryMethod;
  address?: AddressRecord | null;
}

export interface CustomerEdit {
  displayName?: string;
  companyName?: string | null;
  email?: string | null;
  phone?: string | null;
  termId?: number | null;
  active?: boolean;
}

export interface NewInvoice {
  customerId: IdInput;
  /** Decimal amount in the customer's currency ("150.50"). */
  amount: AmountInput;
  txnDate?: LocalDate;
  /** Defaults to TxnDate plus the term's days (TxnDate itself without a term). */
  dueDate?: LocalDate;
  termId?: number | null;
  docNumber?: string;
  /** Defaults to the customer's e-mail; null for an invoice with no billing e-mail. */
  billEmail?: string | null;
  emailStatus?: EmailStatus;
  onlinePayment?: boolean;
  description?: string;
  privateNote?: string | null;
  exchangeRate?: number;
}

export interface InvoiceEdit {
  amount?: AmountInput;
  dueDate?: LocalDate;
  txnDate?: LocalDate;
  termId?: number | null;
  billEmail?: string | null;
  privateNote?: string | null;
  onlinePayment?: boolean;
  emailStatus?: EmailStatus;
}

export function toId(entity: string, input: IdInput): number {
  const n = typeof input === 'number' ? input : Number(input);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw qboFaults.invalidReference(`${entity} Id "${String(input)}" is not an Id`);
  return n;
}

function checkDate(field: string, value: string): LocalDate {
  if (!isLocalDate(value))
    throw qboFaults.businessValidation(`${field} must be a YYYY-MM-DD date, got "${value}"`);
  return value;
}

function checkTerm(company: Company, termId: number | null): number | null {
  if (termId !== null && company.term(termId) === null)
    throw qboFaults.invalidReference(`Term ${termId} does not exist`);
  return termId;
}

export function addCustomer(company: Company, input: NewCustomer): CustomerRecord {
  const displayName = input.displayName.trim();
  if (displayName === '') throw qboFaults.requiredParameter('DisplayName');
  for (const c of company.customers.values()) {
    if (c.displayName.toLowerCase() === displayName.toLowerCase()) throw qboFaults.duplicateName(displayName);
  }
  const currency = input.currency ?? company.profile.currency;
  if (!isCurrencyCode(currency))
    throw qboFaults.invalidReference(`currency "${currency}" is not an ISO 4217 code`);
  const at = company.now();
  const customer: CustomerRecord = {
    id: company.takeCustomerId(),
    syncToken: 0,
    createdMs: at,
    updatedMs: at,
    displayName,
    companyName: input.companyName ?? displayName,
    givenName: input.givenName ?? null,
    familyName: input.familyName ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    currency,
    active: true,
    termId: checkTerm(company, input.termId === undefined ? 3 : input.termId),
    preferredDelivery: input.preferredDelivery ?? 'Email',
    address: input.address ?? null,
    balanceMinor: 0,
  };
  company.customers.set(customer.id, customer);
  company.announce('Customer', customer.id, 'Create', at);
  return customer;
}

export function editCustomer(company: Company, id: IdInput, edit: CustomerEdit): CustomerRecord {
  const customer = company.customer(toId('Customer', id));
  if (edit.displayName !== undefined) customer.displayName = edit.displayName;
  if (edit.companyName !== undefined) customer.companyName = edit.companyName;
  if (edit.email !== undefined) customer.email = edit.email;
  if (edit.phone !== undefined) customer.phone = edit.phone;
  if (edit.termId !== undefined) customer.termId = checkTerm(company, edit.termId);
  if (edit.active !== undefined) customer.active = edit.active;
  company.touch('Customer', customer);
  return customer;
}

/** QuickBooks never deletes a customer: "deleting" makes it inactive, and queries then skip it. */
export function deactivateCustomer(company: Company, id: IdInput): CustomerRecord {
  const customer = company.customer(toId('Customer', id));
  customer.active = false;
  company.touch('Customer', customer, 'Delete');
  return customer;
}

export function addInvoice(company: Company, input: NewInvoice): InvoiceRecord {
  const customer = company.customer(toId('Customer', input.customerId));
  if (!customer.active) throw qboFaults.invalidReference(`Customer ${customer.id} is inactive`);
  const totalMinor = toMinor(input.amount, customer.currency);
  if (totalMinor < 0) throw qboFaults.businessValidation('an invoice total cannot be negative');
  const at = company.now();
  const txnDate = checkDate('TxnDate', input.txnDate ?? qboLocalDate(at));
  const termId = checkTerm(company, input.termId === undefined ? customer.termId : input.termId);
  const dueDays = company.term(termId)?.dueDays ?? 0;
  const dueDate = checkDate('DueDate', input.dueDate ?? addDays(txnDate, dueDays));
  const billEmail = input.billEmail === undefined ? customer.email : input.billEmail;
  const invoice: InvoiceRecord = {
    id: company.takeTxnId(),
    syncToken: 0,
    createdMs: at,
    updatedMs: at,
    docNumber: input.docNumber ?? company.takeDocNumber(),
    txnDate,
    dueDate,
    customerId: customer.id,
    currency: customer.currency,
    exchangeRate: input.exchangeRate ?? 1,
    totalMinor,
    balanceMinor: 0,
    termId,
    billEmail,
    emailStatus: input.emailStatus ?? (billEmail ? 'EmailSent' : 'NotSet'),
    printStatus: 'NotSet',
    sentMs: (input.emailStatus ?? (billEmail ? 'EmailSent' : 'NotSet')) === 'EmailSent' ? at : null,
    privateNote: input.privateNote ?? null,
    customerMemo: null,
    description: input.description ?? 'Professional services',
    onlinePayment: input.onlinePayment ?? true,
    voided: false,
    customFields: null,
    paymentIds: [],
  };
  company.invoices.set(invoice.id, invoice);
  company.setInvoiceBalance(invoice, totalMinor);
  company.announce('Invoice', invoice.id, 'Create', at);
  return invoice;
}

/** An edit made by someone in QuickBooks: a new amount keeps what was already paid. */
export function editInvoice(company: Company, id: IdInput, edit: InvoiceEdit): InvoiceRecord {
  const invoice = company.invoice(toId('Invoice', id));
  if (invoice.voided) throw qboFaults.businessValidation(`Invoice ${invoice.id} is voided`);
  if (edit.amount !== undefined) {
    const totalMinor = toMinor(edit.amount, invoice.currency);
    const paidMinor = invoice.totalMinor - invoice.balanceMinor;
    if (totalMinor < paidMinor) {
      throw qboFaults.businessValidation(
        `Invoice ${invoice.id} already has payments larger than the new total`,
      );
    }
    invoice.totalMinor = totalMinor;
    company.setInvoiceBalance(invoice, totalMinor - paidMinor);
  }
  if (edit.txnDate !== undefined) invoice.txnDate = checkDate('TxnDate', edit.txnDate);
  if (edit.dueDate !== undefined) invoice.dueDate = checkDate('DueDate', edit.dueDate);
  if (edit.termId !== undefined) invoice.termId = checkTerm(company, edit.termId);
  if (edit.billEmail !== undefined) invoice.billEmail = edit.billEmail;
  if (edit.privateNote !== undefined) invoice.privateNote = edit.privateNote;
  if (edit.onlinePayment !== undefined) invoice.onlinePayment = edit.onlinePayment;
  if (edit.emailStatus !== undefined) invoice.emailStatus = edit.emailStatus;
  company.touch('Invoice', invoice);
  return invoice;
}

/** QuickBooks e-mails the invoice itself (POST /invoice/{id}/send). */
export function sendInvoice(company: Company, id: IdInput, sendTo?: string): InvoiceRecord {
  const invoice = company.invoice(toId('Invoice', id));
  const to = sendTo ?? invoice.billEmail;
  if (!to) throw qboFaults.businessValidation(`Invoice ${invoice.id} has no BillEmail and no sendTo address`);
  invoice.billEmail = to;
  invoice.emailStatus = 'EmailSent';
  invoice.sentMs = company.now();
  company.touch('Invoice', invoice, 'Emailed');
  return invoice;
}

/** Removes every payment line that settles this invoice: payments become unapplied credit again. */
export function detachPayments(company: Company, invoice: InvoiceRecord): void {
  for (const paymentId of invoice.paymentIds) {
    const payment = company.payments.get(paymentId);
    if (!payment) continue;
    let freed = 0;
    payment.lines = payment.lines.filter((line) => {
      if (line.kind === 'Invoice' && line.txnId === invoice.id) {
        freed += line.amountMinor;
        return false;
      }
      return true;
    });
    company.setInvoiceBalance(invoice, invoice.balanceMinor + freed);
    // A credit application (a zero payment) gives the credit back to its credit memo.
    for (const line of payment.lines) {
      if (freed === 0 || line.kind !== 'CreditMemo') continue;
      const memo = company.creditMemos.get(line.txnId);
      const back = Math.min(freed, line.amountMinor);
      line.amountMinor -= back;
      freed -= back;
      if (memo) {
        company.setRemainingCredit(memo, memo.remainingMinor + back);
        company.touch('CreditMemo', memo);
      }
    }
    payment.lines = payment.lines.filter((line) => line.amountMinor > 0);
    if (freed > 0) company.setUnapplied(payment, payment.unappliedMinor + freed);
    if (payment.lines.length === 0 && payment.totalMinor === 0) {
      company.payments.delete(payment.id);
      company.bury('Payment', payment.id);
    } else {
      company.touch('Payment', payment);
    }
  }
  invoice.paymentIds = [];
}

export function voidInvoice(company: Company, id: IdInput): InvoiceRecord {
  const invoice = company.invoice(toId('Invoice', id));
  if (invoice.voided) throw qboFaults.businessValidation(`Invoice ${invoice.id} is already voided`);
  detachPayments(company, invoice);
  company.setInvoiceBalance(invoice, 0);
  invoice.totalMinor = 0;
  invoice.voided = true;
  invoice.privateNote = invoice.privateNote ? `Voided - ${invoice.privateNote}` : 'Voided';
  company.touch('Invoice', invoice, 'Void');
  return invoice;
}

export function deleteInvoice(company: Company, id: IdInput): void {
  const invoice = company.invoice(toId('Invoice', id));
  detachPayments(company, invoice);
  company.setInvoiceBalance(invoice, 0);
  company.invoices.delete(invoice.id);
  company.bury('Invoice', invoice.id);
}
