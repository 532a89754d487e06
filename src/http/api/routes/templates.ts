// The message templates: the built-in texts per language, the firm's own wording of any of them
// (used by delivery in their place), and a preview rendered for a real customer of the firm.
import { composeMessage } from '../../../channels/compose.ts';
import { TEMPLATE_KEYS } from '../../../core/templates/index.ts';
import { LANGUAGES } from '../../../core/types.ts';
import { audit } from '../../../store/repos/audit.ts';
import { loadLedgers } from '../../../store/repos/planning.ts';
import { PLACEHOLDERS, templateOverride } from '../../../store/repos/panel/template-overrides.ts';
import { firmToday, planContext } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { OWNERS, route } from '../route.ts';
import {
  languageSchema,
  okResponse,
  templateBody,
  templateKeySchema,
  templatePreviewBody,
  templatePreviewResponse,
  templatesResponse,
  templateText,
} from '../schemas.ts';
import { z } from 'zod';
import { actor } from './customer-actions.ts';

const templateParams = z.object({ template: templateKeySchema, language: languageSchema });

export const templateRoutes = [
  route({
    method: 'get',
    path: '/templates',
    tag: 'templates',
    summary: 'Every template in every language, with the firm’s own wording where it has one',
    response: templatesResponse,
    async handler({ rt, session }) {
      const rows = await rt.db.query<{
        template: string;
        language: string;
        subject: string;
        body: string;
        updated_at: string;
      }>(`SELECT template, language, subject, body, updated_at FROM template_overrides WHERE firm_id = $1`, [
        session.firmId,
      ]);
      const byKey = new Map(rows.map((r) => [`${r.template}:${r.language}`, r]));
      const items = TEMPLATE_KEYS.flatMap((template) =>
        LANGUAGES.map((language) => {
          const o = byKey.get(`${template}:${language}`);
          return {
            template,
            language,
            overridden: Boolean(o),
            subject: o?.subject ?? null,
            body: o?.body ?? null,
            updatedAt: o?.updated_at ?? null,
          };
        }),
      );
      return { placeholders: [...PLACEHOLDERS], items };
    },
  }),
  route({
    method: 'put',
    path: '/templates/:template/:language',
    tag: 'templates',
    summary: 'Set the firm’s own wording of a template in one language (placeholders: see GET /templates)',
    roles: OWNERS,
    params: templateParams,
    body: templateBody,
    response: templateText,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      const row = await rt.db.tx(async (sql) => {
        const [r] = await sql.query<{ updated_at: string }>(
          `INSERT INTO template_overrides (firm_id, template, language, subject, body, updated_by)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (firm_id, template, language) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body,
             updated_by = EXCLUDED.updated_by, updated_at = now()
           RETURNING updated_at`,
          [firmId, params.template, params.language, body.subject, body.body, actor(session)],
        );
        await audit(sql, firmId, {
          actor: actor(session),
          action: 'template.updated',
          entityType: 'template',
          entityId: `${params.template}:${params.language}`,
        });
        return r as { updated_at: string };
      });
      return {
        template: params.template,
        language: params.language,
        overridden: true,
        subject: body.subject,
        body: body.body,
        updatedAt: row.updated_at,
      };
    },
  }),
  route({
    method: 'delete',
    path: '/templates/:template/:language',
    tag: 'templates',
    summary: 'Go back to the built-in text of a template in one language',
    roles: OWNERS,
    params: templateParams,
    response: okResponse,
    async handler({ rt, session, params }) {
      await rt.db.tx(async (sql) => {
        await sql.query(
          `DELETE FROM template_overrides WHERE firm_id = $1 AND template = $2 AND language = $3`,
          [session.firmId, params.template, params.language],
        );
        await audit(sql, session.firmId, {
          actor: actor(session),
          action: 'template.reset',
          entityType: 'template',
          entityId: `${params.template}:${params.language}`,
        });
      });
      return { ok: true as const };
    },
  }),
  route({
    method: 'post',
    path: '/templates/preview',
    tag: 'templates',
    summary:
      'Render a template for a real customer (its open invoices), with the given or saved wording, or the built-in text',
    body: templatePreviewBody,
    response: templatePreviewResponse,
    async handler({ rt, session, body }) {
      const firmId = session.firmId;
      const [ctx, today, ledgers] = await Promise.all([
        planContext(rt, firmId),
        firmToday(rt, firmId),
        loadLedgers(rt.db, [body.customerId]),
      ]);
      const ledger = ledgers[0];
      if (!ledger || ledger.customer.firmId !== firmId) throw notFound('customer');
      const open = ledger.invoices.filter((i) => i.status === 'open' && i.openBalance > 0);
      const chased = open.filter((i) => !i.disputed && !i.paused);
      const invoices = chased.length > 0 ? chased : open;
      if (invoices.length === 0) {
        const message = 'the customer has no open invoice to write about';
        throw new ApiError(409, 'conflict', `customerId: ${message}`, [{ path: 'customerId', message }]);
      }
      const language = body.language ?? ledger.customer.language ?? ctx.firm.language;
      const saved =
        body.subject === undefined && body.body === undefined
          ? await templateOverride(rt.db, firmId, body.template, language)
          : null;
      const given =
        body.subject !== undefined || body.body !== undefined
          ? { subject: body.subject ?? '', body: body.body ?? '' }
          : null;
      const first = invoices[0]!;
      const composed = composeMessage({
        firm: ctx.firm,
        customer: ledger.customer,
        invoices,
        step: {
          template: body.template,
          channel: body.channel,
          tone: 3,
          statesFees: ['formal_reminder', 'formal_notice'].includes(body.template),
          registered: false,
        },
        sentOn: today,
        language,
        override: given ?? saved,
        instalment: {
          index: 1,
          count: 1,
          dueDate: today,
          amount: { amount: first.openBalance, currency: first.currency },
        },
        promise: { promisedDate: today },
      });
      const r = composed.rendered;
      return { subject: r.subject, text: body.channel === 'sms' ? r.sms : r.text, html: r.html };
    },
  }),
];
