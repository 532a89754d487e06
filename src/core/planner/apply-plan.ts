// Recording a plan, as the store does it, on a copy of the ledger: step progress per invoice,
// instalment keys, promises flagged, plans completed, the new segment. Used by the preview and
// by tests that check a re-run decides nothing new.
import type { CustomerLedger, CustomerPlan, InvoiceProgress } from './types.ts';

export function applyPlan(
  ledger: CustomerLedger,
  plan: Pick<CustomerPlan, 'actions' | 'events'>,
): CustomerLedger {
  const stepDone = new Map<string, number>();
  const planKeys: string[] = [];
  for (const a of plan.actions) {
    if (a.kind === 'step' && a.stepOffset !== null)
      for (const id of a.invoiceIds) stepDone.set(id, a.stepOffset);
    else planKeys.push(a.key);
  }
  const closedPromises = new Set<string>();
  const completedPlans = new Set<string>();
  let segmentId = ledger.customer.segmentId;
  for (const e of plan.events) {
    if (e.kind === 'promise_broken' || e.kind === 'promise_kept') closedPromises.add(e.promiseId);
    else if (e.kind === 'plan_completed') completedPlans.add(e.planId);
    else segmentId = e.to;
  }
  return {
    ...ledger,
    customer: segmentId === ledger.customer.segmentId ? ledger.customer : { ...ledger.customer, segmentId },
    invoices:
      stepDone.size === 0
        ? ledger.invoices
        : ledger.invoices.map((inv): InvoiceProgress => {
            const offset = stepDone.get(inv.id);
            return offset === undefined ? inv : { ...inv, stepDoneOffset: offset };
          }),
    promises:
      closedPromises.size === 0 ? ledger.promises : ledger.promises.filter((p) => !closedPromises.has(p.id)),
    plans: completedPlans.size === 0 ? ledger.plans : ledger.plans.filter((p) => !completedPlans.has(p.id)),
    planStepsDone: planKeys.length === 0 ? ledger.planStepsDone : [...ledger.planStepsDone, ...planKeys],
  };
}
