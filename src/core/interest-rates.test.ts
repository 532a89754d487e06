import { describe, it, expect } from 'vitest';
import {
  DEFAULT_RATE_TABLE,
  halfYearStart,
  nextHalfYearStart,
  parseRateTable,
  referenceRateOn,
  statutoryRateOn,
} from './interest-rates.ts';

describe('half-years', () => {
  it.each([
    ['2025-01-01', '2025-01-01', '2025-07-01'],
    ['2025-06-30', '2025-01-01', '2025-07-01'],
    ['2025-07-01', '2025-07-01', '2026-01-01'],
    ['2025-12-31', '2025-07-01', '2026-01-01'],
  ])('places %s in the half-year starting %s, followed by %s', (date, start, next) => {
    expect(halfYearStart(date)).toBe(start);
    expect(nextHalfYearStart(date)).toBe(next);
  });
});

describe('referenceRateOn', () => {
  it('uses the rate fixed on 1 January for the first half-year and on 1 July for the second', () => {
    expect(referenceRateOn('FR', '2025-06-30').ratePercent).toBe(3.15);
    expect(referenceRateOn('FR', '2025-07-01').ratePercent).toBe(2.15);
  });

  it("uses the Bundesbank base rate for Germany and the Bank of England's for Great Britain", () => {
    expect(referenceRateOn('DE', '2025-03-01')).toMatchObject({
      series: 'bundesbank_base',
      ratePercent: 2.27,
    });
    expect(referenceRateOn('GB', '2025-03-01')).toMatchObject({ series: 'boe_base', ratePercent: 4.75 });
  });

  it('falls back to the default rule (ECB) for a country without its own', () => {
    expect(referenceRateOn('NL', '2024-09-01')).toMatchObject({ series: 'ecb_mro', ratePercent: 4.25 });
  });

  it('reads the country code in any case', () => {
    expect(referenceRateOn('gb', '2024-02-01').ratePercent).toBe(5.25);
  });

  it('marks a half-year past the checked range as provisional, with the last known rate', () => {
    expect(referenceRateOn('FR', '2026-03-01').provisional).toBe(false);
    expect(referenceRateOn('FR', '2026-09-01')).toMatchObject({ ratePercent: 2.15, provisional: true });
  });

  it('refuses a date before the table starts rather than inventing a rate', () => {
    expect(() => referenceRateOn('FR', '2021-12-31')).toThrow(
      /no ecb_mro reference rate for FR on 2021-12-31/,
    );
  });
});

describe('statutoryRateOn', () => {
  it.each([
    ['FR', '2025-09-01', 12.15], // ECB 2.15 + 10
    ['DE', '2025-09-01', 10.27], // Basiszinssatz 1.27 + 9
    ['DE', '2022-09-01', 8.12], // a negative base rate, −0.88 + 9
    ['NL', '2025-09-01', 10.15], // ECB 2.15 + 8
    ['GB', '2025-09-01', 12.25], // BoE 4.25 + 8
    ['BE', '2025-09-01', 10.5], // ECB 2.15 + 8 = 10.15, rounded up to the half point
    ['BE', '2024-09-01', 12.5], // 4.25 + 8 = 12.25 → 12.5
    ['BE', '2024-03-01', 12.5], // 4.50 + 8 = 12.5 stays
  ])('gives %s on %s an annual rate of %f %%', (country, date, rate) => {
    expect(statutoryRateOn(country, date).ratePercent).toBe(rate);
  });
});

describe('parseRateTable', () => {
  it('extends a series and moves its checked range', () => {
    const table = parseRateTable({
      series: {
        ecb_mro: {
          source: 'ECB MRO, operator update',
          checkedThrough: '2026-07-01',
          entries: [{ from: '2026-07-01', ratePercent: 1.9 }],
        },
      },
    });
    expect(referenceRateOn('FR', '2026-09-01', table)).toMatchObject({
      ratePercent: 1.9,
      provisional: false,
    });
    expect(referenceRateOn('FR', '2025-09-01', table).ratePercent).toBe(2.15);
    expect(referenceRateOn('FR', '2026-09-01').ratePercent).toBe(2.15); // the default is untouched
  });

  it('replaces one country rule and keeps the others', () => {
    const table = parseRateTable({
      countries: {
        IT: { law: 'D.Lgs. 231/2002', series: 'ecb_mro', points: [{ from: '2013-01-01', points: 8 }] },
      },
    });
    expect(statutoryRateOn('IT', '2025-09-01', table).ratePercent).toBe(10.15);
    expect(table.countries['IT']?.compensation).toEqual([]);
    expect(table.countries['FR']).toEqual(DEFAULT_RATE_TABLE.countries['FR']);
  });

  it('names the field of a bad value', () => {
    expect(() =>
      parseRateTable({
        series: {
          ecb_mro: {
            source: 'x',
            checkedThrough: '2026-01-01',
            entries: [{ from: '2026-13-01', ratePercent: '2' }],
          },
        },
      }),
    ).toThrow(
      /series\.ecb_mro\.entries\.0\.from: must be a YYYY-MM-DD calendar date; series\.ecb_mro\.entries\.0\.ratePercent/,
    );
  });

  it('rejects a rule that names a series the table does not have', () => {
    expect(() =>
      parseRateTable({
        countries: { IT: { law: 'x', series: 'bdi', points: [{ from: '2013-01-01', points: 8 }] } },
      }),
    ).toThrow(/countries\.IT\.series: names unknown series "bdi"/);
  });

  it('rejects more than three decimals in a rate', () => {
    expect(() =>
      parseRateTable({
        series: {
          x: {
            source: 'x',
            checkedThrough: '2026-01-01',
            entries: [{ from: '2026-01-01', ratePercent: 1.2345 }],
          },
        },
      }),
    ).toThrow(/series\.x\.entries\.0\.ratePercent: must have at most three decimals/);
  });
});
