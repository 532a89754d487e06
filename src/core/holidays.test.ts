import { describe, expect, it } from 'vitest';
import { holidaysAround, publicHolidays, publicHolidaysBetween } from './holidays.ts';

describe('publicHolidays', () => {
  it('lists national public holidays and leaves out days that are not public holidays', () => {
    const fr = publicHolidays('FR', 2026);
    for (const d of ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-08', '2026-07-14', '2026-12-25']) {
      expect(fr.has(d)).toBe(true);
    }
    expect(fr.has('2026-04-03')).toBe(false); // Good Friday is only a holiday in Alsace-Moselle
    expect(publicHolidays('DE', 2026).has('2026-10-03')).toBe(true);
    expect(publicHolidays('BE', 2026).has('2026-07-21')).toBe(true);
    expect(publicHolidays('NL', 2026).has('2026-04-27')).toBe(true);
    expect(publicHolidays('US', 2026).has('2026-11-26')).toBe(true);
  });

  it('includes substitute days when a holiday falls on a weekend', () => {
    expect(publicHolidays('GB', 2026).has('2026-12-28')).toBe(true); // Boxing Day is a Saturday
  });

  it('gives an empty set for a country it does not know, and accepts lower case', () => {
    expect(publicHolidays('ZZ', 2026).size).toBe(0);
    expect(publicHolidays('fr', 2026)).toBe(publicHolidays('FR', 2026));
  });
});

describe('publicHolidaysBetween', () => {
  it('covers every year of the range and is cached', () => {
    const set = publicHolidaysBetween('FR', 2025, 2027);
    expect(set.has('2025-07-14') && set.has('2026-07-14') && set.has('2027-07-14')).toBe(true);
    expect(set.has('2028-07-14')).toBe(false);
    expect(publicHolidaysBetween('FR', 2025, 2027)).toBe(set);
  });

  it('around a date, reaches a year back and two ahead', () => {
    const set = holidaysAround('BE', '2026-06-10');
    expect(set.has('2025-07-21') && set.has('2028-07-21')).toBe(true);
  });
});
