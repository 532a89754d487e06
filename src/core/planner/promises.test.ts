import { describe, expect, it } from 'vitest';
import { applyPlan } from './apply-plan.ts';
import { testContext, testInvoice, testLedger } from './fixtures.ts';
import { planCustomer } from './plan-customer.ts';
import type { PromiseToPay } from '../types.ts';

// Paris, Monday to Friday 09:00-17:00 (08:00-16:00 UTC in February).
const ctx = testContext();
const promise = (over: Partial<PromiseToPay> = {}): PromiseToPay => ({
  id: 'promise-1',
  customerId: 'cust-1',
  invoiceIds: ['a'],
  promisedDate: '2026-02-13', // a Friday
  amount: null,
  graceDays: 2,
  status: 'open',
  ...over,
});

describe('promises to pay', () => {
  const late = testInvoice({ id: 'a', dueDate: '2026-01-05', stepDoneOffset: 8 });

  it('holds reminders until the promised date plus the grace business days, then wakes', () => {
    const ledger = testLedger({ invoices: [late], promises: [promise()] });
    for (const now of ['2026-02-10T10:00:00Z', '2026-02-17T15:59:00Z']) {
      const plan = planCustomer(ledger, ctx, now);
      expect(plan.actions).toEqual([]);
      expect(plan.events).toEqual([]);
      expect(plan.nextWakeAt).toBe('2026-02-18T08:00:00.000Z');
    }
  });

  it('flags a lapsed promise as broken inside the window and resumes with the step that is due', () => {
    const ledger = testLedger({ invoices: [late], promises: [promise()] });
    const plan = planCustomer(ledger, ctx, '2026-02-18T08:00:00Z');
    expect(plan.events).toEqual([{ kind: 'promise_broken', promiseId: 'promise-1', invoiceIds: ['a'] }]);
    expect(plan.actions).toMatchObject([
      { stepId: 'formal-reminder', invoiceIds: ['a'], afterBrokenPromise: true },
    ]);
    const again = planCustomer(applyPlan(ledger, plan), ctx, '2026-02-18T08:00:00Z');
    expect(again.actions).toEqual([]);
    expect(again.events).toEqual([]);
  });

  it('does not flag a broken promise outside the window, where its step could not go with it', () => {
    const ledger = testLedger({ invoices: [late], promises: [promise()] });
    const night = planCustomer(ledger, ctx, '2026-02-18T02:00:00Z');
    expect(night.events).toEqual([]);
    expect(night.nextWakeAt).toBe('2026-02-18T08:00:00.000Z');
  });

  it('resumes a step firmer at once when no step has fallen due since', () => {
    const invoice = testInvoice({ id: 'a', dueDate: '2026-02-02', stepDoneOffset: 1 });
    const ledger = testLedger({
      invoices: [invoice],
      promises: [promise({ promisedDate: '2026-02-05', graceDays: 0 })],
    });
    const plan = planCustomer(ledger, ctx, '2026-02-06T10:00:00Z');
    expect(plan.actions).toMatchObject([
      { stepId: 'reminder-2', targetDate: '2026-02-06', afterBrokenPromise: true, invoiceIds: ['a'] },
    ]);
    // Recorded, the procedure carries on from there by date: the call at +15.
    expect(planCustomer(applyPlan(ledger, plan), ctx, '2026-02-06T10:00:00Z').nextWakeAt).toBe(
      '2026-02-17T08:00:00.000Z',
    );
  });

  it('records a promise as kept when every promised invoice is settled', () => {
    const paid = { ...late, status: 'paid' as const, openBalance: 0 };
    const plan = planCustomer(
      testLedger({ invoices: [paid], promises: [promise()] }),
      ctx,
      '2026-02-20T10:00:00Z',
    );
    expect(plan.events).toEqual([{ kind: 'promise_kept', promiseId: 'promise-1' }]);
    expect(plan.actions).toEqual([]);
  });

  it('keeps chasing the invoices the promise does not name', () => {
    const other = testInvoice({ id: 'b', dueDate: '2026-01-05', stepDoneOffset: 8 });
    const plan = planCustomer(
      testLedger({ invoices: [late, other], promises: [promise()] }),
      ctx,
      '2026-02-10T10:00:00Z',
    );
    expect(plan.actions.map((a) => [a.stepId, a.invoiceIds])).toEqual([['formal-reminder', ['b']]]);
  });

  it('stays on hold while a second, later promise still covers the invoice', () => {
    const ledger = testLedger({
      invoices: [late],
      promises: [promise(), promise({ id: 'promise-2', promisedDate: '2026-02-27' })],
    });
    const plan = planCustomer(ledger, ctx, '2026-02-18T10:00:00Z');
    expect(plan.events).toEqual([{ kind: 'promise_broken', promiseId: 'promise-1', invoiceIds: ['a'] }]);
    expect(plan.actions).toEqual([]);
    expect(plan.nextWakeAt).toBe('2026-03-04T08:00:00.000Z'); // 27 Feb + 2 business days, then the next day
  });
});
