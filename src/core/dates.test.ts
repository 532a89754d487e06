import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  fromEpochDay,
  isLocalDate,
  isoWeekday,
  toEpochDay,
} from './dates.ts';

describe('calendar dates', () => {
  it('validates real dates only', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
    expect(isLocalDate('2026-1-01')).toBe(false);
  });

  it('does day arithmetic across months, years and daylight-saving changes', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-10-01', '2026-11-30')).toBe(60);
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
  });

  it('knows the weekday, before and after 1970', () => {
    expect(isoWeekday('2026-11-23')).toBe(1); // a Monday
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('1969-12-31')).toBe(3);
  });

  it('round-trips epoch days', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 60000 }), (d) => {
        expect(toEpochDay(fromEpochDay(d))).toBe(d);
        expect(isoWeekday(fromEpochDay(d + 7))).toBe(isoWeekday(fromEpochDay(d)));
      }),
    );
  });
});
