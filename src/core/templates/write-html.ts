// The HTML part of an e-mail. Every value from outside (names, numbers, links, addresses) goes
// through escapeHtml; a link becomes an href only when it is an http(s) URL. Inline styles and a
// plain table layout, because that is what mail clients render reliably.
import type { Language } from '../types.ts';
import type { CustomerCopy, TaskSection } from './copy/copy-types.ts';
import type { CustomerMessage } from './customer-message.ts';
import { escapeHtml as e, httpUrl } from './format.ts';

const BODY =
  'margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;';
const CELL = 'padding:6px 10px;border-bottom:1px solid #d9e2ec;text-align:left;vertical-align:top;';
const NUM = `${CELL}text-align:right;white-space:nowrap;`;
const BUTTON =
  'display:inline-block;padding:10px 20px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;';

function anchor(url: string, label: string, style = ''): string {
  const href = httpUrl(url);
  if (!href) return e(label);
  return `<a href="${e(href)}"${style ? ` style="${style}"` : ''}>${e(label)}</a>`;
}

const p = (text: string, style = ''): string => `<p${style ? ` style="${style}"` : ''}>${e(text)}</p>`;

function page(language: Language, title: string, inner: string[]): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(title)}</title></head>`,
    `<body style="${BODY}">`,
    '<div style="max-width:680px;">',
    ...inner,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

function invoiceTable(m: CustomerMessage, copy: CustomerCopy): string {
  const c = copy.columns;
  const late = m.invoices.some((i) => i.daysLate > 0);
  const interest = m.invoices.some((i) => i.interest);
  const compensation = m.invoices.some((i) => i.compensation);
  const head = [c.invoice, c.issued, c.due, c.amount, c.outstanding];
  if (late) head.push(c.daysLate);
  if (interest) head.push(c.interest);
  if (compensation) head.push(c.compensation);
  if (m.payment.perInvoice) head.push('');
  const rows = m.invoices.map((i) => {
    const cells = [
      `<td style="${CELL}">${e(i.number)}</td>`,
      `<td style="${CELL}white-space:nowrap;">${e(i.issueDate)}</td>`,
      `<td style="${CELL}white-space:nowrap;">${e(i.dueDate)}</td>`,
      `<td style="${NUM}">${e(i.total)}</td>`,
      `<td style="${NUM}"><strong>${e(i.openBalance)}</strong></td>`,
    ];
    if (late) cells.push(`<td style="${NUM}">${i.daysLate > 0 ? i.daysLate : ''}</td>`);
    if (interest) cells.push(`<td style="${NUM}">${e(i.interest ?? '')}</td>`);
    if (compensation) cells.push(`<td style="${NUM}">${e(i.compensation ?? '')}</td>`);
    if (m.payment.perInvoice) {
      cells.push(
        `<td style="${CELL}">${i.paymentLink ? anchor(i.paymentLink, copy.payOnline.perInvoice) : ''}</td>`,
      );
    }
    return `<tr>${cells.join('')}</tr>`;
  });
  const totals = m.totals.map(
    (t) =>
      `<tr><td colspan="4" style="${CELL}font-weight:bold;">${e(t.label)}</td>` +
      `<td colspan="${head.length - 4}" style="${CELL}font-weight:bold;white-space:nowrap;">${t.amounts.map(e).join('<br>')}</td></tr>`,
  );
  return [
    '<table style="border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:14px;">',
    `<thead><tr>${head.map((h) => `<th style="${CELL}background:#f0f4f8;">${e(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('')}</tbody>`,
    ...(totals.length > 0 ? [`<tfoot>${totals.join('')}</tfoot>`] : []),
    '</table>',
  ].join('\n');
}

function payment(m: CustomerMessage, copy: CustomerCopy): string[] {
  const out: string[] = [];
  const link = m.payment.link;
  if (link) {
    out.push(p(copy.payOnline.intro));
    if (httpUrl(link)) {
      out.push(`<p>${anchor(link, copy.payOnline.button, BUTTON)}</p>`);
      out.push(
        `<p style="font-size:13px;color:#52606d;">${e(copy.payOnline.copyLink)}<br>${anchor(link, link)}</p>`,
      );
    } else {
      out.push(p(link));
    }
  }
  if (m.payment.transfer) out.push(p(m.payment.transfer));
  if (m.payment.qrCid) {
    out.push(
      `<p><img src="cid:${e(m.payment.qrCid)}" alt="${e(copy.qr.alt)}" width="180" height="180" style="display:block;border:0;">` +
        `<span style="font-size:13px;color:#52606d;">${e(copy.qr.caption)}</span></p>`,
    );
  }
  return out;
}

export function writeHtml(m: CustomerMessage, copy: CustomerCopy, language: Language): string {
  const [firm, ...rest] = m.signature;
  return page(language, m.subject, [
    ...(m.showTitle ? [`<h1 style="font-size:20px;">${e(m.title)}</h1>`] : []),
    p(m.salutation),
    ...m.body.map((t) => p(t)),
    invoiceTable(m, copy),
    ...m.notes.map((t) => p(t)),
    ...payment(m, copy),
    ...m.outro.map((t) => p(t)),
    `<p>${e(m.closing)}<br><strong>${e(firm ?? '')}</strong>${rest.map((s) => `<br>${e(s)}`).join('')}</p>`,
  ]);
}

/** An internal task (call script, agency review) as a small HTML document. */
export function writeTaskHtml(title: string, sections: TaskSection[], language: Language): string {
  const inner = [`<h1 style="font-size:20px;">${e(title)}</h1>`];
  for (const s of sections) {
    if (s.heading) inner.push(`<h2 style="font-size:16px;margin-bottom:4px;">${e(s.heading)}</h2>`);
    if (s.prose) inner.push(...s.lines.map((l) => p(l)));
    else {
      const tag = s.numbered ? 'ol' : 'ul';
      inner.push(`<${tag}>${s.lines.map((l) => `<li>${e(l)}</li>`).join('')}</${tag}>`);
    }
  }
  return page(language, title, inner);
}
