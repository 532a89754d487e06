import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  instantAt,
  isBusinessDay,
  isInSendWindow,
  isValidTimeZone,
  localDateTime,
  nextBusinessDay,
  nextSendInstant,
  workCalendar,
} from './calendar.ts';
import { publicHolidaysBetween } from './holidays.ts';
import type { BusinessHours } from './types.ts';

const WEEKDAYS: BusinessHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const FR = publicHolidaysBetween('FR', 2025, 2027);
const NONE: ReadonlySet<string> = new Set();
const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Kiritimati',
  'UTC',
];

describe('localDateTime', () => {
  it('gives the wall-clock date and minutes in winter and summer time', () => {
    expect(localDateTime('2026-01-15T08:30:00Z', 'Europe/Paris')).toEqual({
      date: '2026-01-15',
      minutes: 9 * 60 + 30,
    });
    expect(localDateTime('2026-07-15T08:30:00Z', 'Europe/Paris')).toEqual({
      date: '2026-07-15',
      minutes: 10 * 60 + 30,
    });
  });

  it('handles half-hour zones and zones a day ahead of UTC', () => {
    expect(localDateTime('2026-01-15T20:00:00Z', 'Asia/Kolkata')).toEqual({
      date: '2026-01-16',
      minutes: 90,
    });
    expect(localDateTime('2026-01-15T11:00:00Z', 'Pacific/Kiritimati')).toEqual({
      date: '2026-01-16',
      minutes: 60,
    });
  });

  it('switches offset at the exact instant of a daylight-saving change', () => {
    expect(localDateTime('2026-03-29T00:59:00Z', 'Europe/Paris')).toEqual({
      date: '2026-03-29',
      minutes: 119,
    });
    expect(localDateTime('2026-03-29T01:00:00Z', 'Europe/Paris')).toEqual({
      date: '2026-03-29',
      minutes: 180,
    });
  });

  it('agrees with luxon at any instant in any zone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          const dt = DateTime.fromMillis(ms, { zone });
          expect(localDateTime(new Date(ms).toISOString(), zone)).toEqual({
            date: dt.toISODate(),
            minutes: dt.hour * 60 + dt.minute,
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('instantAt', () => {
  it('gives the UTC instant of a local time', () => {
    expect(instantAt('2026-01-15', '09:00', 'Europe/Paris')).toBe('2026-01-15T08:00:00.000Z');
    expect(instantAt('2026-07-15', '09:00', 'America/New_York')).toBe('2026-07-15T13:00:00.000Z');
  });

  it('moves a time inside the spring-forward gap forward by the gap', () => {
    expect(instantAt('2026-03-29', '02:30', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
    expect(localDateTime('2026-03-29T01:30:00.000Z', 'Europe/Paris').minutes).toBe(3 * 60 + 30);
  });

  it('takes the earlier of the two instants of a time repeated when clocks go back', () => {
    expect(instantAt('2026-10-25', '02:30', 'Europe/Paris')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('round-trips with localDateTime for daytime hours', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20_000, max: 21_500 }),
        fc.integer({ min: 6 * 60, max: 22 * 60 }),
        fc.constantFrom(...ZONES),
        (day, minutes, zone) => {
          const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
          const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          expect(localDateTime(instantAt(date, hhmm, zone), zone)).toEqual({ date, minutes });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('business days', () => {
  it('knows weekends and public holidays are not business days', () => {
    expect(isBusinessDay('2026-07-13', WEEKDAYS, FR)).toBe(true);
    expect(isBusinessDay('2026-07-14', WEEKDAYS, FR)).toBe(false); // Bastille Day, a Tuesday
    expect(isBusinessDay('2026-07-18', WEEKDAYS, FR)).toBe(false); // Saturday
    expect(isBusinessDay('2026-07-18', { ...WEEKDAYS, days: [1, 2, 3, 4, 5, 6] }, FR)).toBe(true);
  });

  it('moves to the next business day over a weekend and a holiday', () => {
    expect(nextBusinessDay('2026-04-04', WEEKDAYS, FR)).toBe('2026-04-07'); // Sat → past Easter Monday
    expect(nextBusinessDay('2026-04-07', WEEKDAYS, FR)).toBe('2026-04-07');
  });

  it('adds and subtracts business days', () => {
    expect(addBusinessDays('2026-04-03', 1, WEEKDAYS, FR)).toBe('2026-04-07');
    expect(addBusinessDays('2026-04-07', -1, WEEKDAYS, FR)).toBe('2026-04-03');
    expect(addBusinessDays('2026-04-08', -3, WEEKDAYS, FR)).toBe('2026-04-02');
    expect(addBusinessDays('2026-04-04', 0, WEEKDAYS, FR)).toBe('2026-04-04');
  });

  it('rejects business hours with no working day or an empty window, naming the field', () => {
    expect(() => workCalendar({ ...WEEKDAYS, days: [] }, NONE)).toThrow(/businessHours\.days/);
    expect(() => workCalendar({ ...WEEKDAYS, end: '09:00' }, NONE)).toThrow(/businessHours\.end/);
    expect(() => workCalendar({ ...WEEKDAYS, start: '9h' }, NONE)).toThrow(/businessHours\.start/);
  });
});

describe('nextSendInstant', () => {
  const next = (at: string, zone = 'Europe/Paris'): string => nextSendInstant(at, WEEKDAYS, zone, FR);

  it('waits for the window to open on a business day', () => {
    expect(next('2026-07-13T05:00:00Z')).toBe('2026-07-13T07:00:00.000Z');
  });

  it('answers the instant itself inside the window', () => {
    expect(next('2026-07-13T10:11:12.345Z')).toBe('2026-07-13T10:11:12.345Z');
  });

  it('goes to the next business day after the window closes, over weekends and holidays', () => {
    expect(next('2026-07-13T15:00:00Z')).toBe('2026-07-15T07:00:00.000Z'); // Monday 17:00 → past 14 July
    expect(next('2026-07-17T16:00:00Z')).toBe('2026-07-20T07:00:00.000Z'); // Friday evening → Monday
  });

  it('uses the wall clock of the zone it is given', () => {
    expect(next('2026-07-13T12:00:00Z', 'America/New_York')).toBe('2026-07-13T13:00:00.000Z');
  });

  it('always lands inside the window, at or after the instant asked for', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          const at = new Date(ms).toISOString();
          const result = nextSendInstant(at, WEEKDAYS, zone, FR);
          expect(Date.parse(result)).toBeGreaterThanOrEqual(ms);
          expect(isInSendWindow(result, WEEKDAYS, zone, FR)).toBe(true);
          // Nothing earlier qualifies: one minute before, unless it is the instant itself, is outside.
          if (result !== at) {
            expect(
              isInSendWindow(new Date(Date.parse(result) - 60_000).toISOString(), WEEKDAYS, zone, FR),
            ).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and rejects anything else', () => {
    expect(isValidTimeZone('Europe/Brussels')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
