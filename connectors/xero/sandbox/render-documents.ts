// Invoices, payments and credit notes in Xero's JSON shape (field names, order and MS-JSON dates
// as in the Accounting API's examples). Invoice views: "single" (GET /Invoices/{id}: full contact
// and LineItems), "paged" (a list with `page`: LineItems), "unpaged" (a list without `page`: no
// LineItems) and "summary" (summaryOnly: no LineItems, payments or credit notes).
import { createHash } from 'node:crypto';
import { minorDigits } from '../../../src/core/money.ts';
import type {
  AllocationRecord,
  CreditNoteRecord,
  InvoiceRecord,
  LineRecord,
  PaymentRecord,
} from './ledger-types.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { renderContact, renderContactRef } from './render-contact.ts';
import { amount, dateString, msDate, msDateTime, utcSecondsString } from './xero-format.ts';

export type InvoiceView = 'single' | 'paged' | 'unpaged' | 'summary';
type Json = Record<string, unknown>;

/** A stable GUID for a line, derived from its document and position (lines carry no stored id). */
export function lineItemId(documentId: string, index: number): string {
  const h = createHash('md5').update(`${documentId}:${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function renderLines(documentId: string, lines: readonly LineRecord[], currency: string): Json[] {
  return lines.map((l, i) => ({
    Description: l.description,
    UnitAmount: amount(l.unitAmount, currency),
    TaxType: l.taxType,
    TaxAmount: amount(l.taxAmount, currency),
    LineAmount: amount(l.lineAmount, currency),
    AccountCode: l.accountCode,
    Tracking: [],
    Quantity: l.quantity,
    LineItemID: lineItemId(documentId, i),
    ValidationErrors: [],
  }));
}

function invoicePayments(ledger: OrganisationLedger, inv: InvoiceRecord): Json[] {
  const out: Json[] = [];
  for (const id of inv.paymentIds) {
    const p = ledger.payments.get(id);
    if (!p || p.status !== 'AUTHORISED') continue;
    out.push({
      PaymentID: p.id,
      Date: msDate(p.date),
      Amount: amount(p.amount, inv.currency),
      Reference: p.reference,
      CurrencyRate: p.currencyRate,
      HasAccount: false,
      HasValidationErrors: false,
    });
  }
  return out;
}

function invoiceCreditNotes(ledger: OrganisationLedger, inv: InvoiceRecord): Json[] {
  const out: Json[] = [];
  for (const id of inv.allocationIds) {
    const a = ledger.allocations.get(id);
    const note = a && ledger.creditNotes.get(a.creditNoteId);
    if (!a || !note) continue;
    out.push({
      CreditNoteID: note.id,
      CreditNoteNumber: note.number,
      ID: note.id,
      AppliedAmount: amount(a.amount, note.currency),
      DateString: dateString(note.date),
      Date: msDate(note.date),
      LineItems: [],
      Total: amount(note.total, note.currency),
    });
  }
  return out;
}

export function renderInvoice(ledger: OrganisationLedger, inv: InvoiceRecord, view: InvoiceView): Json {
  const c = inv.currency;
  const contact = ledger.contacts.get(inv.contactId);
  const out: Json = {
    Type: inv.type,
    InvoiceID: inv.id,
    InvoiceNumber: inv.number,
    Reference: inv.reference,
  };
  if (view !== 'summary') {
    out.Payments = invoicePayments(ledger, inv);
    out.CreditNotes = invoiceCreditNotes(ledger, inv);
    out.Prepayments = [];
    out.Overpayments = [];
  }
  out.AmountDue = amount(ledger.amountDue(inv), c);
  out.AmountPaid = amount(inv.amountPaid, c);
  out.AmountCredited = amount(inv.amountCredited, c);
  if (inv.type === 'ACCREC') out.SentToContact = inv.sentToContact;
  out.CurrencyRate = inv.currencyRate;
  out.HasErrors = false;
  out.IsDiscounted = false;
  out.HasAttachments = inv.hasAttachments;
  if (contact) {
    out.Contact = view === 'single' ? renderContact(ledger, contact, 'embedded') : renderContactRef(contact);
  }
  out.DateString = dateString(inv.date);
  out.Date = msDate(inv.date);
  if (inv.dueDate !== null) {
    out.DueDateString = dateString(inv.dueDate);
    out.DueDate = msDate(inv.dueDate);
  }
  if (inv.expectedPaymentDate !== null) out.ExpectedPaymentDate = msDate(inv.expectedPaymentDate);
  out.Status = inv.status;
  out.LineAmountTypes = inv.lineAmountTypes;
  if (view === 'single' || view === 'paged') out.LineItems = renderLines(inv.id, inv.lines, c);
  out.SubTotal = amount(inv.subTotal, c);
  out.TotalTax = amount(inv.totalTax, c);
  out.Total = amount(inv.total, c);
  out.UpdatedDateUTC = msDateTime(inv.updatedAt);
  out.UpdatedDateUTCString = utcSecondsString(inv.updatedAt);
  out.CurrencyCode = c;
  if (inv.fullyPaidOn !== null && inv.status === 'PAID') out.FullyPaidOnDate = msDate(inv.fullyPaidOn);
  return out;
}

export function renderPayment(ledger: OrganisationLedger, p: PaymentRecord): Json {
  const inv = ledger.invoices.get(p.invoiceId);
  const currency = inv?.currency ?? ledger.org.baseCurrency;
  const contact = inv && ledger.contacts.get(inv.contactId);
  const out: Json = { PaymentID: p.id };
  if (p.batchPaymentId) out.BatchPaymentID = p.batchPaymentId;
  out.Date = msDate(p.date);
  // The bank account is in the base currency: a foreign-currency payment converts at its rate
  // (units of invoice currency per unit of base currency).
  const base = ledger.org.baseCurrency;
  out.BankAmount =
    currency === base
      ? amount(p.amount, currency)
      : Math.round((amount(p.amount, currency) / p.currencyRate) * 10 ** minorDigits(base)) /
        10 ** minorDigits(base);
  out.Amount = amount(p.amount, currency);
  out.Reference = p.reference;
  out.CurrencyRate = p.currencyRate;
  out.PaymentType = inv?.type === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT';
  out.Status = p.status;
  out.UpdatedDateUTC = msDateTime(p.updatedAt);
  out.UpdatedDateUTCString = utcSecondsString(p.updatedAt);
  out.HasAccount = true;
  out.IsReconciled = p.isReconciled;
  out.Account = { AccountID: ledger.org.bankAccount.id, Code: ledger.org.bankAccount.code };
  if (inv) {
    out.Invoice = {
      Type: inv.type,
      InvoiceID: inv.id,
      InvoiceNumber: inv.number,
      Payments: [],
      CreditNotes: [],
      Prepayments: [],
      Overpayments: [],
      HasErrors: false,
      IsDiscounted: false,
      ...(contact ? { Contact: renderContactRef(contact) } : {}),
      LineItems: [],
      CurrencyCode: inv.currency,
    };
  }
  out.HasValidationErrors = false;
  return out;
}

function renderAllocation(ledger: OrganisationLedger, a: AllocationRecord, currency: string): Json {
  const inv = ledger.invoices.get(a.invoiceId);
  return {
    AllocationID: a.id,
    Amount: amount(a.amount, currency),
    Date: msDate(a.date),
    Invoice: inv
      ? {
          InvoiceID: inv.id,
          InvoiceNumber: inv.number,
          Payments: [],
          CreditNotes: [],
          Prepayments: [],
          Overpayments: [],
          HasErrors: false,
          IsDiscounted: false,
          LineItems: [],
        }
      : { InvoiceID: a.invoiceId },
    IsDeleted: false,
  };
}

export function renderCreditNote(
  ledger: OrganisationLedger,
  note: CreditNoteRecord,
  withLines: boolean,
): Json {
  const c = note.currency;
  const contact = ledger.contacts.get(note.contactId);
  const out: Json = {
    CreditNoteID: note.id,
    CreditNoteNumber: note.number,
    Payments: [],
    ID: note.id,
    CurrencyRate: note.currencyRate,
    Type: note.type,
    Reference: note.reference,
    RemainingCredit: amount(note.status === 'AUTHORISED' ? note.total - note.allocated : 0, c),
    Allocations: note.allocationIds.flatMap((id) => {
      const a = ledger.allocations.get(id);
      return a ? [renderAllocation(ledger, a, c)] : [];
    }),
    HasAttachments: false,
  };
  if (contact) out.Contact = renderContactRef(contact);
  out.DateString = dateString(note.date);
  out.Date = msDate(note.date);
  out.Status = note.status;
  out.LineAmountTypes = note.lineAmountTypes;
  out.LineItems = withLines ? renderLines(note.id, note.lines, c) : [];
  out.SubTotal = amount(note.subTotal, c);
  out.TotalTax = amount(note.totalTax, c);
  out.Total = amount(note.total, c);
  out.UpdatedDateUTC = msDateTime(note.updatedAt);
  out.UpdatedDateUTCString = utcSecondsString(note.updatedAt);
  out.CurrencyCode = c;
  if (note.fullyPaidOn !== null && note.status === 'PAID') out.FullyPaidOnDate = msDate(note.fullyPaidOn);
  return out;
}
