import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays } from './dates.ts';
import { AGING_BUCKETS, agingBuckets, agingByCustomer, bucketOf, openItemsAt } from './aging.ts';
import type { AgingInvoice, DatedAllocation } from './aging.ts';

const AT = '2025-06-30';

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

describe('bucketOf', () => {
  it.each([
    [-10, 'not_due'],
    [0, 'not_due'],
    [1, 'd1_30'],
    [30, 'd1_30'],
    [31, 'd31_60'],
    [60, 'd31_60'],
    [61, 'd61_90'],
    [90, 'd61_90'],
    [91, 'd90_plus'],
    [400, 'd90_plus'],
  ])('puts %i days past due in %s', (days, bucket) => {
    expect(bucketOf(days)).toBe(bucket);
  });

  it('lists the buckets from youngest to oldest', () => {
    expect(AGING_BUCKETS).toEqual(['not_due', 'd1_30', 'd31_60', 'd61_90', 'd90_plus']);
  });
});

describe('agingBuckets', () => {
  it('ages each invoice by the days between its due date and the as-of date, at every boundary', () => {
    const days = [0, 1, 30, 31, 60, 61, 90, 91];
    const invoices = days.map((d, i) =>
      inv({ id: `i${d}`, dueDate: addDays(AT, -d), total: 10 ** i, openBalance: 10 ** i }),
    );
    // amounts 1, 10, 100, … 10^7 so each bucket's sum shows exactly which invoices it holds
    expect(agingBuckets(invoices, [], AT).get('EUR')).toEqual({
      not_due: 1,
      d1_30: 10 + 100,
      d31_60: 1000 + 10_000,
      d61_90: 100_000 + 1_000_000,
      d90_plus: 10_000_000,
      total: 11_111_111,
    });
  });

  it('treats an invoice with no due date as due on its issue date', () => {
    const rows = agingBuckets([inv({ id: 'a', issueDate: '2025-06-15', dueDate: null })], [], AT);
    expect(rows.get('EUR')?.d1_30).toBe(1000);
  });

  it('never counts void, deleted or draft invoices', () => {
    const invoices = [
      inv({ id: 'v', status: 'void' }),
      inv({ id: 'd', status: 'deleted' }),
      inv({ id: 'r', status: 'draft' }),
      inv({ id: 'o', total: 5, openBalance: 5 }),
    ];
    expect(agingBuckets(invoices, [], AT).get('EUR')?.total).toBe(5);
  });

  it('keeps currencies apart', () => {
    const rows = agingBuckets(
      [
        inv({ id: 'e', currency: 'EUR', total: 700, openBalance: 700 }),
        inv({ id: 'g', currency: 'GBP', total: 300, openBalance: 300, dueDate: '2025-07-15' }),
      ],
      [],
      AT,
    );
    expect([...rows.keys()].sort()).toEqual(['EUR', 'GBP']);
    expect(rows.get('EUR')).toMatchObject({ d90_plus: 700, total: 700 });
    expect(rows.get('GBP')).toMatchObject({ not_due: 300, total: 300 });
  });

  it('leaves out invoices issued after the as-of date', () => {
    const rows = agingBuckets([inv({ id: 'late', issueDate: '2025-07-01', dueDate: '2025-07-31' })], [], AT);
    expect(rows.size).toBe(0);
  });

  describe('as of a date before payments', () => {
    // 1000 due 2025-05-31, paid 600 on 06-10 and 400 on 06-20: paid in full today
    const paid = inv({
      id: 'p',
      issueDate: '2025-05-01',
      dueDate: '2025-05-31',
      openBalance: 0,
      status: 'paid',
    });
    const allocations: DatedAllocation[] = [
      { invoiceId: 'p', date: '2025-06-10', amount: 600 },
      { invoiceId: 'p', date: '2025-06-20', amount: 400 },
    ];

    it('shows the whole amount open before the first payment', () => {
      expect(agingBuckets([paid], allocations, '2025-06-05').get('EUR')).toMatchObject({
        d1_30: 1000,
        total: 1000,
      });
    });

    it('shows what was left after the first payment', () => {
      expect(agingBuckets([paid], allocations, '2025-06-15').get('EUR')).toMatchObject({
        d1_30: 400,
        total: 400,
      });
    });

    it('counts a payment dated on the as-of date as made', () => {
      expect(agingBuckets([paid], allocations, '2025-06-20').size).toBe(0);
    });

    it('caps the undone balance at the invoice total', () => {
      const over: DatedAllocation[] = [...allocations, { invoiceId: 'p', date: '2025-06-25', amount: 300 }];
      expect(agingBuckets([paid], over, '2025-06-01').get('EUR')?.total).toBe(1000);
    });
  });
});

describe('agingByCustomer', () => {
  it('keys rows by customer then currency', () => {
    const out = agingByCustomer(
      [
        inv({ id: 'a', customerId: 'c1', total: 100, openBalance: 100 }),
        inv({ id: 'b', customerId: 'c1', currency: 'USD', total: 50, openBalance: 50 }),
        inv({ id: 'c', customerId: 'c2', total: 70, openBalance: 70, dueDate: '2025-07-01' }),
        inv({ id: 'd', customerId: 'c3', total: 70, openBalance: 0, status: 'paid' }),
      ],
      [],
      AT,
    );
    expect([...out.keys()].sort()).toEqual(['c1', 'c2']);
    expect(out.get('c1')?.get('EUR')?.d90_plus).toBe(100);
    expect(out.get('c1')?.get('USD')?.d90_plus).toBe(50);
    expect(out.get('c2')?.get('EUR')?.not_due).toBe(70);
  });
});

describe('aging properties', () => {
  // Invoices with a consistent history: openBalance = total − all allocations.
  const history = fc
    .array(
      fc.record({
        issue: fc.integer({ min: 0, max: 300 }),
        terms: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        total: fc.integer({ min: 1, max: 1_000_000 }),
        currency: fc.constantFrom('EUR', 'GBP'),
        status: fc.constantFrom('open', 'paid', 'void', 'draft'),
        payments: fc.array(
          fc.record({
            after: fc.integer({ min: 0, max: 200 }),
            share: fc.double({ min: 0, max: 0.6, noNaN: true }),
          }),
          { maxLength: 3 },
        ),
      }),
      { maxLength: 25 },
    )
    .map((rows) => {
      const invoices: AgingInvoice[] = [];
      const allocations: DatedAllocation[] = [];
      rows.forEach((r, i) => {
        const id = `i${i}`;
        const issueDate = addDays('2025-01-01', r.issue);
        let paid = 0;
        for (const p of r.payments) {
          const amount = Math.min(r.total - paid, Math.floor(r.total * p.share));
          if (amount <= 0) continue;
          paid += amount;
          allocations.push({ invoiceId: id, date: addDays(issueDate, p.after), amount });
        }
        invoices.push({
          id,
          customerId: `c${i % 3}`,
          issueDate,
          dueDate: r.terms === null ? null : addDays(issueDate, r.terms),
          currency: r.currency,
          total: r.total,
          openBalance: r.total - paid,
          status: r.status as AgingInvoice['status'],
        });
      });
      return { invoices, allocations };
    });

  it('totals, per currency, the amounts unpaid at the as-of date of receivables issued by then', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 600 }), ({ invoices, allocations }, offset) => {
        const at = addDays('2025-01-01', offset);
        const expected = new Map<string, number>();
        for (const i of invoices) {
          if (i.issueDate > at || (i.status !== 'open' && i.status !== 'paid')) continue;
          const paidBy = allocations
            .filter((a) => a.invoiceId === i.id && a.date <= at)
            .reduce((s, a) => s + a.amount, 0);
          if (i.total - paidBy > 0)
            expected.set(i.currency, (expected.get(i.currency) ?? 0) + i.total - paidBy);
        }
        const rows = agingBuckets(invoices, allocations, at);
        expect(new Map([...rows].map(([c, r]) => [c, r.total]))).toEqual(expected);
        for (const row of rows.values()) {
          expect(AGING_BUCKETS.reduce((s, b) => s + row[b], 0)).toBe(row.total);
        }
      }),
    );
  });

  it('gives per-customer rows that add up to the firm rows', () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 600 }), ({ invoices, allocations }, offset) => {
        const at = addDays('2025-01-01', offset);
        const sums = new Map<string, number>();
        for (const rows of agingByCustomer(invoices, allocations, at).values()) {
          for (const [c, r] of rows) sums.set(c, (sums.get(c) ?? 0) + r.total);
        }
        const firm = agingBuckets(invoices, allocations, at);
        expect(sums).toEqual(new Map([...firm].map(([c, r]) => [c, r.total])));
        expect(openItemsAt(invoices, allocations, at).every((item) => item.balance > 0)).toBe(true);
      }),
    );
  });
});
