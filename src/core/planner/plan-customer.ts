// The planner: a pure function of (ledger, procedures, calendar, now) → what is due now, the
// events to record, and when to look at this customer again.
import { parseInstant } from '../calendar.ts';
import { fromEpochDay } from '../dates.ts';
import { assignSegment } from '../segments.ts';
import { applyPlan } from './apply-plan.ts';
import { planClock } from './clock.ts';
import { decideEvents, instalmentActions, stepActions } from './decide.ts';
import { buildLedgerView } from './ledger-view.ts';
import { nextWakeMs } from './next-wake.ts';
import { orderedSteps } from './steps.ts';
import type { CustomerLedger, CustomerPlan, PlanContext, PlannedAction } from './types.ts';
import type { Instant } from '../types.ts';

export function planCustomer(ledger: CustomerLedger, ctx: PlanContext, now: Instant): CustomerPlan {
  const clock = planClock(ledger.customer, ctx, parseInstant(now));
  const segment = assignSegment(ledger.customer, ledger.stats, ctx.segments, fromEpochDay(clock.today));
  const procedure = ctx.procedures.get(segment.procedureId);
  if (!procedure)
    throw new RangeError(`segment "${segment.key}": procedure ${segment.procedureId} not found`);
  const steps = orderedSteps(procedure);
  const view = buildLedgerView(ledger, clock.cal);

  const { events, resumed } = decideEvents(ledger, view, clock, segment);
  const actions: PlannedAction[] =
    clock.inWindow && !ledger.customer.paused
      ? [
          ...stepActions(ledger, view, clock, procedure.id, steps, resumed),
          ...instalmentActions(ledger, view, clock),
        ]
      : [];

  // The wake-up time is computed as if this plan were recorded, so it points past what is due now.
  const recorded = actions.length > 0 || events.length > 0 ? applyPlan(ledger, { actions, events }) : ledger;
  const recordedView = recorded === ledger ? view : buildLedgerView(recorded, clock.cal);
  const wake = nextWakeMs(recorded, recordedView, ctx, clock, steps);
  return {
    segmentId: segment.id,
    actions,
    events,
    nextWakeAt: wake === null ? null : new Date(wake).toISOString(),
  };
}
