// What the API's handlers share per running process: the firm's planning context and today's date
// in its time zone (kept a minute), the overview's whole-ledger aggregates (kept briefly, dropped on
// every write through the API), and the planner's view of one customer's next actions.
import { localDateTime } from '../../core/calendar.ts';
import type { LocalDate } from '../../core/dates.ts';
import { applyPlan, planCustomer, type CustomerLedger, type PlanContext } from '../../core/planner/index.ts';
import { loadPlanContext } from '../../jobs/firm-context.ts';
import type { Runtime } from '../../runtime.ts';
import { memo, type Memo } from '../../store/repos/panel/cache.ts';
import type { RecordedAction } from '../../store/repos/panel/customer.ts';
import { stepLabel } from '../../store/repos/panel/labels.ts';
import { notFound } from './errors.ts';

/** How long the planned actions look ahead on a customer's page. */
export const PLANNED_DAYS = 90;
const PLANNED_SHOWN = 5;

interface Caches {
  plan: Memo<PlanContext>;
  /** The overview answer per firm. */
  overview: Memo<unknown>;
}

const byRuntime = new WeakMap<object, Caches>();

export function caches(rt: Runtime): Caches {
  let c = byRuntime.get(rt.db);
  if (!c) {
    c = { plan: memo(60_000), overview: memo(30_000) };
    byRuntime.set(rt.db, c);
  }
  return c;
}

export async function planContext(rt: Runtime, firmId: string): Promise<PlanContext> {
  const day = new Date().toISOString().slice(0, 10);
  return caches(rt).plan.get(`${firmId}:${day}`, async () => {
    try {
      return await loadPlanContext(rt.db, firmId, day);
    } catch {
      throw notFound('firm');
    }
  });
}

/** Today in the firm's time zone. */
export async function firmToday(rt: Runtime, firmId: string): Promise<LocalDate> {
  const ctx = await planContext(rt, firmId);
  return localDateTime(new Date().toISOString(), ctx.firm.timeZone).date;
}

/** After any write through the API: the firm's aggregates and (for settings) its context are redone. */
export function invalidateFirm(rt: Runtime, firmId: string, opts: { context?: boolean } = {}): void {
  const c = caches(rt);
  c.overview.invalidate(firmId);
  if (opts.context) {
    const day = new Date().toISOString().slice(0, 10);
    c.plan.invalidate(`${firmId}:${day}`);
  }
}

export interface Planned {
  actionId: string | null;
  date: string;
  label: string;
  channel: RecordedAction['channel'];
  step: string | null;
  invoiceIds: string[];
}

/**
 * A customer's next actions: those recorded and not yet carried out, then what the planner would
 * decide from now on (so a promise or a dispute shows at once, before the next tick).
 */
export function plannedFrom(ctx: PlanContext, recorded: RecordedAction[], ledger: CustomerLedger): Planned[] {
  const out: Planned[] = recorded.map((r) => ({
    actionId: r.actionId,
    date: r.date,
    label: r.label,
    channel: r.channel,
    step: r.step,
    invoiceIds: r.invoiceIds,
  }));
  const keys = new Set(recorded.map((r) => r.key));
  const now = new Date().toISOString();
  const end = Date.now() + PLANNED_DAYS * 86_400_000;
  // The core's previewCustomer, stopped as soon as enough is known: plan, apply, move to the next
  // wake-up, until the window ends or five new actions are found.
  let current = ledger;
  let at: string | null = now;
  let found = 0;
  for (let round = 0; at !== null && Date.parse(at) < end && round < 1000 && found < PLANNED_SHOWN; round++) {
    const plan = planCustomer(current, ctx, at);
    for (const a of plan.actions) {
      if (keys.has(a.key)) continue;
      keys.add(a.key);
      found++;
      out.push({
        actionId: null,
        date: a.dueAt,
        label: stepLabel(a.template),
        channel: a.channel,
        step: a.stepId,
        invoiceIds: a.invoiceIds,
      });
    }
    current = applyPlan(current, plan);
    at = plan.nextWakeAt;
  }
  return out.sort((a, b) => a.date.localeCompare(b.date)).slice(0, PLANNED_SHOWN);
}
