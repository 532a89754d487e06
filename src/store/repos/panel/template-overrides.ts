// A firm's own wording of a built-in template, per language: kept in `template_overrides`, and
// rendered here by substituting placeholders into its subject and body. Delivery's composer uses it
// in place of the built-in text when the firm has one (src/channels/compose.ts).
import type { MessageContext, RenderedMessage } from '../../../core/templates/index.ts';
import { escapeHtml, formatDate, SMS_MAX_CHARS } from '../../../core/templates/index.ts';
import { formatAmount, totalsByCurrency } from '../../../core/templates/format.ts';
import type { Language } from '../../../core/types.ts';
import type { Sql } from '../../db.ts';

export interface TemplateOverride {
  subject: string;
  body: string;
}

export const PLACEHOLDERS = [
  '{{customer}}',
  '{{firm}}',
  '{{invoices}}',
  '{{total}}',
  '{{deadline}}',
  '{{date}}',
  '{{firmEmail}}',
  '{{firmPhone}}',
] as const;

export async function templateOverride(
  sql: Sql,
  firmId: string,
  template: string,
  language: Language,
): Promise<TemplateOverride | null> {
  const [row] = await sql.query<TemplateOverride>(
    `SELECT subject, body FROM template_overrides WHERE firm_id = $1 AND template = $2 AND language = $3`,
    [firmId, template, language],
  );
  return row ?? null;
}

function values(ctx: MessageContext): Record<string, string> {
  const lang = ctx.language;
  const lines = ctx.invoices.map(
    (i) => `- ${i.number}, ${formatDate(i.dueDate, lang)}: ${formatAmount(i.openBalance, i.currency, lang)}`,
  );
  const totals = totalsByCurrency(ctx.invoices.map((i) => ({ amount: i.openBalance, currency: i.currency })));
  return {
    '{{customer}}': ctx.customer.name,
    '{{firm}}': ctx.firm.name,
    '{{invoices}}': lines.join('\n'),
    '{{total}}': totals.map((t) => formatAmount(t.amount, t.currency, lang)).join(' + '),
    '{{deadline}}': formatDate(ctx.newDeadline, lang),
    '{{date}}': formatDate(ctx.sentOn, lang),
    '{{firmEmail}}': ctx.firm.email ?? '',
    '{{firmPhone}}': ctx.firm.phone ?? '',
  };
}

const fill = (text: string, v: Record<string, string>) =>
  text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => v[`{{${name}}}`] ?? m);

/** The message in the firm's own words; what the built-in text would say is replaced whole. */
export function renderOverride(ctx: MessageContext, o: TemplateOverride): RenderedMessage {
  const v = values(ctx);
  const subject = fill(o.subject, v).replace(/\s+/g, ' ').trim();
  const text = fill(o.body, v).replace(/\r\n/g, '\n').trim();
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  const html = `<!doctype html><html lang="${ctx.language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${paragraphs
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('')}</body></html>`;
  const flat = text.replace(/\s+/g, ' ');
  return {
    subject,
    text,
    html,
    sms: flat.length > SMS_MAX_CHARS ? `${flat.slice(0, SMS_MAX_CHARS - 1)}…` : flat,
    letter: { title: subject, salutation: '', paragraphs, closing: '', signature: ctx.firm.name },
    task: { title: subject, body: text },
  };
}
