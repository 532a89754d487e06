// What the delivery code hands to renderMessage, and what it gets back. Amounts are integer minor
// units in the invoice's currency; dates are LocalDate strings. The caller chooses the language
// (the customer's, else the firm's) and the channel picks which fields of the result it uses.
import type { LocalDate } from '../dates.ts';
import type { Money } from '../money.ts';
import type { Channel, Language } from '../types.ts';

export const TEMPLATE_KEYS = [
  'heads_up',
  'reminder_1',
  'reminder_2',
  'call',
  'formal_reminder',
  'formal_notice',
  'agency_review',
  'instalment_reminder',
  'instalment_missed',
  'promise_broken',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** Keys whose message is for a person at the firm (a task), not for the customer. */
export const INTERNAL_TEMPLATE_KEYS: readonly TemplateKey[] = ['call', 'agency_review'];

export function isTemplateKey(key: string): key is TemplateKey {
  return (TEMPLATE_KEYS as readonly string[]).includes(key);
}

export type Tone = 1 | 2 | 3 | 4 | 5;

export interface MessageInvoice {
  number: string;
  issueDate: LocalDate;
  dueDate: LocalDate;
  currency: string;
  total: number;
  openBalance: number;
  paymentLink: string | null;
  daysLate: number;
  /** Statutory interest accrued as of sentOn, minor units of the invoice's currency. */
  interest: number | null;
  /** Fixed recovery compensation for this invoice (EUR 40 under Directive 2011/7/EU). */
  compensation: Money | null;
}

/** A step already carried out for this customer, for the call script and the agency review. */
export interface MessageHistoryEntry {
  on: LocalDate;
  templateKey: string;
  channel: Channel;
}

export interface MessageContext {
  language: Language;
  templateKey: string;
  channel: Channel;
  tone: Tone;
  statesFees: boolean;
  firm: {
    name: string;
    email: string | null;
    phone: string | null;
    address: string | null;
    iban: string | null;
    bic: string | null;
    /** ISO 3166-1 alpha-2: whose late-payment law the legal mentions cite. Absent: chosen by language. */
    country?: string | null;
  };
  customer: { name: string; contactName?: string | null; phone?: string | null };
  /** All the customer's invoices at this step (grouped); at least one. */
  invoices: MessageInvoice[];
  /** Pay by. */
  newDeadline: LocalDate;
  sentOn: LocalDate;
  /** Annual statutory rate, in percent (10.15 for 10.15 %), for the sentence stating it. */
  interestRatePercent: number | null;
  earlyPaymentDiscount: { percent: number; withinDays: number } | null;
  instalment?: { index: number; count: number; dueDate: LocalDate; amount: Money } | null;
  promise?: { promisedDate: LocalDate } | null;
  /** When set, the HTML embeds <img src="cid:..."> (the SEPA QR image, attached by the caller). */
  sepaQrCid?: string | null;
  /** Earlier steps for this customer, oldest first (call script and agency review). */
  history?: readonly MessageHistoryEntry[] | null;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  sms: string;
  letter: { title: string; salutation: string; paragraphs: string[]; closing: string; signature: string };
  task: { title: string; body: string };
}
