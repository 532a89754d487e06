// The double's own storage shapes. A ledger of 100,000 invoices and 100,000 payments is held as flat
// records of numbers and short strings (money in integer minor units, dates as 'YYYY-MM-DD',
// instants as epoch milliseconds) and rendered to QuickBooks JSON only when a response needs it.
import type { LocalDate } from '../../../src/core/dates.ts';

export const QUERYABLE_ENTITIES = [
  'Invoice',
  'Payment',
  'CreditMemo',
  'Customer',
  'Attachable',
  'Term',
  'CompanyInfo',
  'Preferences',
] as const;
export type QueryableEntity = (typeof QUERYABLE_ENTITIES)[number];

/** Entities that change and so appear in CDC and webhooks. */
export const CHANGING_ENTITIES = ['Invoice', 'Payment', 'CreditMemo', 'Customer', 'Attachable'] as const;
export type ChangingEntity = (typeof CHANGING_ENTITIES)[number];

export type EmailStatus = 'NotSet' | 'NeedToSend' | 'EmailSent';
export type PrintStatus = 'NotSet' | 'NeedToPrint' | 'PrintComplete';
export type DeliveryMethod = 'Email' | 'Print' | 'None';

export interface AddressRecord {
  line1: string;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
}

interface Versioned {
  id: number;
  syncToken: number;
  createdMs: number;
  updatedMs: number;
}

export interface CustomerRecord extends Versioned {
  displayName: string;
  companyName: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  phone: string | null;
  currency: string;
  active: boolean;
  termId: number | null;
  preferredDelivery: DeliveryMethod;
  address: AddressRecord | null;
  /** Open invoices less unapplied payments and unused credit, in the customer's currency. */
  balanceMinor: number;
}

export interface InvoiceRecord extends Versioned {
  docNumber: string;
  txnDate: LocalDate;
  dueDate: LocalDate;
  customerId: number;
  currency: string;
  /** Units of home currency per unit of the invoice currency (1 in the home currency). */
  exchangeRate: number;
  totalMinor: number;
  balanceMinor: number;
  termId: number | null;
  billEmail: string | null;
  emailStatus: EmailStatus;
  printStatus: PrintStatus;
  /** When QuickBooks last e-mailed the invoice (DeliveryInfo), or null. */
  sentMs: number | null;
  privateNote: string | null;
  customerMemo: string | null;
  description: string;
  /** Online card/ACH payment enabled: the invoice then has an InvoiceLink. */
  onlinePayment: boolean;
  voided: boolean;
  /** StringValue per company custom-field definition (index = DefinitionId - 1); null when none set. */
  customFields: (string | null)[] | null;
  /** Payments whose lines link this invoice, oldest first. */
  paymentIds: number[];
}

export interface PaymentLineRecord {
  kind: 'Invoice' | 'CreditMemo';
  txnId: number;
  amountMinor: number;
}

export interface PaymentRecord extends Versioned {
  txnDate: LocalDate;
  customerId: number;
  currency: string;
  exchangeRate: number;
  totalMinor: number;
  unappliedMinor: number;
  lines: PaymentLineRecord[];
  reference: string | null;
  privateNote: string | null;
}

export interface CreditMemoRecord extends Versioned {
  docNumber: string;
  txnDate: LocalDate;
  customerId: number;
  currency: string;
  exchangeRate: number;
  totalMinor: number;
  remainingMinor: number;
  description: string;
  privateNote: string | null;
  /** Zero-amount payments that applied this credit, oldest first. */
  paymentIds: number[];
}

export interface AttachableRefRecord {
  type: string;
  value: string;
  includeOnSend: boolean;
}

export interface AttachableRecord extends Versioned {
  note: string | null;
  fileName: string | null;
  refs: AttachableRefRecord[];
}

export interface TermRecord {
  id: number;
  name: string;
  dueDays: number;
  active: boolean;
}

export interface Tombstone {
  entity: ChangingEntity;
  id: number;
  deletedMs: number;
}

export type ChangeOperation = 'Create' | 'Update' | 'Delete' | 'Void' | 'Merge' | 'Emailed';

export interface ChangeEvent {
  realmId: string;
  entity: ChangingEntity;
  id: string;
  operation: ChangeOperation;
  atMs: number;
}

export interface CompanyProfile {
  realmId: string;
  companyName: string;
  legalName: string;
  email: string;
  phone: string;
  country: string;
  currency: string;
  address: AddressRecord;
  /** Names of the invoice custom fields the firm has defined (QuickBooks allows three). */
  customFieldNames: string[];
  createdMs: number;
}

/** QuickBooks' standard payment terms, as a new company has them. */
export const STANDARD_TERMS: readonly TermRecord[] = [
  { id: 1, name: 'Due on receipt', dueDays: 0, active: true },
  { id: 2, name: 'Net 15', dueDays: 15, active: true },
  { id: 3, name: 'Net 30', dueDays: 30, active: true },
  { id: 4, name: 'Net 60', dueDays: 60, active: true },
  { id: 5, name: 'Net 45', dueDays: 45, active: true },
];
