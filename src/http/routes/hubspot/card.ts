// The card's backend: GET /hubspot/card/company/:companyId (what the card shows) and POST
// .../{pause,resume,promise,dispute,note}. The portal and company map to the firm and customer
// (404 when the company is not linked); actions go through the same decisions as the panel, named
// for the HubSpot user in the audit log, and answer with the card's fresh data.
import express, { type Request, type Response } from 'express';
import { z } from 'zod';
import { minorDigits } from '../../../core/money.ts';
import type { HubSpotService } from '../../../../connectors/hubspot/service.ts';
import {
  addNote,
  createTask,
  openDispute,
  recordPromise,
  setPaused,
} from '../../../store/repos/decisions.ts';
import { invalidateFirm } from '../../api/context.ts';
import { customerCollections, type CustomerCollections } from '../../../store/repos/hubspot-card.ts';
import { customerForCompany } from '../../../store/repos/hubspot-links.ts';
import { apiErrorHandler, badRequest, conflict, notFound, parseInput, sendError } from '../../api/errors.ts';
import { cardAuth, type CardCaller } from './card-auth.ts';

const companyParam = z.object({ companyId: z.string().regex(/^\d+$/, 'expected a HubSpot company id') });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

export const pauseBody = z
  .object({ until: localDate.optional(), reason: z.string().trim().max(500).optional() })
  .strict();
export const promiseBody = z
  .object({
    promisedDate: localDate,
    invoiceIds: z
      .array(z.uuid({ message: 'expected an invoice id' }))
      .min(1)
      .optional(),
    amount: z.number().int().positive().optional(),
    note: z.string().max(2000).optional(),
  })
  .strict();
export const disputeBody = z
  .object({
    invoiceId: z.uuid({ message: 'expected an invoice id' }).optional(),
    invoiceIds: z
      .array(z.uuid({ message: 'expected an invoice id' }))
      .min(1)
      .optional(),
    reasonCode: z.enum(['quality', 'wrong_invoice', 'cannot_pay', 'other']).default('other'),
    reason: z.string().trim().min(1, 'expected the reason in words').max(2000),
  })
  .strict()
  .refine((b) => b.invoiceId !== undefined || b.invoiceIds !== undefined, {
    message: 'expected the invoice in dispute',
    path: ['invoiceId'],
  });
export const noteBody = z
  .object({ text: z.string().trim().min(1, 'expected some text').max(10_000) })
  .strict();

export type CardData = CustomerCollections & { companyId: string; currencies: Record<string, number> };

function withCurrencies(c: CustomerCollections, companyId: string): CardData {
  const codes = new Set([...c.invoices.map((i) => i.currency), ...c.aging.map((a) => a.currency)]);
  return { ...c, companyId, currencies: Object.fromEntries([...codes].map((k) => [k, minorDigits(k)])) };
}

export function cardRouter(svc: HubSpotService): express.Router {
  const r = express.Router();
  const today = () => new Date(svc.settings.now()).toISOString().slice(0, 10);
  // Raw bytes: the signature covers them exactly; card-auth parses the JSON once it is verified.
  r.use(express.raw({ type: () => true, limit: '1mb' }), cardAuth(svc));

  const target = async (req: Request, res: Response) => {
    const { companyId } = parseInput(companyParam, req.params);
    const caller = res.locals.hubspotCaller as CardCaller;
    const link = await customerForCompany(svc.rt.db, caller.portalId, companyId);
    return link ? { ...link, companyId, caller } : null;
  };
  const reply = async (
    res: Response,
    t: { firmId: string; customerId: string; companyId: string },
    status = 200,
  ) => {
    const data = await customerCollections(svc.rt.db, t.firmId, t.customerId, today());
    if (!data) return sendError(res, 404, 'not_found', 'customer not found');
    res.status(status).set('Cache-Control', 'no-store').json(withCurrencies(data, t.companyId));
  };
  const notLinked = (res: Response) =>
    sendError(res, 404, 'not_found', 'this company is not linked to a customer in Relance');

  r.get('/company/:companyId', async (req, res) => {
    const t = await target(req, res);
    if (!t) return notLinked(res);
    await reply(res, t);
  });

  const action = (
    name: string,
    run: (t: NonNullable<Awaited<ReturnType<typeof target>>>, body: unknown) => Promise<unknown>,
  ) =>
    r.post(`/company/:companyId/${name}`, async (req, res) => {
      const t = await target(req, res);
      if (!t) return notLinked(res);
      await run(t, req.body);
      invalidateFirm(svc.rt, t.firmId); // the panel's cached aggregates of this process
      await reply(res, t);
    });

  action('pause', async (t, body) => {
    const b = parseInput(pauseBody, body);
    if (b.until && b.until < today()) throw badRequest('until', `must be today (${today()}) or later`);
    await setPaused(
      svc.rt.db,
      t.firmId,
      t.caller.actor,
      { customerId: t.customerId },
      true,
      b.reason ?? null,
    );
    // As in the panel: a pause until a date is a task to resume on that day.
    if (b.until)
      await createTask(svc.rt.db, t.firmId, t.caller.actor, {
        customerId: t.customerId,
        title: 'Resume reminders (paused until today)',
        body: b.reason ?? '',
        dueDate: b.until,
      });
  });
  action('resume', async (t) => {
    await setPaused(svc.rt.db, t.firmId, t.caller.actor, { customerId: t.customerId }, false);
  });
  action('promise', async (t, body) => {
    const b = parseInput(promiseBody, body);
    let invoiceIds = b.invoiceIds;
    if (!invoiceIds) {
      // The card's promise covers every open invoice not in dispute.
      const c = await customerCollections(svc.rt.db, t.firmId, t.customerId, today());
      invoiceIds = (c?.invoices ?? []).filter((i) => !i.disputed).map((i) => i.id);
      if (invoiceIds.length === 0) throw badRequest('invoiceIds', 'no open invoice to promise');
    }
    await recordPromise(
      svc.rt.db,
      t.firmId,
      t.caller.actor,
      { customerId: t.customerId, invoiceIds, promisedDate: b.promisedDate, amount: b.amount, note: b.note },
      today(),
    );
  });
  action('dispute', async (t, body) => {
    const b = parseInput(disputeBody, body);
    const ids = [...new Set([...(b.invoiceId ? [b.invoiceId] : []), ...(b.invoiceIds ?? [])])];
    const owned = await svc.rt.db.query<{ id: string; disputed: boolean }>(
      `SELECT id, disputed FROM invoices WHERE id = ANY($1::uuid[]) AND customer_id = $2`,
      [ids, t.customerId],
    );
    if (owned.length !== ids.length) throw notFound('invoice');
    // All or nothing: an invoice already in dispute stops the request before anything is written.
    if (owned.some((i) => i.disputed)) throw conflict('an invoice is already in dispute');
    for (const invoiceId of ids)
      await openDispute(svc.rt.db, t.firmId, t.caller.actor, {
        invoiceId,
        reasonCode: b.reasonCode,
        reason: b.reason,
      });
  });
  action('note', async (t, body) => {
    const b = parseInput(noteBody, body);
    await addNote(svc.rt.db, t.firmId, t.caller.actor, { customerId: t.customerId, body: b.text });
  });

  r.use(apiErrorHandler(svc.rt.log));
  return r;
}
