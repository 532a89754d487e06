// The words of one language. Each function arranges ready-formatted facts into sentences; the
// writers (text, HTML, letter, SMS, task) lay them out. Sentences are plain text, never HTML.
import type { Channel } from '../../types.ts';
import type { DiscountFacts, Facts, FeeFacts, InvoiceFacts } from '../facts.ts';
import type { TemplateKey } from '../types.ts';

export interface CustomerCopy {
  subject(f: Facts): string;
  /** Heading of the printed letter (the formal title for a formal notice). */
  title(f: Facts): string;
  salutation(f: Facts): string;
  /** The step's own paragraphs: what is owed, since when, and the new deadline. */
  body(f: Facts): string[];
  invoiceLine(i: InvoiceFacts): string;
  columns: {
    invoice: string;
    issued: string;
    due: string;
    amount: string;
    outstanding: string;
    daysLate: string;
    interest: string;
    compensation: string;
  };
  totalDue: string;
  totalClaimed: string;
  /** Between a label and its value: ": ", or " : " in French. */
  colon: string;
  discount(d: DiscountFacts): string;
  interest(fees: FeeFacts, f: Facts): string;
  compensation(fees: FeeFacts, f: Facts): string;
  /** What happens if the deadline passes (firm steps only). */
  consequences(f: Facts): string[];
  payOnline: { intro: string; button: string; copyLink: string; perInvoice: string };
  transfer(f: Facts): string;
  qr: { alt: string; caption: string };
  /** "If you have already paid…", or null where it does not belong. */
  alreadyPaid(f: Facts): string | null;
  contact(f: Facts): string;
  closing(f: Facts): string;
  /** Short text message; compact = count instead of the invoice numbers. */
  sms(f: Facts, opts: { firm: string; link: string | null; compact: boolean }): string;
}

export interface TaskSection {
  heading: string | null;
  lines: string[];
  /** Render the lines as a numbered list rather than bullets. */
  numbered?: boolean;
  /** Render the lines as plain sentences rather than a list. */
  prose?: boolean;
}

/** Lines the task writer prepares for every language: one per invoice, one per earlier step. */
export interface TaskLines {
  invoices: string[];
  history: string[];
}

export interface TaskCopy {
  templateName: Record<TemplateKey, string>;
  channelName: Record<Channel, string>;
  callTitle(f: Facts): string;
  callSections(f: Facts, lines: TaskLines): TaskSection[];
  agencyTitle(f: Facts): string;
  agencySections(f: Facts, lines: TaskLines): TaskSection[];
  /** Task for a customer-facing step done by hand (a letter to post, an SMS to send). */
  manualTitle(f: Facts): string;
  /** Salutation line of an internal note, so it is never mistaken for a letter to the customer. */
  internalNote: string;
  preparedOn(f: Facts): string;
  historyLine(on: string, channel: string, step: string): string;
}

export interface LanguageCopy {
  customer: CustomerCopy;
  tasks: TaskCopy;
}
