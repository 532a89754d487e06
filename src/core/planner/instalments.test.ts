import { describe, expect, it } from 'vitest';
import { applyPlan } from './apply-plan.ts';
import { testContext, testInvoice, testLedger } from './fixtures.ts';
import { planCustomer } from './plan-customer.ts';
import type { PaymentPlan } from '../types.ts';
import type { InvoiceProgress } from './types.ts';

// Paris, Monday to Friday 09:00-17:00 (08:00-16:00 UTC in March until the 29th).
const ctx = testContext();
const plan = (over: Partial<PaymentPlan> = {}): PaymentPlan => ({
  id: 'plan-1',
  customerId: 'cust-1',
  invoiceIds: ['a', 'b'],
  currency: 'EUR',
  instalments: [
    { dueDate: '2026-03-16', amount: 30_000 }, // Monday
    { dueDate: '2026-04-15', amount: 30_000 },
    { dueDate: '2026-05-15', amount: 30_000 },
  ],
  startingBalance: 90_000,
  status: 'active',
  ...over,
});
const invoices = (aBalance = 60_000, bBalance = 30_000): InvoiceProgress[] => [
  testInvoice({ id: 'a', dueDate: '2026-01-05', openBalance: aBalance }),
  testInvoice({ id: 'b', dueDate: '2026-01-20', openBalance: bBalance }),
];

describe('payment plans', () => {
  it('replaces the procedure: no step for the plan’s invoices, however late', () => {
    const ledger = testLedger({ invoices: invoices(), plans: [plan()] });
    const result = planCustomer(ledger, ctx, '2026-03-05T10:00:00Z');
    expect(result.actions).toEqual([]);
    expect(result.nextWakeAt).toBe('2026-03-11T08:00:00.000Z');
  });

  it('reminds of an instalment three business days before it falls due', () => {
    const ledger = testLedger({ invoices: invoices(), plans: [plan()] });
    const result = planCustomer(ledger, ctx, '2026-03-11T08:00:00Z');
    expect(result.actions).toMatchObject([
      {
        kind: 'instalment_reminder',
        key: 'instalment:plan-1:0:reminder',
        template: 'instalment_reminder',
        invoiceIds: ['a', 'b'],
        planId: 'plan-1',
        instalmentIndex: 0,
        targetDate: '2026-03-11',
      },
    ]);
    const recorded = applyPlan(ledger, result);
    expect(planCustomer(recorded, ctx, '2026-03-11T08:00:00Z').actions).toEqual([]);
    expect(planCustomer(recorded, ctx, '2026-03-11T08:00:00Z').nextWakeAt).toBe('2026-03-17T08:00:00.000Z');
  });

  it('follows up the business day after an instalment that was not paid', () => {
    const ledger = testLedger({
      invoices: invoices(),
      plans: [plan()],
      planStepsDone: ['instalment:plan-1:0:reminder'],
    });
    expect(planCustomer(ledger, ctx, '2026-03-17T10:00:00Z').actions).toMatchObject([
      { kind: 'instalment_missed', key: 'instalment:plan-1:0:missed', tone: 3 },
    ]);
  });

  it('says nothing about an instalment the payments received already cover', () => {
    const paidFirst = testLedger({
      invoices: invoices(30_000),
      plans: [plan()],
      planStepsDone: ['instalment:plan-1:0:reminder'],
    });
    const result = planCustomer(paidFirst, ctx, '2026-03-17T10:00:00Z');
    expect(result.actions).toEqual([]);
    expect(result.nextWakeAt).toBe('2026-04-10T07:00:00.000Z'); // the next reminder (summer time)
  });

  it('after a long silence follows up only the latest instalment fallen due', () => {
    const ledger = testLedger({ invoices: invoices(), plans: [plan()] });
    const result = planCustomer(ledger, ctx, '2026-04-20T10:00:00Z');
    expect(result.actions.map((a) => a.key)).toEqual(['instalment:plan-1:1:missed']);
    expect(planCustomer(applyPlan(ledger, result), ctx, '2026-04-21T10:00:00Z').actions).toEqual([]);
  });

  it('records the plan as completed once its instalments are paid, and hands leftovers back to the procedure', () => {
    const done = testLedger({ invoices: invoices(0, 0), plans: [plan()] });
    expect(planCustomer(done, ctx, '2026-03-05T10:00:00Z').events).toEqual([
      { kind: 'plan_completed', planId: 'plan-1' },
    ]);
    // A plan for part of the debt: once its one instalment is paid, the rest is chased again.
    const partial = plan({ instalments: [{ dueDate: '2026-03-16', amount: 30_000 }] });
    const a = { ...invoices()[0]!, dueDate: '2026-02-16' };
    const rest = testLedger({ invoices: [a, { ...invoices()[1]!, openBalance: 0 }], plans: [partial] });
    const result = planCustomer(rest, ctx, '2026-03-18T10:00:00Z');
    expect(result.events).toEqual([{ kind: 'plan_completed', planId: 'plan-1' }]);
    expect(result.actions.map((x) => [x.stepId, x.invoiceIds, x.targetDate])).toEqual([
      ['formal-reminder', ['a'], '2026-03-18'],
    ]);
  });

  it('leaves disputed invoices out of instalment messages, and sends none when all are', () => {
    const someDisputed = [invoices()[0]!, { ...invoices()[1]!, disputed: true }];
    const result = planCustomer(
      testLedger({ invoices: someDisputed, plans: [plan()] }),
      ctx,
      '2026-03-11T10:00:00Z',
    );
    expect(result.actions.map((a) => a.invoiceIds)).toEqual([['a']]);
    const allDisputed = invoices().map((i) => ({ ...i, disputed: true }));
    const none = planCustomer(
      testLedger({ invoices: allDisputed, plans: [plan()] }),
      ctx,
      '2026-03-11T10:00:00Z',
    );
    expect(none.actions).toEqual([]);
  });
});
