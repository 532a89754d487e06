// The parts of a message to the customer, in reading order, before any layout: the text, HTML and
// letter writers all lay out this one structure, so the three never state different facts.
import type { CustomerCopy } from './copy/copy-types.ts';
import type { Facts, InvoiceFacts } from './facts.ts';

export interface CustomerMessage {
  subject: string;
  title: string;
  /** Formal steps open with their title, as a formal letter does. */
  showTitle: boolean;
  salutation: string;
  body: string[];
  invoices: InvoiceFacts[];
  invoiceLines: string[];
  totals: { label: string; amounts: string[]; joined: string }[];
  /** Discounts, fees with their legal basis, consequences. */
  notes: string[];
  payment: {
    /** One link for all invoices (as given; the writers decide whether it may be an href). */
    link: string | null;
    /** Some invoices have their own links: shown per invoice instead. */
    perInvoice: boolean;
    transfer: string | null;
    qrCid: string | null;
  };
  outro: string[];
  colon: string;
  closing: string;
  signature: string[];
}

export function buildCustomerMessage(f: Facts, copy: CustomerCopy, qrCid: string | null): CustomerMessage {
  const totals = [];
  if (f.count > 1 || f.totalsDue.length > 1)
    totals.push({ label: copy.totalDue, amounts: f.totalsDue, joined: f.totalDue });
  if (f.fees) {
    totals.push({ label: copy.totalClaimed, amounts: f.fees.totalsClaimed, joined: f.fees.totalClaimed });
  }

  const notes = f.discounts.map((d) => copy.discount(d));
  if (f.fees?.interest) notes.push(copy.interest(f.fees, f));
  if (f.fees?.compensationTotal) notes.push(copy.compensation(f.fees, f));
  notes.push(...copy.consequences(f));

  const alreadyPaid = copy.alreadyPaid(f);
  return {
    subject: copy.subject(f),
    title: copy.title(f),
    showTitle: f.key === 'formal_reminder' || f.key === 'formal_notice' || f.tone >= 4,
    salutation: copy.salutation(f),
    body: copy.body(f),
    invoices: f.invoices,
    invoiceLines: f.invoices.map((i) => copy.invoiceLine(i)),
    totals,
    notes,
    payment: {
      link: f.paymentLink,
      perInvoice: f.paymentLink === null && f.invoices.some((i) => i.paymentLink),
      transfer: f.iban ? copy.transfer(f) : null,
      qrCid,
    },
    outro: [...(alreadyPaid ? [alreadyPaid] : []), copy.contact(f)],
    colon: copy.colon,
    closing: copy.closing(f),
    signature: [f.firm, f.firmAddress, f.firmEmail, f.firmPhone].filter((s): s is string => !!s),
  };
}
