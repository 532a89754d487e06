// The planner's view of a firm: settings, procedures, segments and the holidays around a date.
import { holidaysAround } from '../core/holidays.ts';
import type { PlanContext } from '../core/planner/index.ts';
import type { Sql } from '../store/db.ts';
import { firmProcedures, firmSegments, getFirm } from '../store/repos/firms.ts';

export async function loadPlanContext(sql: Sql, firmId: string, aroundDate: string): Promise<PlanContext> {
  const firm = await getFirm(sql, firmId);
  if (!firm) throw new Error(`no firm ${firmId}`);
  const [procedures, segments] = await Promise.all([firmProcedures(sql, firmId), firmSegments(sql, firmId)]);
  return {
    firm,
    procedures: new Map(procedures.map((p) => [p.id, p])),
    segments,
    holidays: holidaysAround(firm.country, aroundDate),
  };
}
