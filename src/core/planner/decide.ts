// What falls due at `now`: events about promises, plans and segments, one step action per step
// reached (grouping the customer's invoices at that step) and one instalment action per plan.
import { fromEpochDay, toEpochDay } from '../dates.ts';
import type { ProcedureStep, Segment } from '../types.ts';
import { dueAtMs } from './clock.ts';
import type { PlanClock } from './clock.ts';
import { dueInstalmentEvent } from './instalments.ts';
import { stepKey } from './keys.ts';
import { isActionable } from './ledger-view.ts';
import type { LedgerView } from './ledger-view.ts';
import { dueStep, nextStep } from './steps.ts';
import type { StepChoice } from './steps.ts';
import type { CustomerLedger, PlanEvent, PlannedAction } from './types.ts';

export interface EventDecision {
  events: PlanEvent[];
  /** Invoices whose promise is found broken now: they resume at once, a step firmer. */
  resumed: ReadonlySet<string>;
}

export function decideEvents(
  ledger: CustomerLedger,
  view: LedgerView,
  clock: PlanClock,
  segment: Segment,
): EventDecision {
  const events: PlanEvent[] = [];
  const resumed = new Set<string>();
  if (ledger.customer.segmentId !== segment.id) {
    events.push({ kind: 'segment_changed', from: ledger.customer.segmentId, to: segment.id });
  }
  for (const p of view.promises) {
    if (p.unsettled.length === 0) {
      events.push({ kind: 'promise_kept', promiseId: p.promise.id });
    } else if (clock.inWindow && clock.today > p.deadline) {
      // Only flagged inside the window, together with the resumed step: recording the flag must not
      // lose the step that goes with it.
      events.push({ kind: 'promise_broken', promiseId: p.promise.id, invoiceIds: p.unsettled });
      for (const id of p.unsettled)
        if ((view.coveredThrough.get(id) ?? -Infinity) < clock.today) resumed.add(id);
    }
  }
  for (const p of view.plans) if (p.completed) events.push({ kind: 'plan_completed', planId: p.plan.id });
  return { events, resumed };
}

interface StepGroup {
  step: ProcedureStep;
  invoiceIds: string[];
  targetDay: number;
  afterBrokenPromise: boolean;
}

export function stepActions(
  ledger: CustomerLedger,
  view: LedgerView,
  clock: PlanClock,
  procedureId: string,
  steps: readonly ProcedureStep[],
  resumed: ReadonlySet<string>,
): PlannedAction[] {
  const { customer } = ledger;
  const groups = new Map<string, StepGroup>();
  for (const inv of ledger.invoices) {
    if (!isActionable(inv, customer) || view.planOf.has(inv.id)) continue;
    if ((view.coveredThrough.get(inv.id) ?? -Infinity) >= clock.today) continue;
    const dueDay = toEpochDay(inv.dueDate ?? inv.issueDate); // no due date: due on receipt
    let choice: StepChoice | null = dueStep(steps, inv, dueDay, clock.today, clock.cal);
    const isResumed = resumed.has(inv.id);
    if (choice === null && isResumed) {
      const step = nextStep(steps, inv, dueDay, clock.today);
      if (step) choice = { step, targetDay: clock.today };
    }
    if (choice === null) continue;
    const group = groups.get(choice.step.id);
    if (group) {
      group.invoiceIds.push(inv.id);
      group.targetDay = Math.max(group.targetDay, choice.targetDay);
      group.afterBrokenPromise ||= isResumed;
    } else {
      groups.set(choice.step.id, {
        step: choice.step,
        invoiceIds: [inv.id],
        targetDay: choice.targetDay,
        afterBrokenPromise: isResumed,
      });
    }
  }
  const actions: PlannedAction[] = [];
  for (const g of [...groups.values()].sort((a, b) => a.step.offsetDays - b.step.offsetDays)) {
    const invoiceIds = g.invoiceIds.sort();
    const targetDate = fromEpochDay(g.targetDay);
    actions.push({
      key: stepKey(customer.id, procedureId, g.step.id, targetDate, invoiceIds),
      customerId: customer.id,
      kind: 'step',
      procedureId,
      stepId: g.step.id,
      stepOffset: g.step.offsetDays,
      channel: g.step.channel,
      template: g.step.template,
      tone: g.step.tone,
      statesFees: g.step.statesFees,
      registered: g.step.registered,
      requiresApproval: g.step.requiresApproval,
      invoiceIds,
      targetDate,
      dueAt: new Date(dueAtMs(clock, g.targetDay)).toISOString(),
      planId: null,
      instalmentIndex: null,
      afterBrokenPromise: g.afterBrokenPromise,
    });
  }
  return actions;
}

export function instalmentActions(
  ledger: CustomerLedger,
  view: LedgerView,
  clock: PlanClock,
): PlannedAction[] {
  const { customer } = ledger;
  const done = new Set(ledger.planStepsDone);
  const actions: PlannedAction[] = [];
  for (const pv of view.plans) {
    if (pv.completed) continue;
    const event = dueInstalmentEvent(pv.schedule, pv.paid, done, clock.today);
    if (event === null) continue;
    const invoiceIds = [...new Set(pv.plan.invoiceIds)]
      .filter((id) => {
        const inv = view.invoices.get(id);
        return (
          inv !== undefined &&
          view.planOf.get(id) === pv &&
          isActionable(inv, customer) &&
          (view.coveredThrough.get(id) ?? -Infinity) < clock.today
        );
      })
      .sort();
    if (invoiceIds.length === 0) continue;
    const missed = event.kind === 'missed';
    actions.push({
      key: event.key,
      customerId: customer.id,
      kind: missed ? 'instalment_missed' : 'instalment_reminder',
      procedureId: null,
      stepId: null,
      stepOffset: null,
      channel: 'email',
      template: missed ? 'instalment_missed' : 'instalment_reminder',
      tone: missed ? 3 : 2,
      statesFees: false,
      registered: false,
      requiresApproval: false,
      invoiceIds,
      targetDate: fromEpochDay(event.day),
      dueAt: new Date(dueAtMs(clock, event.day)).toISOString(),
      planId: pv.plan.id,
      instalmentIndex: event.index,
      afterBrokenPromise: false,
    });
  }
  return actions;
}
