// What a controller does on a customer: pause or resume, record a promise, open disputes, agree a
// payment plan, add a note, assign it to someone, move it to another segment. Each goes through the
// decisions repository (validated, audited with the user, the customer woken for the planner).
import type { Runtime } from '../../../runtime.ts';
import {
  addNote,
  assignSegmentByHand,
  createPaymentPlan,
  createTask,
  openDispute,
  recordPromise,
  setPaused,
} from '../../../store/repos/decisions.ts';
import { audit } from '../../../store/repos/audit.ts';
import { customerHead } from '../../../store/repos/panel/customer.ts';
import { disputesByIds, noteById, planById, promiseById } from '../../../store/repos/panel/records.ts';
import type { Session } from '../../auth/session.ts';
import { firmToday, invalidateFirm } from '../context.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import { ACTORS, route } from '../route.ts';
import {
  assignBody,
  customerDetail,
  disputeBody,
  disputesResponse,
  noteBody,
  noteResponse,
  pauseBody,
  planBody,
  planResponse,
  promiseBody,
  promiseResponse,
  segmentBody,
} from '../schemas.ts';
import { idParams } from './customers.ts';

export const actor = (s: Session) => `user:${s.userId}`;

async function head(rt: Runtime, firmId: string, id: string) {
  const h = await customerHead(rt.db, firmId, id);
  if (!h) throw notFound('customer');
  return h;
}

/** The customer's invoices among `ids`, or 404 naming the first that is not one of them. */
async function ownInvoices(rt: Runtime, firmId: string, customerId: string, ids: string[]) {
  const rows = await rt.db.query<{ id: string; currency: string; disputed: boolean; status: string }>(
    `SELECT id, currency, disputed, status FROM invoices WHERE firm_id = $1 AND customer_id = $2 AND id = ANY($3::uuid[])`,
    [firmId, customerId, ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  ids.forEach((id, n) => {
    if (!byId.has(id)) {
      const message = 'no such invoice for this customer';
      throw new ApiError(404, 'not_found', `invoiceIds[${n}]: ${message}`, [
        { path: `invoiceIds[${n}]`, message },
      ]);
    }
  });
  if (new Set(ids).size !== ids.length)
    throw new ApiError(400, 'bad_request', 'invoiceIds: an invoice is listed twice', [
      { path: 'invoiceIds', message: 'an invoice is listed twice' },
    ]);
  return ids.map((id) => byId.get(id) as { id: string; currency: string; disputed: boolean; status: string });
}

function amountOf(
  a: number | { amount: number; currency: string } | null | undefined,
  currency: string | undefined,
  path: string,
): number | null {
  if (a === null || a === undefined) return null;
  if (typeof a === 'number') return a;
  if (currency && a.currency !== currency) {
    const message = `expected ${currency}, the invoices' currency`;
    throw new ApiError(400, 'bad_request', `${path}.currency: ${message}`, [
      { path: `${path}.currency`, message },
    ]);
  }
  return a.amount;
}

export const customerActionRoutes = [
  route({
    method: 'post',
    path: '/customers/:id/pause',
    tag: 'actions',
    summary: 'Pause all reminders to the customer (until: a task to resume on that day)',
    roles: ACTORS,
    params: idParams,
    body: pauseBody,
    response: customerDetail,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      await head(rt, firmId, params.id);
      const today = await firmToday(rt, firmId);
      if (body?.until && body.until < today) {
        const message = `must be today (${today}) or later`;
        throw new ApiError(400, 'bad_request', `until: ${message}`, [{ path: 'until', message }]);
      }
      await setPaused(rt.db, firmId, actor(session), { customerId: params.id }, true, body?.reason ?? null);
      if (body?.until) {
        await createTask(rt.db, firmId, actor(session), {
          customerId: params.id,
          title: 'Resume reminders (paused until today)',
          body: body.reason ?? '',
          dueDate: body.until,
          assignee: session.userId,
        });
      }
      invalidateFirm(rt, firmId);
      return head(rt, firmId, params.id);
    },
  }),
  route({
    method: 'post',
    path: '/customers/:id/resume',
    tag: 'actions',
    summary: 'Resume reminders to a paused customer',
    roles: ACTORS,
    params: idParams,
    response: customerDetail,
    async handler({ rt, session, params }) {
      await setPaused(rt.db, session.firmId, actor(session), { customerId: params.id }, false);
      invalidateFirm(rt, session.firmId);
      return head(rt, session.firmId, params.id);
    },
  }),
  route({
    method: 'post',
    path: '/customers/:id/promises',
    tag: 'actions',
    summary: 'Record a promise to pay: the invoices leave the reminders until the date (plus grace)',
    roles: ACTORS,
    status: 201,
    params: idParams,
    body: promiseBody,
    response: promiseResponse,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      await head(rt, firmId, params.id);
      const invoices = await ownInvoices(rt, firmId, params.id, body.invoiceIds);
      const amount = amountOf(body.amount, invoices[0]?.currency, 'amount');
      const { id } = await recordPromise(
        rt.db,
        firmId,
        actor(session),
        {
          customerId: params.id,
          invoiceIds: body.invoiceIds,
          promisedDate: body.promisedDate,
          amount,
          ...(body.note ? { note: body.note } : {}),
        },
        await firmToday(rt, firmId),
      );
      invalidateFirm(rt, firmId);
      return (await promiseById(rt.db, firmId, id))!;
    },
  }),
  route({
    method: 'post',
    path: '/customers/:id/disputes',
    tag: 'actions',
    summary: 'Open a dispute on each invoice: reminders stop for them, a task to resolve it is created',
    roles: ACTORS,
    status: 201,
    params: idParams,
    body: disputeBody,
    response: disputesResponse,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      await head(rt, firmId, params.id);
      const invoices = await ownInvoices(rt, firmId, params.id, body.invoiceIds);
      invoices.forEach((inv, n) => {
        if (inv.disputed)
          throw conflict(`invoiceIds[${n}]: the invoice is already in dispute`, [
            { path: `invoiceIds[${n}]`, message: 'the invoice is already in dispute' },
          ]);
      });
      const ids: string[] = [];
      for (const inv of invoices) {
        const { id } = await openDispute(rt.db, firmId, actor(session), {
          invoiceId: inv.id,
          reasonCode: body.reasonCode ?? 'other',
          reason: body.reason,
        });
        ids.push(id);
      }
      invalidateFirm(rt, firmId);
      return { items: await disputesByIds(rt.db, firmId, ids) };
    },
  }),
  route({
    method: 'post',
    path: '/customers/:id/payment-plans',
    tag: 'actions',
    summary: 'Agree a payment plan: instalments that add up to what the invoices owe, in date order',
    roles: ACTORS,
    status: 201,
    params: idParams,
    body: planBody,
    response: planResponse,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      await head(rt, firmId, params.id);
      const invoices = await ownInvoices(rt, firmId, params.id, body.invoiceIds);
      const { id } = await createPaymentPlan(
        rt.db,
        firmId,
        actor(session),
        {
          customerId: params.id,
          invoiceIds: body.invoiceIds,
          instalments: body.instalments.map((i, n) => ({
            dueDate: i.date,
            amount: amountOf(i.amount, invoices[0]?.currency, `instalments[${n}].amount`) as number,
          })),
        },
        await firmToday(rt, firmId),
      );
      invalidateFirm(rt, firmId);
      return (await planById(rt.db, firmId, id))!;
    },
  }),
  route({
    method: 'post',
    path: '/customers/:id/notes',
    tag: 'actions',
    summary: 'Add a note to the customer’s timeline',
    roles: ACTORS,
    status: 201,
    params: idParams,
    body: noteBody,
    response: noteResponse,
    async handler({ rt, session, params, body }) {
      const { id } = await addNote(rt.db, session.firmId, actor(session), {
        customerId: params.id,
        body: body.text,
      });
      return (await noteById(rt.db, session.firmId, id))!;
    },
  }),
  route({
    method: 'post',
    path: '/customers/:id/assign',
    tag: 'actions',
    summary: 'Give the customer to a user of the firm to look after (null: nobody)',
    roles: ACTORS,
    params: idParams,
    body: assignBody,
    response: customerDetail,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      await head(rt, firmId, params.id);
      if (body.userId) {
        const ok = await rt.db.query(`SELECT 1 FROM users WHERE id = $1 AND firm_id = $2`, [
          body.userId,
          firmId,
        ]);
        if (ok.length === 0)
          throw new ApiError(404, 'not_found', 'userId: no such user in this firm', [
            { path: 'userId', message: 'no such user in this firm' },
          ]);
      }
      await rt.db.tx(async (sql) => {
        await sql.query(
          `UPDATE customers SET assignee_id = $3, updated_at = now() WHERE id = $1 AND firm_id = $2`,
          [params.id, firmId, body.userId],
        );
        await audit(sql, firmId, {
          actor: actor(session),
          action: 'customer.assigned',
          entityType: 'customer',
          entityId: params.id,
          details: { userId: body.userId },
        });
      });
      return head(rt, firmId, params.id);
    },
  }),
  route({
    method: 'post',
    path: '/customers/:id/segment',
    tag: 'actions',
    summary: 'Move the customer to a segment by hand (null: back to the segment rules)',
    roles: ACTORS,
    params: idParams,
    body: segmentBody,
    response: customerDetail,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      await head(rt, firmId, params.id);
      await assignSegmentByHand(rt.db, firmId, actor(session), params.id, body.segmentId);
      invalidateFirm(rt, firmId);
      return head(rt, firmId, params.id);
    },
  }),
];
