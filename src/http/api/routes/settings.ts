// GET/PATCH /settings: the sender identity, business hours, language, review mode, fees and
// interest. PATCH merges what it is given; owners only. GET /jobs: long work in progress.
import { isValidIban } from '../../../channels/sepa-qr.ts';
import { getFirm } from '../../../store/repos/firms.ts';
import { audit } from '../../../store/repos/audit.ts';
import { connectionStates } from '../../../store/repos/panel/overview.ts';
import { invalidateFirm } from '../context.ts';
import { ApiError, notFound } from '../errors.ts';
import { OWNERS, route } from '../route.ts';
import { jobsResponse, settingsPatch, settingsSchema } from '../schemas.ts';
import { actor } from './customer-actions.ts';
import type { Runtime } from '../../../runtime.ts';
import type { z } from 'zod';

async function settingsOf(rt: Runtime, firmId: string) {
  const firm = await getFirm(rt.db, firmId);
  if (!firm) throw notFound('firm');
  return {
    sender: {
      name: firm.sender.name,
      email: firm.sender.email,
      phone: firm.sender.phone,
      address: firm.sender.address,
      iban: firm.sender.iban,
      bic: firm.sender.bic,
    },
    businessHours: firm.businessHours,
    language: firm.language,
    reviewMode: firm.reviewMode,
    fees: firm.fees,
  };
}

export const settingsRoutes = [
  route({
    method: 'get',
    path: '/settings',
    tag: 'settings',
    summary: 'The firm’s settings',
    response: settingsSchema,
    handler: ({ rt, session }) => settingsOf(rt, session.firmId),
  }),
  route({
    method: 'patch',
    path: '/settings',
    tag: 'settings',
    summary: 'Change settings (sender, businessHours, language, reviewMode, fees); the rest is kept',
    roles: OWNERS,
    body: settingsPatch,
    response: settingsSchema,
    async handler({ rt, session, body }) {
      const firmId = session.firmId;
      const iban = body.sender?.iban;
      if (iban && !isValidIban(iban.replace(/\s+/g, '').toUpperCase())) {
        throw new ApiError(400, 'bad_request', 'sender.iban: not a valid IBAN', [
          { path: 'sender.iban', message: 'not a valid IBAN' },
        ]);
      }
      const current = await settingsOf(rt, firmId);
      const sender = {
        ...current.sender,
        ...body.sender,
        ...(iban ? { iban: iban.replace(/\s+/g, '').toUpperCase() } : {}),
      };
      const next = settingsSchema.parse({
        sender,
        businessHours: body.businessHours ?? current.businessHours,
        language: body.language ?? current.language,
        reviewMode: body.reviewMode ?? current.reviewMode,
        fees: { ...current.fees, ...body.fees },
      });
      await rt.db.tx(async (sql) => {
        // The sender's verified flag (set by operators) is kept unless the address changes.
        await sql.query(
          `UPDATE firms SET sender = CASE WHEN sender->>'email' IS NOT DISTINCT FROM $2::jsonb->>'email'
                 THEN $2::jsonb || jsonb_build_object('emailVerified', COALESCE((sender->>'emailVerified')::boolean, false))
                 ELSE $2::jsonb END,
             business_hours = $3, language = $4, review_mode = $5, fees = $6, updated_at = now()
           WHERE id = $1`,
          [
            firmId,
            JSON.stringify(next.sender),
            JSON.stringify(next.businessHours),
            next.language,
            next.reviewMode,
            JSON.stringify(next.fees),
          ],
        );
        await audit(sql, firmId, {
          actor: actor(session),
          action: 'settings.updated',
          entityType: 'firm',
          entityId: firmId,
          details: { changed: Object.keys(body) },
        });
        if (next.reviewMode !== current.reviewMode)
          await audit(sql, firmId, {
            actor: actor(session),
            action: next.reviewMode ? 'firm.sending_off' : 'firm.sending_on',
            entityType: 'firm',
            entityId: firmId,
          });
        // Hours and language change when messages go out: re-plan everyone.
        await sql.query(
          `UPDATE customers SET next_wake_at = '-infinity' WHERE firm_id = $1 AND next_wake_at <> '-infinity'`,
          [firmId],
        );
      });
      invalidateFirm(rt, firmId, { context: true });
      return settingsOf(rt, firmId);
    },
  }),
  route({
    method: 'get',
    path: '/jobs',
    tag: 'jobs',
    summary: 'Long work in progress: first syncs, and re-plans after a procedure, segment or settings change',
    response: jobsResponse,
    async handler({ rt, session }) {
      const firmId = session.firmId;
      const [connections, [replan]] = await Promise.all([
        rt.db.query<{ id: string; created_at: string }>(
          `SELECT id, created_at FROM connections WHERE firm_id = $1 ORDER BY platform, created_at`,
          [firmId],
        ),
        rt.db.query<{ waiting: number; total: number; since: string | null }>(
          `SELECT count(*) FILTER (WHERE next_wake_at = '-infinity')::int AS waiting, count(*)::int AS total,
             (SELECT max(at) FROM audit_log WHERE firm_id = $1 AND action IN
               ('procedure.updated', 'segment.created', 'segment.updated', 'settings.updated')) AS since
           FROM customers WHERE firm_id = $1 AND active`,
          [firmId],
        ),
      ]);
      const states = await connectionStates(rt.db, firmId);
      const items: z.infer<typeof jobsResponse>['items'] = states.flatMap((s, n) =>
        s.progress
          ? [
              {
                id: `sync:${connections[n]?.id ?? s.platform}`,
                kind: 'sync' as const,
                status: 'running' as const,
                done: s.progress.done,
                total: null,
                startedAt: connections[n]?.created_at ?? null,
              },
            ]
          : [],
      );
      if (replan && replan.waiting > 0)
        items.push({
          id: `replan:${firmId}`,
          kind: 'replan',
          status: 'running',
          done: replan.total - replan.waiting,
          total: replan.total,
          startedAt: replan.since,
        });
      return { items };
    },
  }),
];
