// Invoice hygiene: many late payments are invoices that never reached the right person or did not say
// clearly when payment was due. These checks flag what a credit controller would fix before chasing.
import type { Customer, Invoice } from './types.ts';

export const HYGIENE_FLAGS = [
  'no_due_date',
  'no_payment_terms',
  'no_billing_email',
  'no_payment_link',
  'not_accounts_payable_contact',
] as const;
export type HygieneFlag = (typeof HYGIENE_FLAGS)[number];

export type HygieneInvoice = Pick<Invoice, 'issueDate' | 'dueDate' | 'paymentLink'>;
export type HygieneCustomer = Pick<Customer, 'emails' | 'paymentTermsDays'>;

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Words found in the local part of accounts-payable mailboxes, in the product's languages (EN, FR, NL,
// DE): "accounts", "billing", "comptabilite", "facturation"/"facturen", "boekhouding", "crediteuren",
// "buchhaltung", "kreditoren", "rechnung", "invoices", "finance", "payable".
const AP_WORDS = [
  'accounts',
  'billing',
  'compta',
  'factur',
  'boekhouding',
  'crediteur',
  'buchhaltung',
  'kreditor',
  'rechnung',
  'invoice',
  'finance',
  'payable',
];

/**
 * True when the address looks like an accounts-payable mailbox. Only the part before the "@" is read
 * (a domain like acme-finance.com says nothing about the person); "ap" must be a whole token
 * ("ap@", "ap.invoices@", "finance-ap@") since it is a common fragment of names.
 */
export function looksLikeAccountsPayable(email: string): boolean {
  const local = email.trim().toLowerCase().split('@')[0] ?? '';
  if (AP_WORDS.some((w) => local.includes(w))) return true;
  return local.split(/[^a-z0-9]+/).includes('ap');
}

export function isEmailAddress(s: string): boolean {
  return EMAIL_RE.test(s.trim());
}

/** What is missing or doubtful about how this invoice asks to be paid, in HYGIENE_FLAGS order. */
export function invoiceHygiene(invoice: HygieneInvoice, customer: HygieneCustomer): HygieneFlag[] {
  const flags: HygieneFlag[] = [];
  if (invoice.dueDate === null) flags.push('no_due_date');
  // No terms anywhere: the customer has none and the invoice is due when issued (or states no due date).
  if (customer.paymentTermsDays === null && (invoice.dueDate ?? invoice.issueDate) === invoice.issueDate) {
    flags.push('no_payment_terms');
  }
  const emails = customer.emails.filter(isEmailAddress);
  if (emails.length === 0) flags.push('no_billing_email');
  if (invoice.paymentLink === null || invoice.paymentLink.trim() === '') flags.push('no_payment_link');
  if (emails.length > 0 && !emails.some(looksLikeAccountsPayable)) flags.push('not_accounts_payable_contact');
  return flags;
}
