// The collections domain's vocabulary. Pure data: no I/O, no classes. Amounts are integer minor
// units in the currency named beside them; dates are LocalDate strings; instants are ISO strings (UTC).
import type { LocalDate } from './dates.ts';
import type { Money } from './money.ts';

export type Platform = 'quickbooks' | 'xero' | 'hubspot' | 'import';
export const LANGUAGES = ['fr', 'en', 'nl', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export const CHANNELS = ['email', 'sms', 'letter', 'call', 'formal_notice', 'agency_review'] as const;
export type Channel = (typeof CHANNELS)[number];
/** An instant, as an ISO-8601 UTC string ("2026-11-23T09:00:00.000Z"). */
export type Instant = string;

export interface BusinessHours {
  /** ISO weekdays on which the firm works: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Send window, local wall-clock "HH:MM" (start inclusive, end exclusive). */
  start: string;
  end: string;
}

export interface SenderIdentity {
  name: string; // the name reminders are signed with (the firm's trading name)
  email: string | null; // the firm's own address (replies go here)
  /** The relay may send as `email` (SPF/DKIM set up); otherwise MAIL_FROM sends, Reply-To the firm. */
  emailVerified?: boolean;
  phone: string | null;
  address: string | null; // postal address for letterheads
  iban: string | null; // for SEPA credit-transfer QR codes on EUR reminders
  bic: string | null;
}

export interface FeePolicy {
  /** State statutory late-payment interest on firm reminders (EU Directive 2011/7/EU). */
  statutoryInterest: boolean;
  /** State the fixed EUR 40 recovery compensation per invoice. */
  fixedCompensation: boolean;
  /** An early-payment discount the firm offers, stated on reminders sent before the due date. */
  earlyPaymentDiscount: { percent: number; withinDays: number } | null;
}

export interface Firm {
  id: string;
  name: string;
  country: string; // ISO 3166-1 alpha-2
  baseCurrency: string;
  timeZone: string; // IANA
  businessHours: BusinessHours;
  language: Language;
  sender: SenderIdentity;
  /** Review mode: Relance plans and shows, sends nothing, until the firm switches sending on. */
  reviewMode: boolean;
  fees: FeePolicy;
}

export interface Customer {
  id: string;
  firmId: string;
  externalId: string;
  name: string;
  /** Accounts-payable contact first. */
  emails: string[];
  phone: string | null;
  language: Language | null;
  timeZone: string | null;
  country: string | null;
  segmentId: string | null;
  /** True when a person put the customer in its segment: rules no longer move it. */
  segmentManual: boolean;
  paymentTermsDays: number | null;
  creditLimit: Money | null;
  paused: boolean;
}

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'deleted';

export interface Invoice {
  id: string;
  firmId: string;
  customerId: string;
  externalId: string;
  number: string;
  issueDate: LocalDate;
  dueDate: LocalDate | null;
  currency: string;
  total: number;
  openBalance: number;
  status: InvoiceStatus;
  paymentLink: string | null;
  disputed: boolean;
  paused: boolean;
}

export interface PaymentAllocation {
  invoiceId: string;
  amount: number;
}

export interface Payment {
  id: string;
  customerId: string;
  externalId: string;
  date: LocalDate;
  currency: string;
  amount: number;
  allocations: PaymentAllocation[];
}

export interface CreditNote {
  id: string;
  customerId: string;
  externalId: string;
  number: string;
  date: LocalDate;
  currency: string;
  total: number;
  remaining: number;
  allocations: PaymentAllocation[];
}

export interface StepConditions {
  /** Skip the step for invoices whose open balance is below this amount (same currency only). */
  minAmount?: Money;
}

export interface ProcedureStep {
  /** Stable within a procedure ("reminder-1"); with the procedure id it keys what was done. */
  id: string;
  /** Days from the due date; negative = before it. */
  offsetDays: number;
  channel: Channel;
  /** Template key, e.g. "heads_up", "reminder_1", "formal_notice". */
  template: string;
  /** 1 = friendly … 5 = legal. */
  tone: 1 | 2 | 3 | 4 | 5;
  /** State late fees and statutory interest. */
  statesFees: boolean;
  /** A person must approve before this step is carried out. */
  requiresApproval: boolean;
  /** Letters: send as registered mail. */
  registered: boolean;
  conditions: StepConditions;
}

export interface Procedure {
  id: string;
  key: string; // "standard", "gentle", "strict", or the firm's own
  name: string;
  steps: ProcedureStep[]; // ordered by offsetDays
}

export type SegmentRule =
  | { kind: 'manual' }
  | { kind: 'new_customer'; maxAgeDays: number }
  | { kind: 'open_balance_over'; amount: Money }
  | { kind: 'avg_days_late_over'; days: number }
  | { kind: 'default' };

export interface Segment {
  id: string;
  key: string;
  name: string;
  procedureId: string;
  rule: SegmentRule;
  /** Rules are tried in ascending position; the first that matches wins. */
  position: number;
}

export type PromiseStatus = 'open' | 'kept' | 'broken' | 'cancelled';

export interface PromiseToPay {
  id: string;
  customerId: string;
  invoiceIds: string[];
  promisedDate: LocalDate;
  amount: Money | null;
  /** Business days after the promised date before the promise counts as broken. */
  graceDays: number;
  status: PromiseStatus;
}

export interface Instalment {
  dueDate: LocalDate;
  amount: number;
}

export interface PaymentPlan {
  id: string;
  customerId: string;
  invoiceIds: string[];
  currency: string;
  instalments: Instalment[];
  /** Open balance of the plan's invoices when it was agreed: payments since count against instalments. */
  startingBalance: number;
  status: 'active' | 'completed' | 'cancelled';
}

export interface Dispute {
  id: string;
  invoiceId: string;
  reason: string;
  reasonCode: 'quality' | 'wrong_invoice' | 'cannot_pay' | 'other';
  status: 'open' | 'resolved';
}
