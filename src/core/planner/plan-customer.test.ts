import { describe, expect, it } from 'vitest';
import { applyPlan } from './apply-plan.ts';
import { testContext, testCustomer, testFirm, testInvoice, testLedger } from './fixtures.ts';
import { planCustomer } from './plan-customer.ts';
import type { Procedure } from '../types.ts';

// Paris, Monday to Friday 09:00-17:00: 08:00-16:00 UTC until 29 March 2026.
const ctx = testContext();
const stepsOf = (actions: { stepId: string | null }[]): (string | null)[] => actions.map((a) => a.stepId);

describe('planCustomer: when', () => {
  const ledger = testLedger({ invoices: [testInvoice({ id: 'a', dueDate: '2026-03-03' })] });

  it('sends nothing before the send window opens, and wakes when it does', () => {
    const early = planCustomer(ledger, ctx, '2026-03-04T06:00:00Z');
    expect(early.actions).toEqual([]);
    expect(early.nextWakeAt).toBe('2026-03-04T08:00:00.000Z');
    const open = planCustomer(ledger, ctx, '2026-03-04T08:00:00.000Z');
    expect(open.actions).toMatchObject([
      { stepId: 'reminder-1', targetDate: '2026-03-04', dueAt: '2026-03-04T08:00:00.000Z' },
    ]);
  });

  it('sends nothing on a weekend or a public holiday and catches up in the next window', () => {
    const weekend = planCustomer(ledger, ctx, '2026-03-07T10:00:00Z');
    expect(weekend.actions).toEqual([]);
    expect(weekend.nextWakeAt).toBe('2026-03-09T08:00:00.000Z');
    // reminder-2 falls due on Easter Monday 2026-04-06 for an invoice due 2026-03-29: it moves to Tuesday.
    const easter = testLedger({
      invoices: [testInvoice({ id: 'e', dueDate: '2026-03-29', stepDoneOffset: 1 })],
    });
    expect(planCustomer(easter, ctx, '2026-04-06T09:00:00Z').actions).toEqual([]);
    expect(planCustomer(easter, ctx, '2026-04-07T07:00:00Z').actions).toMatchObject([
      { stepId: 'reminder-2', targetDate: '2026-04-07' },
    ]);
  });

  it("sends in the customer's own time zone when it is known", () => {
    const ny = { ...ledger, customer: testCustomer({ timeZone: 'America/New_York' }) };
    expect(planCustomer(ny, ctx, '2026-03-04T13:59:00Z').actions).toEqual([]);
    expect(planCustomer(ny, ctx, '2026-03-04T13:59:00Z').nextWakeAt).toBe('2026-03-04T14:00:00.000Z');
    expect(planCustomer(ny, ctx, '2026-03-04T14:00:00Z').actions).toHaveLength(1);
  });

  it("falls back to the firm's zone when the customer's is not a real zone", () => {
    const odd = { ...ledger, customer: testCustomer({ timeZone: 'Somewhere/Else' }) };
    expect(planCustomer(odd, ctx, '2026-03-04T08:00:00Z').actions).toHaveLength(1);
  });
});

describe('planCustomer: which step', () => {
  it('catches up a long gap with the latest step only, once, then waits for the next', () => {
    const ledger = testLedger({
      invoices: [testInvoice({ id: 'a', dueDate: '2026-01-05', stepDoneOffset: 1 })],
    });
    const now = '2026-02-10T10:00:00Z';
    const first = planCustomer(ledger, ctx, now);
    expect(first.actions).toMatchObject([
      {
        stepId: 'formal-reminder',
        stepOffset: 30,
        targetDate: '2026-02-04',
        dueAt: '2026-02-10T10:00:00.000Z',
      },
    ]);
    const again = planCustomer(applyPlan(ledger, first), ctx, now);
    expect(again.actions).toEqual([]);
    expect(first.nextWakeAt).toBe('2026-02-19T08:00:00.000Z'); // formal notice at +45
  });

  it("groups the customer's invoices at the same step into one message", () => {
    const ledger = testLedger({
      invoices: [
        testInvoice({ id: 'b', dueDate: '2026-03-02' }),
        testInvoice({ id: 'a', dueDate: '2026-03-03' }),
        testInvoice({ id: 'c', dueDate: '2026-02-20', stepDoneOffset: 1 }),
      ],
    });
    const plan = planCustomer(ledger, ctx, '2026-03-04T10:00:00Z');
    expect(plan.actions.map((a) => [a.stepId, a.invoiceIds, a.targetDate])).toEqual([
      ['reminder-1', ['a', 'b'], '2026-03-04'],
      ['reminder-2', ['c'], '2026-03-02'],
    ]);
  });

  it('never writes about an invoice that is paid, void, draft, deleted, disputed, paused, settled or not the customer’s', () => {
    const due = { dueDate: '2026-03-03' };
    const ledger = testLedger({
      invoices: [
        testInvoice({ id: 'ok', ...due }),
        testInvoice({ id: 'paid', ...due, status: 'paid', openBalance: 0 }),
        testInvoice({ id: 'void', ...due, status: 'void' }),
        testInvoice({ id: 'draft', ...due, status: 'draft' }),
        testInvoice({ id: 'deleted', ...due, status: 'deleted' }),
        testInvoice({ id: 'disputed', ...due, disputed: true }),
        testInvoice({ id: 'paused', ...due, paused: true }),
        testInvoice({ id: 'settled', ...due, openBalance: 0 }),
        testInvoice({ id: 'stray', ...due, customerId: 'someone-else' }),
      ],
    });
    const plan = planCustomer(ledger, ctx, '2026-03-04T10:00:00Z');
    expect(plan.actions.map((a) => a.invoiceIds)).toEqual([['ok']]);
    const paused = { ...ledger, customer: testCustomer({ paused: true }) };
    expect(planCustomer(paused, ctx, '2026-03-04T10:00:00Z')).toMatchObject({
      actions: [],
      nextWakeAt: null,
    });
  });

  it('sends a heads-up before the due date but not once the invoice is due', () => {
    const soon = testLedger({ invoices: [testInvoice({ id: 'a', dueDate: '2026-03-10' })] });
    expect(stepsOf(planCustomer(soon, ctx, '2026-03-03T10:00:00Z').actions)).toEqual(['heads-up']);
    const dueToday = testLedger({ invoices: [testInvoice({ id: 'a', dueDate: '2026-03-03' })] });
    const plan = planCustomer(dueToday, ctx, '2026-03-03T10:00:00Z');
    expect(plan.actions).toEqual([]);
    expect(plan.nextWakeAt).toBe('2026-03-04T08:00:00.000Z');
  });

  it('treats an invoice without a due date as due on receipt', () => {
    const ledger = testLedger({
      invoices: [testInvoice({ id: 'a', issueDate: '2026-03-03', dueDate: null })],
    });
    expect(planCustomer(ledger, ctx, '2026-03-03T10:00:00Z').actions).toEqual([]);
    expect(stepsOf(planCustomer(ledger, ctx, '2026-03-04T10:00:00Z').actions)).toEqual(['reminder-1']);
  });

  it('skips a step whose minimum amount the invoice does not reach, in that currency only', () => {
    const custom: Procedure = {
      id: 'proc-min',
      key: 'min',
      name: 'With a threshold',
      steps: [
        { ...ctx.procedures.get('proc-standard')!.steps[1]!, offsetDays: 1 },
        {
          ...ctx.procedures.get('proc-standard')!.steps[5]!,
          offsetDays: 10,
          conditions: { minAmount: { amount: 50_000, currency: 'EUR' } },
        },
      ],
    };
    const base = testContext(testFirm(), [custom]);
    const withMin = { ...base, segments: base.segments.map((s) => ({ ...s, procedureId: 'proc-min' })) };
    const inv = { dueDate: '2026-03-02', stepDoneOffset: 1 };
    const ledger = testLedger({
      invoices: [
        testInvoice({ id: 'small', ...inv, openBalance: 49_999 }),
        testInvoice({ id: 'large', ...inv, openBalance: 50_000 }),
        testInvoice({ id: 'dollars', ...inv, openBalance: 100, currency: 'USD' }),
      ],
    });
    const plan = planCustomer(ledger, withMin, '2026-03-12T10:00:00Z');
    expect(plan.actions.map((a) => a.invoiceIds)).toEqual([['dollars', 'large']]);
    expect(planCustomer(applyPlan(ledger, plan), withMin, '2026-03-12T10:00:00Z').nextWakeAt).toBeNull();
  });
});

describe('planCustomer: segments and procedures', () => {
  const invoices = [testInvoice({ id: 'a', dueDate: '2026-03-02', stepDoneOffset: 5 })];

  it("follows the procedure of the customer's segment", () => {
    const strict = testLedger({
      invoices,
      stats: { firstInvoiceDate: '2026-01-10', avgDaysLate: null, openBalance: [] },
    });
    const plan = planCustomer(strict, ctx, '2026-03-10T10:00:00Z');
    expect(plan.segmentId).toBe('seg-new-customers');
    expect(plan.actions).toMatchObject([{ procedureId: 'proc-strict', stepId: 'call', channel: 'call' }]);
    expect(plan.events).toEqual([
      { kind: 'segment_changed', from: 'seg-everyone-else', to: 'seg-new-customers' },
    ]);
  });

  it('asks for approval before a formal notice to a key account', () => {
    const key = testLedger({
      customer: testCustomer({ segmentId: 'seg-key-accounts', segmentManual: true }),
      invoices: [testInvoice({ id: 'a', dueDate: '2026-01-05', stepDoneOffset: 30 })],
    });
    const plan = planCustomer(key, ctx, '2026-02-20T10:00:00Z');
    expect(plan.events).toEqual([]);
    expect(plan.actions).toMatchObject([
      { procedureId: 'proc-gentle', stepId: 'formal-notice', requiresApproval: true },
    ]);
  });

  it('wakes on the day a new customer stops being new', () => {
    const ledger = testLedger({
      customer: testCustomer({ segmentId: 'seg-new-customers' }),
      stats: { firstInvoiceDate: '2026-01-02', avgDaysLate: null, openBalance: [] },
    });
    const plan = planCustomer(ledger, ctx, '2026-03-10T10:00:00Z');
    expect(plan.nextWakeAt).toBe('2026-04-01T22:00:00.000Z'); // midnight in Paris
    expect(planCustomer(ledger, ctx, plan.nextWakeAt!).events).toEqual([
      { kind: 'segment_changed', from: 'seg-new-customers', to: 'seg-everyone-else' },
    ]);
  });

  it('says which segment points at a missing procedure', () => {
    const broken = { ...ctx, procedures: new Map() };
    expect(() => planCustomer(testLedger(), broken, '2026-03-10T10:00:00Z')).toThrow(
      /everyone-else.*proc-standard/,
    );
  });
});

describe('planCustomer: keys', () => {
  it('gives the same decision the same key at any instant, and a different one to other invoices', () => {
    const ledger = testLedger({ invoices: [testInvoice({ id: 'a', dueDate: '2026-03-03' })] });
    const morning = planCustomer(ledger, ctx, '2026-03-04T08:30:00Z').actions[0]!;
    const afternoon = planCustomer(ledger, ctx, '2026-03-04T15:30:00Z').actions[0]!;
    expect(afternoon.key).toBe(morning.key);
    expect(morning.key).toMatch(/^step:cust-1:proc-standard:reminder-1:2026-03-04:[0-9a-f]{8}$/);
    const other = testLedger({ invoices: [testInvoice({ id: 'b', dueDate: '2026-03-03' })] });
    expect(planCustomer(other, ctx, '2026-03-04T08:30:00Z').actions[0]!.key).not.toBe(morning.key);
  });
});
