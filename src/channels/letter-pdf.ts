// A reminder or formal notice as a printable letter (PDF, A4): the firm's letterhead, the
// recipient placed for a right-hand window envelope, the registered-mail mention when the step
// asks for it, the date, the title, the message's paragraphs with the invoice table in place of
// the invoice lines, the fee statements with their legal basis (when the step states fees), the
// signature, and a footer identifying the firm on every page.
//
// Fonts: pdfkit's standard Helvetica (WinAnsi). It renders €, é, è, ç, ü, ö, ë, ß and typographic
// punctuation; text is passed through toWinAnsi so the narrow spaces of French amounts and letters
// outside Latin-1 never turn into garbage (see pdf-text.ts).
import PDFDocument from 'pdfkit';
import type { LocalDate } from '../core/dates.ts';
import { buildFacts } from '../core/templates/facts.ts';
import { COPY } from '../core/templates/copy/languages.ts';
import { formatDate } from '../core/templates/format.ts';
import { isTemplateKey, INTERNAL_TEMPLATE_KEYS } from '../core/templates/index.ts';
import type { MessageContext } from '../core/templates/index.ts';
import type { Customer, Firm, Language } from '../core/types.ts';
import type { ComposedMessage } from './compose.ts';
import { senderName } from './compose.ts';
import { drawInvoiceTable } from './letter-table.ts';
import { toWinAnsi as w } from './pdf-text.ts';

export const REGISTERED_MENTION: Record<Language, string> = {
  fr: 'Lettre recommandée avec accusé de réception',
  en: 'Registered letter',
  nl: 'Aangetekende brief',
  de: 'Einschreiben mit Rückschein',
};

const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
const GREY = '#52606d';

export async function renderLetterPdf(args: {
  firm: Firm;
  customer: Customer & { address?: string | null };
  composed: ComposedMessage;
  registered: boolean;
  date: LocalDate;
  /** Uncompressed content streams, so tests can read the text. */
  compress?: boolean;
}): Promise<Buffer> {
  const { firm, customer, composed } = args;
  const ctx = composed.context;
  const letter = composed.rendered.letter;
  const name = senderName(firm);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 50, bottom: 70, left: 62, right: 56 },
    compress: args.compress ?? true,
    bufferPages: true,
    info: { Title: w(letter.title), Author: w(name), Creator: 'Relance' },
  });
  const done = collect(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  // Letterhead.
  doc.font(FONT.bold).fontSize(16).fillColor('#000000').text(w(name), left, 50, { width: 260 });
  doc.font(FONT.regular).fontSize(8.5).fillColor(GREY);
  for (const line of letterheadLines(firm)) doc.text(w(line), { width: 260 });

  // Recipient, where a right-hand window envelope shows it.
  const boxX = 320;
  doc.fillColor('#000000');
  let y = 150;
  if (args.registered) {
    doc
      .font(FONT.bold)
      .fontSize(9)
      .text(w(REGISTERED_MENTION[ctx.language]).toUpperCase(), boxX, y, { width: 220 });
    y = doc.y + 6;
  }
  doc.font(FONT.bold).fontSize(10.5).text(w(customer.name), boxX, y, { width: 220 });
  doc.font(FONT.regular);
  for (const line of splitAddress(customer.address ?? null)) doc.text(w(line), { width: 220 });

  // Date, then the letter.
  doc.fontSize(10).text(w(formatDate(args.date, ctx.language)), left, Math.max(doc.y + 24, 250), {
    width,
    align: 'right',
  });
  doc.moveDown(1.5);
  doc.font(FONT.bold).fontSize(12).text(w(letter.title), left, doc.y, { width });
  doc.moveDown(1);
  const para = (text: string): void => {
    doc.font(FONT.regular).fontSize(10).text(w(text), left, doc.y, { width, lineGap: 1.5 });
    doc.moveDown(0.6);
  };
  para(letter.salutation);
  const invoiceLines = invoiceLinesOf(ctx);
  let tableDrawn = false;
  for (const p of letter.paragraphs) {
    if (invoiceLines.has(p)) {
      if (!tableDrawn) drawInvoiceTable(doc, ctx, FONT);
      tableDrawn = true;
      continue;
    }
    para(p);
  }
  doc.moveDown(0.4);
  para(letter.closing);
  doc.moveDown(1.5);
  doc.font(FONT.bold).fontSize(10).text(w(letter.signature), left, doc.y, { width });

  footer(doc, firm, name);
  doc.end();
  return done;
}

function letterheadLines(firm: Firm): string[] {
  const s = firm.sender;
  const bank = s.iban ? `IBAN ${s.iban}${s.bic ? ` · BIC ${s.bic}` : ''}` : null;
  return [...splitAddress(s.address), s.phone, s.email, bank].filter((l): l is string => !!l);
}

function splitAddress(address: string | null): string[] {
  if (!address) return [];
  return address
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The invoice lines the letter's paragraphs contain, replaced by the table when laid out. */
function invoiceLinesOf(ctx: MessageContext): Set<string> {
  const key = ctx.templateKey;
  if (!isTemplateKey(key) || INTERNAL_TEMPLATE_KEYS.includes(key)) return new Set();
  const facts = buildFacts(ctx, key);
  return new Set(facts.invoices.map((i) => COPY[ctx.language].customer.invoiceLine(i)));
}

function footer(doc: InstanceType<typeof PDFDocument>, firm: Firm, name: string): void {
  const s = firm.sender;
  const parts = [name, splitAddress(s.address).join(', '), s.email, s.iban ? `IBAN ${s.iban}` : null];
  const line = w(parts.filter(Boolean).join(' · '));
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not open a new page
    const x = doc.page.margins.left;
    const width = doc.page.width - x - doc.page.margins.right;
    doc.font(FONT.regular).fontSize(7.5).fillColor(GREY);
    doc.text(line, x, doc.page.height - 50, { width, align: 'center', lineBreak: false });
    if (range.count > 1) {
      doc.text(`${i - range.start + 1}/${range.count}`, x, doc.page.height - 38, { width, align: 'center' });
    }
    doc.page.margins.bottom = bottom;
  }
}

function collect(doc: InstanceType<typeof PDFDocument>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
