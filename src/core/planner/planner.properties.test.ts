// The planner's invariants over generated ledgers and clocks. The expectations are computed here
// from the public calendar API and the rules as stated, not from the planner's own helpers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  isBusinessDay,
  isInSendWindow,
  localDateTime,
  nextBusinessDay,
  instantAt,
  nextSendInstant,
} from '../calendar.ts';
import { addDays } from '../dates.ts';
import type { LocalDate } from '../dates.ts';
import type { ProcedureStep } from '../types.ts';
import { applyPlan } from './apply-plan.ts';
import { planInputArb } from './arbitraries.ts';
import { planCustomer } from './plan-customer.ts';
import { previewCustomer } from './preview-customer.ts';
import type { CustomerLedger, InvoiceProgress, PlanContext } from './types.ts';

const RUNS = 200;
const property = (
  predicate: (input: { ctx: PlanContext; ledger: CustomerLedger; now: string }) => void,
): void => fc.assert(fc.property(planInputArb, predicate), { numRuns: RUNS });

// ---- the rules, restated -------------------------------------------------------------------------
const zoneOf = (l: CustomerLedger, ctx: PlanContext): string => l.customer.timeZone ?? ctx.firm.timeZone;
const todayOf = (l: CustomerLedger, ctx: PlanContext, now: string): LocalDate =>
  localDateTime(now, zoneOf(l, ctx)).date;
const owing = (inv: InvoiceProgress | undefined): boolean =>
  !!inv && inv.status === 'open' && inv.openBalance > 0;

function liveCover(l: CustomerLedger, ctx: PlanContext, today: LocalDate, id: string): boolean {
  const { businessHours } = ctx.firm;
  return l.promises.some(
    (p) =>
      p.status === 'open' &&
      p.invoiceIds.includes(id) &&
      addBusinessDays(p.promisedDate, p.graceDays, businessHours, ctx.holidays) >= today,
  );
}

function inOpenPlan(l: CustomerLedger, id: string): boolean {
  return l.plans.some((plan) => {
    const stillOwed = [...new Set(plan.invoiceIds)]
      .map((x) => l.invoices.find((i) => i.id === x))
      .filter(owing)
      .reduce((s, i) => s + i!.openBalance, 0);
    const paid = Math.max(0, plan.startingBalance - stillOwed);
    return plan.invoiceIds.includes(id) && paid < plan.instalments.reduce((s, i) => s + i.amount, 0);
  });
}

function mayContact(l: CustomerLedger, ctx: PlanContext, today: LocalDate, inv: InvoiceProgress): boolean {
  return (
    owing(inv) && !inv.disputed && !inv.paused && !l.customer.paused && !liveCover(l, ctx, today, inv.id)
  );
}

function stepsFor(ctx: PlanContext, segmentId: string): ProcedureStep[] {
  const segment = ctx.segments.find((s) => s.id === segmentId)!;
  return [...ctx.procedures.get(segment.procedureId)!.steps].sort((a, b) => a.offsetDays - b.offsetDays);
}

/** The latest step fallen due by `today` and not yet done, whose conditions hold. */
function latestDueStep(
  ctx: PlanContext,
  steps: ProcedureStep[],
  inv: InvoiceProgress,
  today: LocalDate,
): ProcedureStep | null {
  const due = inv.dueDate ?? inv.issueDate;
  const { businessHours } = ctx.firm;
  let found: ProcedureStep | null = null;
  for (const s of steps) {
    if (inv.stepDoneOffset !== null && s.offsetDays <= inv.stepDoneOffset) continue;
    if (nextBusinessDay(addDays(due, s.offsetDays), businessHours, ctx.holidays) > today) continue;
    if (s.offsetDays < 0 && today >= due) continue;
    const min = s.conditions.minAmount;
    if (min && min.currency === inv.currency && inv.openBalance < min.amount) continue;
    found = s;
  }
  return found;
}

// ---- properties ----------------------------------------------------------------------------------
describe('planner properties', () => {
  it('never acts on an invoice that is settled, voided, disputed, paused, promised, or not the customer’s', () => {
    property(({ ctx, ledger, now }) => {
      const today = todayOf(ledger, ctx, now);
      const plan = planCustomer(ledger, ctx, now);
      for (const a of plan.actions) {
        expect(a.customerId).toBe(ledger.customer.id);
        for (const id of a.invoiceIds) {
          const inv = ledger.invoices.find((i) => i.id === id);
          expect(inv?.customerId).toBe(ledger.customer.id);
          expect(mayContact(ledger, ctx, today, inv!)).toBe(true);
          if (a.kind === 'step') expect(inOpenPlan(ledger, id)).toBe(false);
          else expect(ledger.plans.find((p) => p.id === a.planId)?.invoiceIds).toContain(id);
        }
      }
    });
  });

  it('acts only inside the send window of a business day, in the customer’s zone, on steps fallen due', () => {
    property(({ ctx, ledger, now }) => {
      const { businessHours } = ctx.firm;
      const zone = zoneOf(ledger, ctx);
      const today = todayOf(ledger, ctx, now);
      const plan = planCustomer(ledger, ctx, now);
      if (!isInSendWindow(now, businessHours, zone, ctx.holidays)) expect(plan.actions).toEqual([]);
      for (const a of plan.actions) {
        expect(Date.parse(a.dueAt)).toBeLessThanOrEqual(Date.parse(now));
        expect(isInSendWindow(a.dueAt, businessHours, zone, ctx.holidays)).toBe(true);
        expect(a.targetDate <= today).toBe(true);
        expect(isBusinessDay(a.targetDate, businessHours, ctx.holidays)).toBe(true);
      }
    });
  });

  it('sends one message per step, never two actions for one invoice, with distinct keys', () => {
    property(({ ctx, ledger, now }) => {
      const { actions } = planCustomer(ledger, ctx, now);
      const ids = actions.flatMap((a) => a.invoiceIds);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(actions.map((a) => a.key)).size).toBe(actions.length);
      const steps = actions.filter((a) => a.kind === 'step').map((a) => a.stepId);
      expect(new Set(steps).size).toBe(steps.length);
      for (const a of actions) expect(a.invoiceIds).toEqual([...a.invoiceIds].sort());
    });
  });

  it('sends exactly the latest step fallen due to every invoice it may contact: no burst, no gap', () => {
    property(({ ctx, ledger, now }) => {
      const plan = planCustomer(ledger, ctx, now);
      if (!isInSendWindow(now, ctx.firm.businessHours, zoneOf(ledger, ctx), ctx.holidays)) return;
      const today = todayOf(ledger, ctx, now);
      const steps = stepsFor(ctx, plan.segmentId);
      for (const inv of ledger.invoices) {
        const action = plan.actions.find((a) => a.kind === 'step' && a.invoiceIds.includes(inv.id));
        const expected =
          mayContact(ledger, ctx, today, inv) && !inOpenPlan(ledger, inv.id)
            ? latestDueStep(ctx, steps, inv, today)
            : null;
        if (expected) expect(action?.stepOffset).toBe(expected.offsetDays);
        else if (action) expect(action.afterBrokenPromise).toBe(true); // a step firmer, at once
      }
    });
  });

  it('decides the same twice, and nothing new once its decisions are recorded', () => {
    property(({ ctx, ledger, now }) => {
      const first = planCustomer(ledger, ctx, now);
      expect(planCustomer(ledger, ctx, now)).toEqual(first);
      const second = planCustomer(applyPlan(ledger, first), ctx, now);
      expect(second.actions).toEqual([]);
      expect(second.events).toEqual([]);
      expect(second.nextWakeAt).toBe(first.nextWakeAt);
    });
  });

  it('resumes every promised invoice it can when it flags a promise broken', () => {
    property(({ ctx, ledger, now }) => {
      const plan = planCustomer(ledger, ctx, now);
      const today = todayOf(ledger, ctx, now);
      const steps = stepsFor(ctx, plan.segmentId);
      for (const e of plan.events) {
        if (e.kind !== 'promise_broken') continue;
        expect(e.invoiceIds.length).toBeGreaterThan(0);
        for (const id of e.invoiceIds) {
          const inv = ledger.invoices.find((i) => i.id === id)!;
          const remaining = steps.some(
            (s) =>
              (inv.stepDoneOffset === null || s.offsetDays > inv.stepDoneOffset) &&
              (s.offsetDays >= 0 || today < (inv.dueDate ?? inv.issueDate)) &&
              !(
                s.conditions.minAmount?.currency === inv.currency &&
                inv.openBalance < s.conditions.minAmount.amount
              ),
          );
          if (!mayContact(ledger, ctx, today, inv) || inOpenPlan(ledger, id) || !remaining) continue;
          expect(plan.actions.find((a) => a.invoiceIds.includes(id))?.afterBrokenPromise).toBe(true);
        }
      }
    });
  });

  it('wakes at the first instant something falls due: nothing before it, something at it', () => {
    fc.assert(
      fc.property(
        planInputArb,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        ({ ctx, ledger, now }, fraction) => {
          const plan = planCustomer(ledger, ctx, now);
          const recorded = applyPlan(ledger, plan);
          const nowMs = Date.parse(now);
          const quiet = (atMs: number): void => {
            const later = planCustomer(recorded, ctx, new Date(atMs).toISOString());
            expect(later.actions).toEqual([]);
            expect(later.events).toEqual([]);
          };
          const wake = plan.nextWakeAt === null ? nowMs + 120 * 86_400_000 : Date.parse(plan.nextWakeAt);
          expect(wake).toBeGreaterThan(nowMs);
          // Every window opening before the wake-up (where a missed step would show first), a random
          // instant, and the last millisecond before it.
          const zone = zoneOf(ledger, ctx);
          const { businessHours } = ctx.firm;
          const { holidays } = ctx;
          for (let t = nowMs + 1, n = 0; n < 60; n++) {
            t = Date.parse(nextSendInstant(new Date(t).toISOString(), businessHours, zone, holidays));
            if (t >= wake) break;
            quiet(t);
            const day = localDateTime(new Date(t).toISOString(), zone).date;
            t = Date.parse(instantAt(addDays(day, 1), '00:00', zone)); // on to the next day's window
          }
          quiet(nowMs + 1 + Math.floor(fraction * (wake - nowMs - 1)));
          if (wake - 1 > nowMs) quiet(wake - 1);
          if (plan.nextWakeAt !== null) {
            const at = planCustomer(recorded, ctx, plan.nextWakeAt);
            expect(at.actions.length + at.events.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('over two months of previews, never contacts an invoice twice in a day, and only moves forward', () => {
    fc.assert(
      fc.property(planInputArb, ({ ctx, ledger, now }) => {
        const zone = zoneOf(ledger, ctx);
        const actions = previewCustomer(ledger, ctx, now, 60);
        expect(new Set(actions.map((a) => a.key)).size).toBe(actions.length);
        const seen = new Map<string, { day: LocalDate; offset: number | null }>();
        for (const a of actions) {
          expect(isInSendWindow(a.dueAt, ctx.firm.businessHours, zone, ctx.holidays)).toBe(true);
          const day = localDateTime(a.dueAt, zone).date;
          for (const id of a.invoiceIds) {
            const before = seen.get(id);
            if (before) {
              expect(day > before.day).toBe(true);
              if (a.stepOffset !== null && before.offset !== null)
                expect(a.stepOffset).toBeGreaterThan(before.offset);
            }
            seen.set(id, { day, offset: a.stepOffset ?? before?.offset ?? null });
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
