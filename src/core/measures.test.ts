import { describe, it, expect } from 'vitest';
import type { AgingInvoice, DatedAllocation } from './aging.ts';
import {
  averageDaysLate,
  averageDaysLateByCustomer,
  collectionEffectivenessIndex,
  creditSales,
  dsoCountBack,
  dsoCountBackFromMonths,
  recoveryRate,
  settledInvoices,
  worseningPayers,
} from './measures.ts';
import type { SettledInvoice } from './measures.ts';

function inv(over: Partial<AgingInvoice> & { id: string }): AgingInvoice {
  return {
    customerId: 'c1',
    issueDate: '2025-01-01',
    dueDate: '2025-01-31',
    currency: 'EUR',
    total: 1000,
    openBalance: 1000,
    status: 'open',
    ...over,
  };
}

describe('DSO by count-back', () => {
  it('walks back whole months and adds the fraction of the month that exhausts the balance', () => {
    // 1,000,000 receivable; March 400,000 (31 d), February 350,000 (28 d), January 500,000 (31 d):
    // 1,000,000 − 400,000 − 350,000 = 250,000 left → 31 + 28 + 31 × 250/500 = 74.5 days
    const dso = dsoCountBackFromMonths(1_000_000, [
      { days: 31, sales: 400_000 },
      { days: 28, sales: 350_000 },
      { days: 31, sales: 500_000 },
    ]);
    expect(dso).toEqual({ receivables: 1_000_000, days: 74.5, capped: false });
  });

  it('is zero with nothing receivable', () => {
    expect(dsoCountBackFromMonths(0, [{ days: 31, sales: 10 }]).days).toBe(0);
  });

  it('says when the months given do not absorb the balance', () => {
    expect(
      dsoCountBackFromMonths(500, [
        { days: 30, sales: 100 },
        { days: 31, sales: 0 },
      ]),
    ).toEqual({
      receivables: 500,
      days: 61,
      capped: true,
    });
  });

  it('reads the months and the balance from the ledger, per currency', () => {
    const invoices = [
      inv({
        id: 'mar',
        issueDate: '2025-03-10',
        dueDate: '2025-04-09',
        total: 400_000,
        openBalance: 400_000,
      }),
      inv({
        id: 'feb',
        issueDate: '2025-02-15',
        dueDate: '2025-03-17',
        total: 350_000,
        openBalance: 350_000,
      }),
      inv({
        id: 'jan',
        issueDate: '2025-01-20',
        dueDate: '2025-02-19',
        total: 500_000,
        openBalance: 250_000,
      }),
      inv({ id: 'dec', issueDate: '2024-12-05', total: 300_000, openBalance: 0, status: 'paid' }),
      inv({ id: 'void', issueDate: '2025-03-12', total: 999_999, openBalance: 999_999, status: 'void' }),
      inv({ id: 'usd', issueDate: '2025-03-31', currency: 'USD', total: 3100, openBalance: 1000 }),
    ];
    const allocations: DatedAllocation[] = [
      { invoiceId: 'jan', date: '2025-03-01', amount: 250_000 },
      { invoiceId: 'dec', date: '2025-01-05', amount: 300_000 },
      { invoiceId: 'usd', date: '2025-03-31', amount: 2100 },
    ];
    const dso = dsoCountBack(invoices, allocations, '2025-03-31');
    expect(dso.get('EUR')).toEqual({ receivables: 1_000_000, days: 74.5, capped: false });
    // USD: 1,000 open against March sales of 3,100 → 31 × 1000/3100 = 10 days
    expect(dso.get('USD')?.days).toBeCloseTo(10, 10);
  });
});

// Period May 2025. Opening (end of 30 April): A 60,000 (overdue since 31 March) + B 40,000 (due 1 May) = 100,000.
// Sales in May: C 30,000 + D 20,000 = 50,000. Closing (31 May): A 20,000 + C 30,000 (not due) + D 20,000 = 70,000.
const mayInvoices: AgingInvoice[] = [
  inv({ id: 'A', issueDate: '2025-03-01', dueDate: '2025-03-31', total: 60_000, openBalance: 20_000 }),
  inv({
    id: 'B',
    issueDate: '2025-04-01',
    dueDate: '2025-05-01',
    total: 40_000,
    openBalance: 0,
    status: 'paid',
  }),
  inv({ id: 'C', issueDate: '2025-05-05', dueDate: '2025-06-04', total: 30_000, openBalance: 30_000 }),
  inv({ id: 'D', issueDate: '2025-05-02', dueDate: '2025-05-16', total: 20_000, openBalance: 20_000 }),
  inv({ id: 'X', issueDate: '2025-05-03', total: 5_000, openBalance: 5_000, status: 'draft' }),
];
const mayAllocations: DatedAllocation[] = [
  { invoiceId: 'A', date: '2025-05-10', amount: 40_000 },
  { invoiceId: 'B', date: '2025-05-20', amount: 40_000 },
];
const may = { from: '2025-05-01', to: '2025-05-31' };

describe('collection effectiveness index', () => {
  it('compares what was collected with what could have been', () => {
    // (100,000 + 50,000 − 70,000) / (100,000 + 50,000 − 30,000) × 100 = 80,000 / 120,000 × 100
    const cei = collectionEffectivenessIndex(mayInvoices, mayAllocations, may).get('EUR');
    expect(cei).toMatchObject({
      opening: 100_000,
      creditSales: 50_000,
      closingTotal: 70_000,
      closingCurrent: 30_000,
    });
    expect(cei?.cei).toBeCloseTo(66.6667, 3);
  });

  it('is null when there was nothing to collect', () => {
    const cei = collectionEffectivenessIndex(
      [inv({ id: 'n', issueDate: '2025-05-20', dueDate: '2025-06-30' })],
      [],
      may,
    );
    expect(cei.get('EUR')?.cei).toBeNull();
  });

  it('counts credit sales issued within the period only', () => {
    expect(creditSales(mayInvoices, '2025-04-30', '2025-05-31')).toEqual(new Map([['EUR', 50_000]]));
  });
});

describe('recovery rate', () => {
  it('is the share of the amount overdue at the start paid or credited by the end', () => {
    // overdue at end of 30 April: A 60,000 (B is due 1 May, not yet overdue); 40,000 of it paid in May
    const r = recoveryRate(mayInvoices, mayAllocations, may).get('EUR');
    expect(r).toMatchObject({ overdueAtStart: 60_000, recovered: 40_000 });
    expect(r?.ratePercent).toBeCloseTo(66.6667, 3);
  });

  it('ignores payments made before the period and after it', () => {
    const allocations: DatedAllocation[] = [
      { invoiceId: 'A', date: '2025-04-30', amount: 10_000 },
      { invoiceId: 'A', date: '2025-06-01', amount: 50_000 },
    ];
    const a = inv({
      id: 'A',
      issueDate: '2025-03-01',
      dueDate: '2025-03-31',
      total: 60_000,
      openBalance: 0,
      status: 'paid',
    });
    expect(recoveryRate([a], allocations, may).get('EUR')).toEqual({
      overdueAtStart: 50_000,
      recovered: 0,
      ratePercent: 0,
    });
  });

  it('has no row for a currency with nothing overdue at the start', () => {
    expect(recoveryRate([inv({ id: 'n', dueDate: '2025-06-30' })], [], may).size).toBe(0);
  });
});

describe('average days late', () => {
  const invoices = [
    inv({ id: 'x', dueDate: '2025-01-31', total: 1000, openBalance: 0, status: 'paid' }),
    inv({
      id: 'y',
      issueDate: '2025-02-01',
      dueDate: '2025-02-28',
      total: 3000,
      openBalance: 0,
      status: 'paid',
    }),
    inv({ id: 'z', dueDate: '2025-01-31', total: 1000, openBalance: 400 }),
    inv({ id: 'other', customerId: 'c2', total: 500, openBalance: 500 }),
  ];
  const allocations: DatedAllocation[] = [
    { invoiceId: 'x', date: '2025-02-10', amount: 500 },
    { invoiceId: 'x', date: '2025-02-05', amount: 500 },
    { invoiceId: 'y', date: '2025-02-20', amount: 3000 },
    { invoiceId: 'z', date: '2025-02-01', amount: 600 },
  ];

  it('dates payment by the allocation that cleared the balance and never counts early payment as negative', () => {
    const settled = settledInvoices(invoices, allocations, '2025-12-31');
    expect(settled.map((s) => [s.invoiceId, s.paidDate, s.daysLate])).toEqual([
      ['x', '2025-02-10', 10],
      ['y', '2025-02-20', 0],
    ]);
  });

  it('weights by amount and also gives the simple mean, per customer', () => {
    const byCustomer = averageDaysLateByCustomer(invoices, allocations, '2025-12-31');
    // mean (10 + 0) / 2 = 5; weighted (1000 × 10 + 3000 × 0) / 4000 = 2.5
    expect(byCustomer.get('c1')).toEqual({ settled: 2, meanDaysLate: 5, weightedDaysLate: 2.5 });
    expect(byCustomer.get('c2')).toBeNull();
  });

  it('does not count a payment made after the as-of date', () => {
    const settled = settledInvoices(invoices, allocations, '2025-02-09');
    expect(settled.map((s) => s.invoiceId)).toEqual([]);
  });

  it('weights within each currency and combines currencies by invoice count', () => {
    const s = (currency: string, total: number, daysLate: number): SettledInvoice => ({
      invoiceId: `${currency}${total}`,
      customerId: 'c',
      currency,
      total,
      dueDate: '2025-01-01',
      paidDate: '2025-02-01',
      daysLate,
    });
    // EUR: 10; GBP: (100 × 0 + 300 × 20) / 400 = 15; combined (1 × 10 + 2 × 15) / 3
    const avg = averageDaysLate([s('EUR', 1000, 10), s('GBP', 100, 0), s('GBP', 300, 20)]);
    expect(avg?.weightedDaysLate).toBeCloseTo(40 / 3, 10);
    expect(avg?.meanDaysLate).toBe(10);
  });
});

describe('worsening payers', () => {
  const history = (customerId: string, days: number[]): SettledInvoice[] =>
    days.map((d, i) => ({
      invoiceId: `${customerId}-${i}`,
      customerId,
      currency: 'EUR',
      total: 1000,
      dueDate: '2025-01-01',
      paidDate: `2025-0${i + 1}-15`,
      daysLate: d,
    }));

  it('flags a customer whose recent invoices are paid later than the ones before', () => {
    const out = worseningPayers(
      [...history('slipping', [0, 2, 10, 20]), ...history('steady', [5, 5, 6, 5])],
      {
        n: 2,
        minIncreaseDays: 5,
      },
    );
    expect(out).toEqual([{ customerId: 'slipping', previousDaysLate: 1, recentDaysLate: 15, increase: 14 }]);
  });

  it('orders by paid date, not by input order', () => {
    const reversed = history('c', [0, 2, 10, 20]).reverse();
    expect(worseningPayers(reversed, { n: 2 }).map((w) => w.customerId)).toEqual(['c']);
  });

  it('does not judge a customer with fewer than 2n settled invoices', () => {
    expect(worseningPayers(history('new', [0, 30, 60]), { n: 2 })).toEqual([]);
  });
});
