// Plain-text layouts of a customer message: the e-mail's text part (it must read well on its own,
// links written out) and the paragraphs of a printed letter.
import type { CustomerCopy } from './copy/copy-types.ts';
import type { CustomerMessage } from './customer-message.ts';
import type { RenderedMessage } from './types.ts';

function totalLines(m: CustomerMessage): string[] {
  return m.totals.map((t) => `${t.label}${m.colon}${t.joined}`);
}

function paymentParagraphs(m: CustomerMessage, copy: CustomerCopy): string[] {
  const out: string[] = [];
  if (m.payment.link) out.push(`${copy.payOnline.intro}\n${m.payment.link}`);
  if (m.payment.perInvoice) {
    const links = m.invoices
      .filter((i) => i.paymentLink)
      .map((i) => `${copy.columns.invoice} ${i.number}${m.colon}${i.paymentLink}`);
    out.push([copy.payOnline.intro, ...links].join('\n'));
  }
  if (m.payment.transfer) out.push(m.payment.transfer);
  return out;
}

export function writeText(m: CustomerMessage, copy: CustomerCopy): string {
  const invoices = [...m.invoiceLines.map((l) => `- ${l}`), ...totalLines(m)].join('\n');
  const blocks = [
    ...(m.showTitle ? [m.title] : []),
    m.salutation,
    ...m.body,
    invoices,
    ...m.notes,
    ...paymentParagraphs(m, copy),
    ...m.outro,
    [m.closing, ...m.signature].join('\n'),
  ];
  return blocks.join('\n\n') + '\n';
}

export function writeLetter(m: CustomerMessage, copy: CustomerCopy): RenderedMessage['letter'] {
  return {
    title: m.title,
    salutation: m.salutation,
    paragraphs: [
      ...m.body,
      ...m.invoiceLines,
      ...totalLines(m),
      ...m.notes,
      ...paymentParagraphs(m, copy),
      ...m.outro,
    ],
    closing: m.closing,
    signature: m.signature[0] ?? '',
  };
}
