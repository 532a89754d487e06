// The facts about a customer's ledger that do not depend on the day: which invoices can be chased
// at all, which plan holds an invoice, until when promises cover them, how much a plan has received.
import { addWorkDays } from '../calendar.ts';
import type { WorkCalendar } from '../calendar.ts';
import { toEpochDay } from '../dates.ts';
import type { Customer, PaymentPlan, PromiseToPay } from '../types.ts';
import { instalmentSchedule, instalmentsTotal } from './instalments.ts';
import type { InstalmentEvent } from './instalments.ts';
import type { CustomerLedger, InvoiceProgress } from './types.ts';

export interface PromiseView {
  promise: PromiseToPay;
  /** promisedDate + graceDays business days (epoch day): the promise holds through this day. */
  deadline: number;
  /** Promised invoices still owing, sorted; empty = the promise was kept. */
  unsettled: string[];
}

export interface PlanView {
  plan: PaymentPlan;
  /** Received since the plan began: its starting balance less what its invoices still owe. */
  paid: number;
  completed: boolean;
  schedule: InstalmentEvent[];
}

export interface LedgerView {
  /** By id; filled only when the customer has promises or plans (the only readers). */
  invoices: ReadonlyMap<string, InvoiceProgress>;
  promises: PromiseView[]; // by promise id
  plans: PlanView[]; // by plan id
  /** Invoice id → the plan (not completed) that holds it; the first by id if several claim it. */
  planOf: ReadonlyMap<string, PlanView>;
  /** Invoice id → the latest deadline among the unsettled open promises that name it. */
  coveredThrough: ReadonlyMap<string, number>;
}

/** Still owing money: what a promise or a plan waits for. */
export function isOwing(inv: InvoiceProgress | undefined): inv is InvoiceProgress {
  return inv !== undefined && inv.status === 'open' && inv.openBalance > 0;
}

/** Can be contacted about at all (promises and plans aside); another customer's invoice never is. */
export function isActionable(inv: InvoiceProgress, customer: Customer): boolean {
  return isOwing(inv) && !inv.disputed && !inv.paused && !customer.paused && inv.customerId === customer.id;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const NONE: ReadonlyMap<string, never> = new Map<string, never>();

export function buildLedgerView(ledger: CustomerLedger, cal: WorkCalendar): LedgerView {
  const openPromises = ledger.promises.filter((p) => p.status === 'open');
  const activePlans = ledger.plans.filter((p) => p.status === 'active');
  // Most customers have neither: skip building the invoice index for them (the hot path).
  if (openPromises.length === 0 && activePlans.length === 0)
    return { invoices: NONE, promises: [], plans: [], planOf: NONE, coveredThrough: NONE };

  const invoices = new Map(ledger.invoices.map((inv) => [inv.id, inv]));
  const promises = openPromises.sort(byId).map((promise): PromiseView => {
    const unsettled = [...new Set(promise.invoiceIds)].filter((id) => isOwing(invoices.get(id))).sort();
    const deadline = addWorkDays(toEpochDay(promise.promisedDate), Math.max(0, promise.graceDays), cal);
    return { promise, deadline, unsettled };
  });
  const coveredThrough = new Map<string, number>();
  for (const p of promises) {
    for (const id of p.unsettled)
      coveredThrough.set(id, Math.max(coveredThrough.get(id) ?? -Infinity, p.deadline));
  }

  const plans = activePlans.sort(byId).map((plan): PlanView => {
    let owing = 0;
    for (const id of new Set(plan.invoiceIds)) {
      const inv = invoices.get(id);
      if (isOwing(inv)) owing += inv.openBalance;
    }
    const paid = Math.max(0, plan.startingBalance - owing);
    return { plan, paid, completed: paid >= instalmentsTotal(plan), schedule: instalmentSchedule(plan, cal) };
  });
  const planOf = new Map<string, PlanView>();
  for (const view of plans) {
    if (view.completed) continue; // a completed plan hands its invoices back to the procedure
    for (const id of view.plan.invoiceIds) if (!planOf.has(id)) planOf.set(id, view);
  }
  return { invoices, promises, plans, planOf, coveredThrough };
}
