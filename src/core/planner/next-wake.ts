// The first instant after now at which this customer will have something due, given a ledger in
// which everything due now has been recorded. Exact for steps, instalments, promise expiry and a
// new customer's segment change, so a tick reads only customers that have work.
import { instantAtMs, nextWorkDay } from '../calendar.ts';
import { fromEpochDay, toEpochDay } from '../dates.ts';
import { nextSegmentChange } from '../segments.ts';
import type { ProcedureStep } from '../types.ts';
import { wakeMs } from './clock.ts';
import type { PlanClock } from './clock.ts';
import { nextInstalmentDay } from './instalments.ts';
import { isActionable } from './ledger-view.ts';
import type { LedgerView } from './ledger-view.ts';
import { nextStep, nextStepDay } from './steps.ts';
import type { CustomerLedger, PlanContext } from './types.ts';

export function nextWakeMs(
  ledger: CustomerLedger,
  view: LedgerView,
  ctx: PlanContext,
  clock: PlanClock,
  steps: readonly ProcedureStep[],
): number | null {
  const day = nextDueDay(ledger, view, clock, steps);
  const windowWake = day === null ? null : wakeMs(clock, day);
  // A segment change is recorded from local midnight of its day: it waits for no window.
  const change = nextSegmentChange(ledger.customer, ledger.stats, ctx.segments, fromEpochDay(clock.today));
  const changeWake = change === null ? null : instantAtMs(toEpochDay(change), 0, clock.zone);
  if (changeWake === null) return windowWake;
  return windowWake === null ? changeWake : Math.min(windowWake, changeWake);
}

/** The first local day ≥ the first window after now on which an action or a broken promise falls due. */
function nextDueDay(
  ledger: CustomerLedger,
  view: LedgerView,
  clock: PlanClock,
  steps: readonly ProcedureStep[],
): number | null {
  const { customer } = ledger;
  const { cal } = clock;
  const from = clock.laterDay; // a business day: the first window after now opens on it
  /** First business day ≥ from after a promise covering through `cover` has lapsed. */
  const afterCover = (cover: number): number => nextWorkDay(Math.max(cover + 1, from), cal);
  let best: number | null = null;
  const consider = (day: number | null): void => {
    if (day !== null && (best === null || day < best)) best = day;
  };

  for (const inv of ledger.invoices) {
    if (!isActionable(inv, customer) || view.planOf.has(inv.id)) continue;
    const dueDay = toEpochDay(inv.dueDate ?? inv.issueDate);
    const cover = view.coveredThrough.get(inv.id);
    if (cover === undefined) {
      consider(nextStepDay(steps, inv, dueDay, from, cal));
    } else {
      // When the promise lapses it is flagged broken and the next step goes at once, whatever its date.
      const day = afterCover(cover);
      if (nextStep(steps, inv, dueDay, day) !== null) consider(day);
    }
  }

  const done = new Set(ledger.planStepsDone);
  for (const pv of view.plans) {
    if (pv.completed) continue;
    let available: number | null = null; // first day one of the plan's invoices may be written about
    for (const id of new Set(pv.plan.invoiceIds)) {
      const inv = view.invoices.get(id);
      if (inv === undefined || view.planOf.get(id) !== pv || !isActionable(inv, customer)) continue;
      const cover = view.coveredThrough.get(id);
      const day = cover === undefined ? from : afterCover(cover);
      if (available === null || day < available) available = day;
    }
    if (available !== null) consider(nextInstalmentDay(pv.schedule, pv.paid, done, available));
  }

  for (const p of view.promises) if (p.unsettled.length > 0) consider(afterCover(p.deadline));
  return best;
}
