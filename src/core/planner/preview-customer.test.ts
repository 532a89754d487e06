import { describe, expect, it } from 'vitest';
import { testContext, testCustomer, testInvoice, testLedger } from './fixtures.ts';
import { previewCustomer } from './preview-customer.ts';

const ctx = testContext(); // Paris, Monday to Friday 09:00-17:00, French public holidays

describe('previewCustomer', () => {
  it('runs the standard procedure, moving steps off weekends and holidays, grouping when they meet', () => {
    const ledger = testLedger({
      invoices: [
        testInvoice({ id: 'a', dueDate: '2026-03-31' }),
        testInvoice({ id: 'b', dueDate: '2026-04-01' }),
      ],
    });
    const before = structuredClone(ledger);
    const actions = previewCustomer(ledger, ctx, '2026-03-01T00:00:00Z', 120);
    expect(actions.map((a) => [a.targetDate, a.stepId, a.invoiceIds.join(',')])).toEqual([
      ['2026-03-24', 'heads-up', 'a'],
      ['2026-03-25', 'heads-up', 'b'],
      ['2026-04-01', 'reminder-1', 'a'],
      ['2026-04-02', 'reminder-1', 'b'],
      ['2026-04-08', 'reminder-2', 'a'],
      ['2026-04-09', 'reminder-2', 'b'],
      ['2026-04-15', 'call', 'a'],
      ['2026-04-16', 'call', 'b'],
      ['2026-04-30', 'formal-reminder', 'a'],
      ['2026-05-04', 'formal-reminder', 'b'], // 1 May is a holiday, then a weekend
      ['2026-05-15', 'formal-notice', 'a'],
      ['2026-05-18', 'formal-notice', 'b'],
      ['2026-06-01', 'agency-review', 'a,b'], // both fall on the weekend before
    ]);
    expect(actions[0]!.dueAt).toBe('2026-03-24T08:00:00.000Z'); // 09:00 in Paris, winter time
    expect(actions[2]!.dueAt).toBe('2026-04-01T07:00:00.000Z'); // 09:00 in Paris, summer time
    expect(ledger).toEqual(before);
  });

  it('shows only what falls in the period asked for', () => {
    const ledger = testLedger({ invoices: [testInvoice({ id: 'a', dueDate: '2026-03-31' })] });
    expect(previewCustomer(ledger, ctx, '2026-03-01T00:00:00Z', 30).map((a) => a.stepId)).toEqual([
      'heads-up',
    ]);
    expect(previewCustomer(ledger, ctx, '2026-03-01T00:00:00Z', 0)).toEqual([]);
  });

  it('shows instalment reminders and follow-ups for a plan the customer does not pay', () => {
    const ledger = testLedger({
      customer: testCustomer(),
      invoices: [testInvoice({ id: 'a', dueDate: '2026-01-05', openBalance: 60_000 })],
      plans: [
        {
          id: 'plan-1',
          customerId: 'cust-1',
          invoiceIds: ['a'],
          currency: 'EUR',
          instalments: [
            { dueDate: '2026-03-16', amount: 30_000 },
            { dueDate: '2026-04-15', amount: 30_000 },
          ],
          startingBalance: 60_000,
          status: 'active',
        },
      ],
    });
    const actions = previewCustomer(ledger, ctx, '2026-03-01T00:00:00Z', 60);
    expect(actions.map((a) => [a.targetDate, a.kind, a.instalmentIndex])).toEqual([
      ['2026-03-11', 'instalment_reminder', 0],
      ['2026-03-17', 'instalment_missed', 0],
      ['2026-04-10', 'instalment_reminder', 1],
      ['2026-04-16', 'instalment_missed', 1],
    ]);
  });
});
