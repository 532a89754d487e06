// The planner's view of firms: settings, procedures, segments and the holidays around a date,
// read for a whole batch of firms in three statements.
import { holidaysAround } from '../core/holidays.ts';
import type { PlanContext } from '../core/planner/index.ts';
import type { Sql } from '../store/db.ts';
import {
  toFirm,
  toProcedure,
  toSegment,
  type FirmRow,
  type ProcedureRow,
  type SegmentRow,
} from '../store/rows.ts';

export async function loadPlanContexts(
  sql: Sql,
  firmIds: string[],
  aroundDate: string,
): Promise<Map<string, PlanContext>> {
  const ids = [[...new Set(firmIds)]];
  const [firms, procedures, segments] = await Promise.all([
    sql.query<FirmRow>(
      `SELECT id, name, country, base_currency, time_zone, business_hours, language, sender, review_mode, fees
       FROM firms WHERE id = ANY($1::uuid[])`,
      ids,
    ),
    sql.query<ProcedureRow & { firm_id: string }>(
      `SELECT firm_id, id, key, name, steps FROM procedures WHERE firm_id = ANY($1::uuid[])`,
      ids,
    ),
    sql.query<SegmentRow & { firm_id: string }>(
      `SELECT firm_id, id, key, name, procedure_id, rule, position FROM segments WHERE firm_id = ANY($1::uuid[]) ORDER BY position`,
      ids,
    ),
  ]);
  const out = new Map<string, PlanContext>();
  for (const row of firms) {
    const firm = toFirm(row);
    out.set(firm.id, {
      firm,
      procedures: new Map(procedures.filter((p) => p.firm_id === firm.id).map((p) => [p.id, toProcedure(p)])),
      segments: segments.filter((s) => s.firm_id === firm.id).map(toSegment),
      holidays: holidaysAround(firm.country, aroundDate),
    });
  }
  return out;
}

export async function loadPlanContext(sql: Sql, firmId: string, aroundDate: string): Promise<PlanContext> {
  const ctx = (await loadPlanContexts(sql, [firmId], aroundDate)).get(firmId);
  if (!ctx) throw new Error(`no firm ${firmId}`);
  return ctx;
}
