// The fields each list endpoint can filter (`where`) and sort (`order`) on, read from the books.
// Dates are compared as epoch milliseconds (midnight UTC for calendar dates), amounts as decimals.
import type { ContactRecord, CreditNoteRecord, InvoiceRecord, PaymentRecord } from './ledger-types.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import type { FieldMap } from './where-filter.ts';
import { amount, startOfEpochDay } from './xero-format.ts';

const day = (d: number | null): number | null => (d === null ? null : startOfEpochDay(d));

export function invoiceFields(ledger: OrganisationLedger): FieldMap<InvoiceRecord> {
  const contactName = (i: InvoiceRecord) => ledger.contacts.get(i.contactId)?.name ?? null;
  return {
    invoiceid: (i) => i.id,
    invoicenumber: (i) => i.number,
    type: (i) => i.type,
    status: (i) => i.status,
    reference: (i) => i.reference,
    date: (i) => day(i.date),
    duedate: (i) => day(i.dueDate),
    expectedpaymentdate: (i) => day(i.expectedPaymentDate),
    fullypaidondate: (i) => day(i.fullyPaidOn),
    updateddateutc: (i) => i.updatedAt,
    currencycode: (i) => i.currency,
    total: (i) => amount(i.total, i.currency),
    subtotal: (i) => amount(i.subTotal, i.currency),
    totaltax: (i) => amount(i.totalTax, i.currency),
    amountdue: (i) => amount(ledger.amountDue(i), i.currency),
    amountpaid: (i) => amount(i.amountPaid, i.currency),
    amountcredited: (i) => amount(i.amountCredited, i.currency),
    senttocontact: (i) => i.sentToContact,
    hasattachments: (i) => i.hasAttachments,
    'contact.contactid': (i) => i.contactId,
    'contact.name': contactName,
  };
}

export function contactFields(): FieldMap<ContactRecord> {
  return {
    contactid: (c) => c.id,
    name: (c) => c.name,
    firstname: (c) => c.firstName,
    lastname: (c) => c.lastName,
    emailaddress: (c) => c.email,
    contactnumber: (c) => c.contactNumber,
    accountnumber: (c) => c.accountNumber,
    contactstatus: (c) => c.status,
    iscustomer: (c) => c.isCustomer,
    issupplier: (c) => c.isSupplier,
    updateddateutc: (c) => c.updatedAt,
    defaultcurrency: (c) => c.defaultCurrency,
    taxnumber: (c) => c.taxNumber,
  };
}

export function paymentFields(ledger: OrganisationLedger): FieldMap<PaymentRecord> {
  const inv = (p: PaymentRecord) => ledger.invoices.get(p.invoiceId);
  return {
    paymentid: (p) => p.id,
    date: (p) => day(p.date),
    amount: (p) => amount(p.amount, inv(p)?.currency ?? ledger.org.baseCurrency),
    reference: (p) => p.reference,
    status: (p) => p.status,
    paymenttype: (p) => (inv(p)?.type === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT'),
    updateddateutc: (p) => p.updatedAt,
    isreconciled: (p) => p.isReconciled,
    batchpaymentid: (p) => p.batchPaymentId,
    currencyrate: (p) => p.currencyRate,
    'invoice.invoiceid': (p) => p.invoiceId,
    'invoice.invoicenumber': (p) => inv(p)?.number ?? null,
    'invoice.type': (p) => inv(p)?.type ?? null,
    'invoice.contact.contactid': (p) => inv(p)?.contactId ?? null,
  };
}

export function creditNoteFields(ledger: OrganisationLedger): FieldMap<CreditNoteRecord> {
  return {
    creditnoteid: (n) => n.id,
    creditnotenumber: (n) => n.number,
    type: (n) => n.type,
    status: (n) => n.status,
    reference: (n) => n.reference,
    date: (n) => day(n.date),
    updateddateutc: (n) => n.updatedAt,
    total: (n) => amount(n.total, n.currency),
    remainingcredit: (n) => amount(n.status === 'AUTHORISED' ? n.total - n.allocated : 0, n.currency),
    currencycode: (n) => n.currency,
    'contact.contactid': (n) => n.contactId,
    'contact.name': (n) => ledger.contacts.get(n.contactId)?.name ?? null,
  };
}
