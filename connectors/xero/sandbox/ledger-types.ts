// The sandbox's in-memory books, one set per organisation. Amounts are integer minor units in the
// document's currency, calendar dates are epoch days, instants are epoch milliseconds; the Xero
// JSON shapes are produced from these by the render-*.ts files.

export type InvoiceType = 'ACCREC' | 'ACCPAY';

/** Statuses in which an invoice still has an amount due and can be edited. */
export const OPEN_STATUSES: ReadonlySet<string> = new Set(['DRAFT', 'SUBMITTED', 'AUTHORISED']);
export type InvoiceStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
export type CreditNoteType = 'ACCRECCREDIT' | 'ACCPAYCREDIT';
export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';
export type PaymentTermType =
  'DAYSAFTERBILLDATE' | 'DAYSAFTERBILLMONTH' | 'OFCURRENTMONTH' | 'OFFOLLOWINGMONTH';

export interface OrganisationRecord {
  tenantId: string;
  name: string;
  legalName: string;
  countryCode: string;
  baseCurrency: string;
  /** Windows-style zone name, as Xero sends it ("ROMANCESTANDARDTIME"). */
  timezone: string;
  version: 'AU' | 'NZ' | 'GLOBAL' | 'UK' | 'US';
  shortCode: string;
  apiKey: string;
  taxNumber: string;
  registrationNumber: string;
  lineOfBusiness: string;
  createdAt: number;
  /** Sales tax in basis points (2100 = 21 %). */
  salesTaxBasisPoints: number;
  salesTaxType: string;
  purchasesTaxType: string;
  salesAccountCode: string;
  purchasesAccountCode: string;
  bankAccount: { id: string; code: string };
  salesTerms: PaymentTermsRecord;
  billTerms: PaymentTermsRecord;
  address: AddressRecord;
  phone: string;
}

export interface PaymentTermsRecord {
  day: number;
  type: PaymentTermType;
}

export interface AddressRecord {
  type: 'POBOX' | 'STREET';
  line1: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  attentionTo: string;
}

export interface PhoneRecord {
  type: 'DEFAULT' | 'DDI' | 'MOBILE' | 'FAX';
  number: string;
  areaCode: string;
  countryCode: string;
}

export interface ContactPersonRecord {
  firstName: string;
  lastName: string;
  email: string;
  includeInEmails: boolean;
}

export interface ContactRecord {
  id: string;
  contactNumber: string;
  accountNumber: string;
  status: 'ACTIVE' | 'ARCHIVED';
  name: string;
  firstName: string;
  lastName: string;
  email: string;
  persons: ContactPersonRecord[];
  phones: PhoneRecord[];
  addresses: AddressRecord[];
  taxNumber: string;
  salesTerms: PaymentTermsRecord | null;
  billTerms: PaymentTermsRecord | null;
  defaultCurrency: string | null;
  isCustomer: boolean;
  isSupplier: boolean;
  website: string;
  updatedAt: number;
}

export interface LineRecord {
  description: string;
  quantity: number;
  /** Unit price in minor units. */
  unitAmount: number;
  accountCode: string;
  taxType: string;
  taxAmount: number;
  lineAmount: number;
}

export interface InvoiceRecord {
  id: string;
  number: string;
  type: InvoiceType;
  status: InvoiceStatus;
  contactId: string;
  date: number;
  dueDate: number | null;
  expectedPaymentDate: number | null;
  currency: string;
  currencyRate: number;
  reference: string;
  lineAmountTypes: LineAmountTypes;
  lines: LineRecord[];
  subTotal: number;
  totalTax: number;
  total: number;
  amountPaid: number;
  amountCredited: number;
  paymentIds: string[];
  allocationIds: string[];
  sentToContact: boolean;
  fullyPaidOn: number | null;
  hasAttachments: boolean;
  updatedAt: number;
}

export interface PaymentRecord {
  id: string;
  invoiceId: string;
  date: number;
  /** In the invoice's currency. */
  amount: number;
  currencyRate: number;
  reference: string;
  status: 'AUTHORISED' | 'DELETED';
  isReconciled: boolean;
  batchPaymentId: string | null;
  updatedAt: number;
}

export interface AllocationRecord {
  id: string;
  creditNoteId: string;
  invoiceId: string;
  amount: number;
  date: number;
}

export interface CreditNoteRecord {
  id: string;
  number: string;
  type: CreditNoteType;
  status: 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
  contactId: string;
  date: number;
  currency: string;
  currencyRate: number;
  reference: string;
  lineAmountTypes: LineAmountTypes;
  lines: LineRecord[];
  subTotal: number;
  totalTax: number;
  total: number;
  allocationIds: string[];
  allocated: number;
  fullyPaidOn: number | null;
  sentToContact: boolean;
  updatedAt: number;
}

export interface HistoryEntry {
  at: number;
  changes: string;
  details: string;
  user: string;
}

/** A whole set of books, as the generator produces it and an organisation loads it. */
export interface XeroLedgerData {
  contacts: ContactRecord[];
  invoices: InvoiceRecord[];
  payments: PaymentRecord[];
  creditNotes: CreditNoteRecord[];
  allocations: AllocationRecord[];
}

export type WebhookCategory = 'INVOICE' | 'CONTACT' | 'CREDITNOTE';

/** What changed, for webhooks: Xero events carry no data beyond this. */
export interface LedgerChange {
  tenantId: string;
  category: WebhookCategory;
  type: 'CREATE' | 'UPDATE';
  resourceId: string;
  at: number;
  /** Credit-note events carry Type and Status (CreditNoteWebhookEvent). */
  data?: { Type: CreditNoteType; Status: CreditNoteRecord['status'] };
}
