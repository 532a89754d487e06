// "What would happen over the next days": plans repeatedly from one wake-up time to the next,
// recording its own decisions on a copy of the ledger (payments are not foreseen).
import { parseInstant } from '../calendar.ts';
import type { Instant } from '../types.ts';
import { applyPlan } from './apply-plan.ts';
import { planCustomer } from './plan-customer.ts';
import type { CustomerLedger, PlanContext, PlannedAction } from './types.ts';

/** What would happen in [from, from+days): repeatedly plans, applying its own actions to a copy of the ledger. */
export function previewCustomer(
  ledger: CustomerLedger,
  ctx: PlanContext,
  from: Instant,
  days: number,
): PlannedAction[] {
  const end = parseInstant(from) + days * 86_400_000;
  const out: PlannedAction[] = [];
  let current = ledger;
  let at: Instant | null = from;
  // Each round moves strictly forward to the next wake-up; the cap only guards against a bad calendar.
  for (let round = 0; at !== null && parseInstant(at) < end && round < 10_000; round++) {
    const plan = planCustomer(current, ctx, at);
    out.push(...plan.actions);
    current = applyPlan(current, plan);
    at = plan.nextWakeAt;
  }
  return out;
}
