// The invoice table of a printed letter: one row per invoice, the same columns as the e-mail's
// table (interest and compensation only when the step states them). Headings come from the
// language's copy; amounts and dates are formatted as in the message.
import type PDFDocument from 'pdfkit';
import { COPY } from '../core/templates/copy/languages.ts';
import { formatAmount, localeOf } from '../core/templates/format.ts';
import { toEpochDay } from '../core/dates.ts';
import type { MessageContext } from '../core/templates/index.ts';
import { toWinAnsi } from './pdf-text.ts';

type Doc = InstanceType<typeof PDFDocument>;

interface Column {
  heading: string;
  weight: number;
  numeric: boolean;
  cell: (i: MessageContext['invoices'][number]) => string;
}

export function drawInvoiceTable(
  doc: Doc,
  ctx: MessageContext,
  fonts: { regular: string; bold: string },
): void {
  const lang = ctx.language;
  const c = COPY[lang].customer.columns;
  const money = (amount: number, currency: string): string => formatAmount(amount, currency, lang);
  // Numeric dates keep the columns narrow: 15/09/2026, 15-09-2026, 15.09.2026.
  const short = new Intl.DateTimeFormat(localeOf(lang), { dateStyle: 'short', timeZone: 'UTC' });
  const date = (d: string): string => short.format(new Date(toEpochDay(d) * 86_400_000));
  const columns: Column[] = [
    { heading: c.invoice, weight: 1.4, numeric: false, cell: (i) => i.number },
    { heading: c.issued, weight: 1, numeric: false, cell: (i) => date(i.issueDate) },
    { heading: c.due, weight: 1, numeric: false, cell: (i) => date(i.dueDate) },
    { heading: c.amount, weight: 1.1, numeric: true, cell: (i) => money(i.total, i.currency) },
    { heading: c.outstanding, weight: 1.1, numeric: true, cell: (i) => money(i.openBalance, i.currency) },
  ];
  if (ctx.invoices.some((i) => i.daysLate > 0)) {
    columns.push({
      heading: c.daysLate,
      weight: 0.7,
      numeric: true,
      cell: (i) => (i.daysLate > 0 ? String(i.daysLate) : ''),
    });
  }
  if (ctx.statesFees && ctx.invoices.some((i) => i.interest !== null)) {
    columns.push({
      heading: c.interest,
      weight: 0.9,
      numeric: true,
      cell: (i) => (i.interest !== null ? money(i.interest, i.currency) : ''),
    });
  }
  if (ctx.statesFees && ctx.invoices.some((i) => i.compensation)) {
    columns.push({
      heading: c.compensation,
      weight: 0.9,
      numeric: true,
      cell: (i) => (i.compensation ? formatAmount(i.compensation.amount, i.compensation.currency, lang) : ''),
    });
  }

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const totalWeight = columns.reduce((s, col) => s + col.weight, 0);
  const widths = columns.map((col) => (col.weight / totalWeight) * width);
  const pad = 3;

  const row = (cells: string[], bold: boolean, shade: boolean): void => {
    doc.font(bold ? fonts.bold : fonts.regular).fontSize(8.5);
    const heights = cells.map((t, k) => doc.heightOfString(t, { width: (widths[k] as number) - 2 * pad }));
    const height = Math.max(...heights) + 2 * pad;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    if (shade) doc.rect(left, top, width, height).fill('#eef2f6').fillColor('#000000');
    let x = left;
    cells.forEach((text, k) => {
      const w = widths[k] as number;
      doc.text(text, x + pad, top + pad, {
        width: w - 2 * pad,
        align: columns[k]?.numeric ? 'right' : 'left',
      });
      x += w;
    });
    doc
      .moveTo(left, top + height)
      .lineTo(left + width, top + height)
      .lineWidth(0.5)
      .strokeColor('#9aa5b1')
      .stroke();
    doc.x = left;
    doc.y = top + height;
  };

  row(
    columns.map((col) => toWinAnsi(col.heading)),
    true,
    true,
  );
  for (const inv of ctx.invoices) {
    row(
      columns.map((col) => toWinAnsi(col.cell(inv))),
      false,
      false,
    );
  }
  doc.moveDown(0.8);
}
