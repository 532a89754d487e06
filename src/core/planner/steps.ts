// Which procedure step an invoice is at. A step falls due on the first business day on or after
// due date + offset; of the steps fallen due and not yet done only the latest is carried out, so
// missed days are caught up once and never in a burst.
import { nextWorkDay } from '../calendar.ts';
import type { WorkCalendar } from '../calendar.ts';
import type { Procedure, ProcedureStep } from '../types.ts';
import type { InvoiceProgress } from './types.ts';

const ordered = new WeakMap<Procedure, readonly ProcedureStep[]>();

/** The procedure's steps by ascending offset (cached per procedure object). */
export function orderedSteps(procedure: Procedure): readonly ProcedureStep[] {
  let steps = ordered.get(procedure);
  if (!steps) {
    steps = [...procedure.steps].sort((a, b) => a.offsetDays - b.offsetDays);
    ordered.set(procedure, steps);
  }
  return steps;
}

/**
 * Whether the step may be carried out for the invoice on `day`: its amount condition holds, and a
 * step before the due date (a heads-up) is not sent once the invoice is due.
 */
export function stepApplies(step: ProcedureStep, inv: InvoiceProgress, dueDay: number, day: number): boolean {
  if (step.offsetDays < 0 && day >= dueDay) return false;
  const min = step.conditions.minAmount;
  return min === undefined || min.currency !== inv.currency || inv.openBalance >= min.amount;
}

export interface StepChoice {
  step: ProcedureStep;
  targetDay: number;
}

/** The latest step not yet done whose date has come by `today`, or null. */
export function dueStep(
  steps: readonly ProcedureStep[],
  inv: InvoiceProgress,
  dueDay: number,
  today: number,
  cal: WorkCalendar,
): StepChoice | null {
  const done = inv.stepDoneOffset;
  let found: StepChoice | null = null;
  for (const step of steps) {
    if (done !== null && step.offsetDays <= done) continue;
    const targetDay = nextWorkDay(dueDay + step.offsetDays, cal);
    if (targetDay > today) break;
    if (stepApplies(step, inv, dueDay, today)) found = { step, targetDay };
  }
  return found;
}

/** The next step not yet done that may be carried out on `day`, whatever its date (after a broken promise). */
export function nextStep(
  steps: readonly ProcedureStep[],
  inv: InvoiceProgress,
  dueDay: number,
  day: number,
): ProcedureStep | null {
  const done = inv.stepDoneOffset;
  for (const step of steps) {
    if (done !== null && step.offsetDays <= done) continue;
    if (stepApplies(step, inv, dueDay, day)) return step;
  }
  return null;
}

/** The first business day ≥ from (itself a business day) on which a step will have fallen due, or null. */
export function nextStepDay(
  steps: readonly ProcedureStep[],
  inv: InvoiceProgress,
  dueDay: number,
  from: number,
  cal: WorkCalendar,
): number | null {
  const done = inv.stepDoneOffset;
  for (const step of steps) {
    if (done !== null && step.offsetDays <= done) continue;
    const day = Math.max(nextWorkDay(dueDay + step.offsetDays, cal), from);
    if (stepApplies(step, inv, dueDay, day)) return day;
  }
  return null;
}
