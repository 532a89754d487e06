import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addDays, daysBetween } from './dates.ts';
import { lateFees } from './fees.ts';
import { halfYearStart, parseRateTable } from './interest-rates.ts';

describe('lateFees', () => {
  it('charges French statutory interest at ECB + 10 and the EUR 40 indemnity', () => {
    // 10,000.00 EUR, 30 days in H1 2025 at 3.15 + 10 = 13.15 %: 1,000,000 × 13.15 % × 30 / 365 = 10,808.2
    const fees = lateFees({
      country: 'FR',
      currency: 'EUR',
      openAmount: 1_000_000,
      dueDate: '2025-03-31',
      at: '2025-04-30',
    });
    expect(fees).toMatchObject({
      days: 30,
      ratePercent: 13.15,
      interest: 10_808,
      compensation: { amount: 4000, currency: 'EUR' },
    });
    expect(fees.periods).toHaveLength(1);
  });

  it('splits interest across a half-year boundary, each half at its own reference rate', () => {
    // 16–30 June at 13.15 % = 5,404.1 → 5,404; 1–15 July at 12.15 % = 4,993.2 → 4,993
    const fees = lateFees({
      country: 'FR',
      currency: 'EUR',
      openAmount: 1_000_000,
      dueDate: '2025-06-15',
      at: '2025-07-15',
    });
    expect(fees.periods.map((p) => [p.from, p.to, p.days, p.ratePercent, p.interest])).toEqual([
      ['2025-06-16', '2025-06-30', 15, 13.15, 5404],
      ['2025-07-01', '2025-07-15', 15, 12.15, 4993],
    ]);
    expect(fees).toMatchObject({ days: 30, interest: 10_397, ratePercent: 12.15 });
  });

  it('charges German interest at the Bundesbank base rate + 9', () => {
    // 5,000.00 EUR, 30 days in H2 2025 at 1.27 + 9 = 10.27 %: 500,000 × 10.27 % × 30 / 365 = 4,220.5 → 4,221
    const fees = lateFees({
      country: 'DE',
      currency: 'EUR',
      openAmount: 500_000,
      dueDate: '2025-09-30',
      at: '2025-10-30',
    });
    expect(fees).toMatchObject({
      ratePercent: 10.27,
      interest: 4221,
      compensation: { amount: 4000, currency: 'EUR' },
    });
  });

  it('charges Belgian interest at ECB + 8 rounded up to the half point', () => {
    // H2 2025: 2.15 + 8 = 10.15 → 10.5 %: 1,000,000 × 10.5 % × 30 / 365 = 8,630.1
    const fees = lateFees({
      country: 'BE',
      currency: 'EUR',
      openAmount: 1_000_000,
      dueDate: '2025-08-31',
      at: '2025-09-30',
    });
    expect(fees).toMatchObject({
      ratePercent: 10.5,
      interest: 8630,
      compensation: { amount: 4000, currency: 'EUR' },
    });
  });

  it('charges British interest at base rate + 8 with compensation by debt size', () => {
    // H1 2025: 4.75 + 8 = 12.75 %: 1,000,000 × 12.75 % × 30 / 365 = 10,479.5 → 10,479 (…452)
    const fees = lateFees({
      country: 'GB',
      currency: 'GBP',
      openAmount: 1_000_000,
      dueDate: '2025-03-31',
      at: '2025-04-30',
    });
    expect(fees).toMatchObject({
      ratePercent: 12.75,
      interest: 10_479,
      compensation: { amount: 10_000, currency: 'GBP' },
    });
  });

  it.each([
    [50_000, 4000],
    [99_999, 4000],
    [100_000, 7000],
    [999_999, 7000],
    [1_000_000, 10_000],
  ])('gives a GBP debt of %i pence a fixed sum of %i pence', (openAmount, amount) => {
    const fees = lateFees({
      country: 'GB',
      currency: 'GBP',
      openAmount,
      dueDate: '2025-03-31',
      at: '2025-04-01',
    });
    expect(fees.compensation).toEqual({ amount, currency: 'GBP' });
  });

  it('states no fixed compensation in a currency with none configured', () => {
    expect(
      lateFees({ country: 'FR', currency: 'USD', openAmount: 1000, dueDate: '2025-03-31', at: '2025-04-30' })
        .compensation,
    ).toBeNull();
    expect(
      lateFees({ country: 'GB', currency: 'EUR', openAmount: 1000, dueDate: '2025-03-31', at: '2025-04-30' })
        .compensation,
    ).toBeNull();
  });

  it('owes nothing on the due date itself, but states the rate that will run', () => {
    const fees = lateFees({
      country: 'FR',
      currency: 'EUR',
      openAmount: 1_000_000,
      dueDate: '2025-06-30',
      at: '2025-06-30',
    });
    expect(fees).toEqual({
      days: 0,
      ratePercent: 12.15, // from 1 July, the day after the due date
      interest: 0,
      compensation: null,
      periods: [],
      law: 'Code de commerce, art. L441-10 and D441-5',
    });
  });

  it('owes nothing on a balance already paid', () => {
    const fees = lateFees({
      country: 'FR',
      currency: 'EUR',
      openAmount: 0,
      dueDate: '2025-03-31',
      at: '2025-04-30',
    });
    expect(fees).toMatchObject({ days: 30, interest: 0, compensation: null });
  });

  it('marks interest after the checked range as provisional', () => {
    const fees = lateFees({
      country: 'FR',
      currency: 'EUR',
      openAmount: 1_000_000,
      dueDate: '2026-06-20',
      at: '2026-07-10',
    });
    expect(fees.periods.map((p) => p.provisional)).toEqual([false, true]);
  });

  describe('with a configured table', () => {
    const table = parseRateTable({
      series: {
        flat: {
          source: 'test',
          checkedThrough: '2030-01-01',
          entries: [{ from: '2000-01-01', ratePercent: 2 }],
        },
      },
      countries: {
        XX: {
          law: 'test law',
          series: 'flat',
          points: [
            { from: '2000-01-01', points: 8 },
            { from: '2021-02-01', points: 9 },
          ],
          compensation: [{ currency: 'USD', tiers: [{ fromAmount: 0, amount: 2500 }] }],
        },
      },
    });

    it('rounds half-up to the minor unit', () => {
      // 10 %, 73 days: amount × 0.1 × 73 / 365 = amount / 50
      const at = '2020-09-12'; // 73 days after 2020-07-01, within H2 2020
      expect(
        lateFees({ country: 'XX', currency: 'USD', openAmount: 25, dueDate: '2020-07-01', at, rates: table })
          .interest,
      ).toBe(1); // 0.5
      expect(
        lateFees({ country: 'XX', currency: 'USD', openAmount: 75, dueDate: '2020-07-01', at, rates: table })
          .interest,
      ).toBe(2); // 1.5
      expect(
        lateFees({ country: 'XX', currency: 'USD', openAmount: 74, dueDate: '2020-07-01', at, rates: table })
          .interest,
      ).toBe(1); // 1.48
    });

    it('splits at a change of points as well as at half-years', () => {
      const fees = lateFees({
        country: 'XX',
        currency: 'USD',
        openAmount: 365_000,
        dueDate: '2021-01-21',
        at: '2021-02-10',
        rates: table,
      });
      // 10 days at 10 % = 1,000; 10 days at 11 % = 1,100
      expect(fees.periods.map((p) => [p.from, p.to, p.ratePercent, p.interest])).toEqual([
        ['2021-01-22', '2021-01-31', 10, 1000],
        ['2021-02-01', '2021-02-10', 11, 1100],
      ]);
      expect(fees).toMatchObject({
        interest: 2100,
        compensation: { amount: 2500, currency: 'USD' },
        law: 'test law',
      });
    });
  });

  it('covers every late day exactly once, each period inside one half-year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 0, max: 700 }),
        fc.constantFrom('FR', 'DE', 'BE', 'GB', 'NL'),
        (start, late, country) => {
          const dueDate = addDays('2022-01-01', start);
          const at = addDays(dueDate, late);
          const fees = lateFees({ country, currency: 'EUR', openAmount: 123_456, dueDate, at });
          expect(fees.days).toBe(late);
          expect(fees.periods.reduce((s, p) => s + p.days, 0)).toBe(late);
          let expectedFrom = addDays(dueDate, 1);
          for (const p of fees.periods) {
            expect(p.from).toBe(expectedFrom);
            expect(halfYearStart(p.from)).toBe(halfYearStart(p.to));
            expect(daysBetween(p.from, p.to) + 1).toBe(p.days);
            expectedFrom = addDays(p.to, 1);
          }
          expect(fees.interest).toBe(fees.periods.reduce((s, p) => s + p.interest, 0));
        },
      ),
      { numRuns: 200 },
    );
  });
});
