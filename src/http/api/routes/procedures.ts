// Procedures (the firm's reminder sequences) and segments (which customers follow which). Owners
// edit them; every change re-plans the customers concerned at the next tick.

import { isTemplateKey } from '../../../core/templates/index.ts';
import type { Sql } from '../../../store/db.ts';
import { audit } from '../../../store/repos/audit.ts';
import { firmProcedures, firmSegments } from '../../../store/repos/firms.ts';
import { toProcedure, type ProcedureRow } from '../../../store/rows.ts';
import { invalidateFirm } from '../context.ts';
import { ApiError, conflict, notFound } from '../errors.ts';
import { OWNERS, route } from '../route.ts';
import {
  procedureBody,
  procedureResponse,
  proceduresResponse,
  segmentBodyCreate,
  segmentBodyUpdate,
  segmentResponse,
  segmentsResponse,
} from '../schemas.ts';
import { actor } from './customer-actions.ts';
import { idParams } from './customers.ts';

function checkTemplates(steps: { template: string }[]): void {
  const fields = steps
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !isTemplateKey(s.template))
    .map(({ i }) => ({ path: `steps[${i}].template`, message: 'unknown template' }));
  if (fields.length > 0)
    throw new ApiError(400, 'bad_request', fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields);
}

const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, 40) || 'custom';

async function procedureOf(sql: Sql, firmId: string, id: string) {
  const [row] = await sql.query<ProcedureRow>(
    `SELECT id, key, name, steps FROM procedures WHERE id = $1 AND firm_id = $2`,
    [id, firmId],
  );
  return row ? toProcedure(row) : null;
}

/** Wakes the firm's customers (all, or those in segments using one procedure): a bulk re-plan. */
async function replan(sql: Sql, firmId: string, procedureId: string | null): Promise<void> {
  await sql.query(
    `UPDATE customers SET next_wake_at = '-infinity' WHERE firm_id = $1 AND next_wake_at <> '-infinity'
       AND ($2::uuid IS NULL OR segment_id IN (SELECT id FROM segments WHERE firm_id = $1 AND procedure_id = $2))`,
    [firmId, procedureId],
  );
}

const keyTaken = (err: unknown) => (err as { code?: string }).code === '23505';

export const procedureRoutes = [
  route({
    method: 'get',
    path: '/procedures',
    tag: 'procedures',
    summary: 'The firm’s procedures and their steps',
    response: proceduresResponse,
    async handler({ rt, session }) {
      return { items: await firmProcedures(rt.db, session.firmId) };
    },
  }),
  route({
    method: 'post',
    path: '/procedures',
    tag: 'procedures',
    summary: 'Create a procedure',
    roles: OWNERS,
    status: 201,
    body: procedureBody,
    response: procedureResponse,
    async handler({ rt, session, body }) {
      checkTemplates(body.steps);
      const firmId = session.firmId;
      const key = body.key ?? slug(body.name);
      try {
        const id = await rt.db.tx(async (sql) => {
          const [row] = await sql.query<{ id: string }>(
            `INSERT INTO procedures (firm_id, key, name, steps) VALUES ($1, $2, $3, $4) RETURNING id`,
            [firmId, key, body.name, JSON.stringify(body.steps)],
          );
          const newId = (row as { id: string }).id;
          await audit(sql, firmId, {
            actor: actor(session),
            action: 'procedure.created',
            entityType: 'procedure',
            entityId: newId,
            details: { key, name: body.name },
          });
          return newId;
        });
        invalidateFirm(rt, firmId, { context: true });
        return (await procedureOf(rt.db, firmId, id))!;
      } catch (err) {
        if (keyTaken(err))
          throw conflict(`a procedure with the key "${key}" exists`, [
            { path: 'key', message: 'already taken' },
          ]);
        throw err;
      }
    },
  }),
  route({
    method: 'get',
    path: '/procedures/:id',
    tag: 'procedures',
    summary: 'One procedure',
    params: idParams,
    response: procedureResponse,
    async handler({ rt, session, params }) {
      const p = await procedureOf(rt.db, session.firmId, params.id);
      if (!p) throw notFound('procedure');
      return p;
    },
  }),
  route({
    method: 'put',
    path: '/procedures/:id',
    tag: 'procedures',
    summary: 'Replace a procedure’s name and steps; its customers are re-planned',
    roles: OWNERS,
    params: idParams,
    body: procedureBody.omit({ key: true }),
    response: procedureResponse,
    async handler({ rt, session, params, body }) {
      checkTemplates(body.steps);
      const firmId = session.firmId;
      const found = await rt.db.tx(async (sql) => {
        const rows = await sql.query(
          `UPDATE procedures SET name = $3, steps = $4, updated_at = now() WHERE id = $1 AND firm_id = $2 RETURNING id`,
          [params.id, firmId, body.name, JSON.stringify(body.steps)],
        );
        if (rows.length === 0) return false;
        await audit(sql, firmId, {
          actor: actor(session),
          action: 'procedure.updated',
          entityType: 'procedure',
          entityId: params.id,
          details: { name: body.name, steps: body.steps.length },
        });
        await replan(sql, firmId, params.id);
        return true;
      });
      if (!found) throw notFound('procedure');
      invalidateFirm(rt, firmId, { context: true });
      return (await procedureOf(rt.db, firmId, params.id))!;
    },
  }),
  route({
    method: 'get',
    path: '/segments',
    tag: 'segments',
    summary: 'The firm’s segments, in the order their rules are tried',
    response: segmentsResponse,
    async handler({ rt, session }) {
      return { items: await firmSegments(rt.db, session.firmId) };
    },
  }),
  route({
    method: 'post',
    path: '/segments',
    tag: 'segments',
    summary: 'Create a segment; the firm’s customers are re-planned',
    roles: OWNERS,
    status: 201,
    body: segmentBodyCreate,
    response: segmentResponse,
    async handler({ rt, session, body }) {
      const firmId = session.firmId;
      const key = body.key ?? slug(body.name);
      try {
        const id = await rt.db.tx(async (sql) => {
          const ok = await sql.query(`SELECT 1 FROM procedures WHERE id = $1 AND firm_id = $2`, [
            body.procedureId,
            firmId,
          ]);
          if (ok.length === 0)
            throw new ApiError(404, 'not_found', 'procedureId: no such procedure', [
              { path: 'procedureId', message: 'no such procedure' },
            ]);
          const [row] = await sql.query<{ id: string }>(
            `INSERT INTO segments (firm_id, key, name, procedure_id, rule, position)
             VALUES ($1, $2, $3, $4, $5, COALESCE($6, (SELECT COALESCE(max(position), -1) + 1 FROM segments WHERE firm_id = $1)))
             RETURNING id`,
            [firmId, key, body.name, body.procedureId, JSON.stringify(body.rule), body.position ?? null],
          );
          const newId = (row as { id: string }).id;
          await audit(sql, firmId, {
            actor: actor(session),
            action: 'segment.created',
            entityType: 'segment',
            entityId: newId,
            details: { key, name: body.name },
          });
          await replan(sql, firmId, null);
          return newId;
        });
        invalidateFirm(rt, firmId, { context: true });
        return (await firmSegments(rt.db, firmId)).find((s) => s.id === id)!;
      } catch (err) {
        if (keyTaken(err))
          throw conflict(`a segment with the key "${key}" exists`, [
            { path: 'key', message: 'already taken' },
          ]);
        throw err;
      }
    },
  }),
  route({
    method: 'put',
    path: '/segments/:id',
    tag: 'segments',
    summary: 'Change a segment (name, procedure, rule, position); the firm’s customers are re-planned',
    roles: OWNERS,
    params: idParams,
    body: segmentBodyUpdate.omit({ key: true }),
    response: segmentResponse,
    async handler({ rt, session, params, body }) {
      const firmId = session.firmId;
      const found = await rt.db.tx(async (sql) => {
        if (body.procedureId) {
          const ok = await sql.query(`SELECT 1 FROM procedures WHERE id = $1 AND firm_id = $2`, [
            body.procedureId,
            firmId,
          ]);
          if (ok.length === 0)
            throw new ApiError(404, 'not_found', 'procedureId: no such procedure', [
              { path: 'procedureId', message: 'no such procedure' },
            ]);
        }
        const rows = await sql.query(
          `UPDATE segments SET name = COALESCE($3, name), procedure_id = COALESCE($4, procedure_id),
             rule = COALESCE($5::jsonb, rule), position = COALESCE($6, position)
           WHERE id = $1 AND firm_id = $2 RETURNING id`,
          [
            params.id,
            firmId,
            body.name ?? null,
            body.procedureId ?? null,
            body.rule ? JSON.stringify(body.rule) : null,
            body.position ?? null,
          ],
        );
        if (rows.length === 0) return false;
        await audit(sql, firmId, {
          actor: actor(session),
          action: 'segment.updated',
          entityType: 'segment',
          entityId: params.id,
          details: body as Record<string, unknown>,
        });
        await replan(sql, firmId, null);
        return true;
      });
      if (!found) throw notFound('segment');
      invalidateFirm(rt, firmId, { context: true });
      return (await firmSegments(rt.db, firmId)).find((s) => s.id === params.id)!;
    },
  }),
];
