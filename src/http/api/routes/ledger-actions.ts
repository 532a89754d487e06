// Actions on one invoice, one dispute, one planned action and one task; and the worklist.
import { audit } from '../../../store/repos/audit.ts';
import { completeTask, resolveDispute, setPaused, worklist } from '../../../store/repos/decisions.ts';
import { wakeCustomers } from '../../../store/repos/ledger.ts';
import { actionById, disputesByIds, invoiceState, taskById } from '../../../store/repos/panel/records.ts';
import { firmToday, invalidateFirm } from '../context.ts';
import { conflict, notFound } from '../errors.ts';
import { ACTORS, route } from '../route.ts';
import {
  actionResponse,
  completeTaskBody,
  disputeResponse,
  invoiceStateResponse,
  pauseBody,
  resolveDisputeBody,
  taskResponse,
  worklistResponse,
} from '../schemas.ts';
import { actor } from './customer-actions.ts';
import { idParams } from './customers.ts';

const pauseInvoice = (paused: boolean) =>
  route({
    method: 'post',
    path: `/invoices/:id/${paused ? 'pause' : 'resume'}`,
    tag: 'actions',
    summary: paused ? 'Pause reminders for one invoice' : 'Resume reminders for one invoice',
    roles: ACTORS,
    params: idParams,
    ...(paused ? { body: pauseBody } : {}),
    response: invoiceStateResponse,
    async handler({ rt, session, params, body }) {
      const reason = (body as { reason?: string } | undefined)?.reason ?? null;
      await setPaused(rt.db, session.firmId, actor(session), { invoiceId: params.id }, paused, reason);
      invalidateFirm(rt, session.firmId);
      const s = await invoiceState(rt.db, session.firmId, params.id);
      if (!s) throw notFound('invoice');
      return s;
    },
  });

export const ledgerActionRoutes = [
  pauseInvoice(true),
  pauseInvoice(false),
  route({
    method: 'post',
    path: '/disputes/:id/resolve',
    tag: 'actions',
    summary: 'Resolve an open dispute: the invoice is chased again',
    roles: ACTORS,
    params: idParams,
    body: resolveDisputeBody,
    response: disputeResponse,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      const [d] = await disputesByIds(rt.db, firmId, [params.id]);
      if (!d) throw notFound('dispute');
      if (d.status !== 'open') throw conflict('the dispute is already resolved');
      await resolveDispute(rt.db, firmId, actor(session), params.id, body?.note?.trim() || 'resolved');
      invalidateFirm(rt, firmId);
      return (await disputesByIds(rt.db, firmId, [params.id]))[0]!;
    },
  }),
  route({
    method: 'post',
    path: '/actions/:id/send-now',
    tag: 'actions',
    summary: 'Carry out a planned action at once (approves one awaiting approval)',
    roles: ACTORS,
    params: idParams,
    response: actionResponse,
    async handler({ rt, session, params }) {
      const firmId = session.firmId;
      const a = await actionById(rt.db, firmId, params.id);
      if (!a) throw notFound('action');
      const changed = await rt.db.tx(async (sql) => {
        const rows = await sql.query(
          `UPDATE actions SET status = 'pending', due_at = LEAST(due_at, now()), updated_at = now()
           WHERE id = $1 AND firm_id = $2 AND status IN ('pending', 'awaiting_approval') RETURNING id`,
          [params.id, firmId],
        );
        if (rows.length === 0) return false;
        await sql.query(
          `UPDATE tasks SET status = 'done', done_by = $2, done_at = now() WHERE action_id = $1 AND kind = 'approval' AND status = 'open'`,
          [params.id, actor(session)],
        );
        await audit(sql, firmId, {
          actor: actor(session),
          action: 'action.send_now',
          entityType: 'action',
          entityId: params.id,
        });
        return true;
      });
      if (!changed) throw conflict(`the action is ${a.status}, not waiting to be carried out`);
      return (await actionById(rt.db, firmId, params.id))!;
    },
  }),
  route({
    method: 'post',
    path: '/actions/:id/skip',
    tag: 'actions',
    summary: 'Skip a planned action: it is not carried out, the procedure goes on from the next step',
    roles: ACTORS,
    params: idParams,
    response: actionResponse,
    async handler({ rt, session, params }) {
      const firmId = session.firmId;
      const a = await actionById(rt.db, firmId, params.id);
      if (!a) throw notFound('action');
      const changed = await rt.db.tx(async (sql) => {
        const rows = await sql.query<{ customer_id: string }>(
          `UPDATE actions SET status = 'skipped', status_reason = $3, updated_at = now()
           WHERE id = $1 AND firm_id = $2 AND status IN ('pending', 'awaiting_approval') RETURNING customer_id`,
          [params.id, firmId, `skipped by ${actor(session)}`],
        );
        if (rows.length === 0) return false;
        await sql.query(`UPDATE tasks SET status = 'cancelled' WHERE action_id = $1 AND status = 'open'`, [
          params.id,
        ]);
        await audit(sql, firmId, {
          actor: actor(session),
          action: 'action.skipped',
          entityType: 'action',
          entityId: params.id,
        });
        await wakeCustomers(
          sql,
          rows.map((r) => r.customer_id),
        );
        return true;
      });
      if (!changed) throw conflict(`the action is ${a.status}, not waiting to be carried out`);
      invalidateFirm(rt, firmId);
      return (await actionById(rt.db, firmId, params.id))!;
    },
  }),
  route({
    method: 'get',
    path: '/worklist',
    tag: 'worklist',
    summary: 'My open tasks due today or earlier, and the unassigned ones',
    response: worklistResponse,
    async handler({ rt, session }) {
      const today = await firmToday(rt, session.firmId);
      const rows = await worklist(rt.db, session.firmId, today, session.userId);
      return {
        items: rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          customerId: r.customer_id,
          customerName: r.customer_name,
          dueDate: r.due_date,
          title: r.title,
          detail: r.body,
        })),
      };
    },
  }),
  route({
    method: 'post',
    path: '/tasks/:id/complete',
    tag: 'worklist',
    summary: 'Mark a task done with its outcome (a call’s outcome is noted in the books too)',
    roles: ACTORS,
    params: idParams,
    body: completeTaskBody,
    response: taskResponse,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      const t = await taskById(rt.db, firmId, params.id);
      if (!t) throw notFound('task');
      if (t.status !== 'open') throw conflict(`the task is ${t.status}`);
      const outcome = body.note ? `${body.outcome}: ${body.note}` : body.outcome;
      await completeTask(rt.db, firmId, actor(session), params.id, outcome);
      invalidateFirm(rt, firmId);
      return (await taskById(rt.db, firmId, params.id))!;
    },
  }),
];
