// Public holidays per country, from date-holidays (national rules only: no regional or bank
// holidays). Reminders are not sent on these days; cached because every plan run asks.
import Holidays from 'date-holidays';
import { addDays } from './dates.ts';
import type { LocalDate } from './dates.ts';

const EMPTY: ReadonlySet<LocalDate> = new Set();
const byCountryYear = new Map<string, ReadonlySet<LocalDate>>();
const byCountryRange = new Map<string, ReadonlySet<LocalDate>>();
const calendars = new Map<string, Holidays | null>();
let knownCountries: ReadonlySet<string> | null = null;

function countryCalendar(country: string): Holidays | null {
  let hd = calendars.get(country);
  if (hd === undefined) {
    knownCountries ??= new Set(Object.keys(new Holidays().getCountries()));
    hd = knownCountries.has(country) ? new Holidays(country) : null;
    calendars.set(country, hd);
  }
  return hd;
}

/** The public holidays of a country (ISO 3166-1 alpha-2) in a year; empty for an unknown country. */
export function publicHolidays(country: string, year: number): ReadonlySet<LocalDate> {
  const code = country.trim().toUpperCase();
  const cacheKey = `${code}:${year}`;
  let set = byCountryYear.get(cacheKey);
  if (!set) {
    const hd = countryCalendar(code);
    if (!hd || !Number.isInteger(year)) return EMPTY;
    const days = new Set<LocalDate>();
    for (const h of hd.getHolidays(year)) {
      if (h.type !== 'public') continue;
      // A holiday may last several days; date is local "YYYY-MM-DD hh:mm:ss".
      const first = h.date.slice(0, 10);
      const length = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      for (let i = 0; i < length; i++) days.add(addDays(first, i));
    }
    set = days;
    byCountryYear.set(cacheKey, set);
  }
  return set;
}

/** One set covering every year from fromYear to toYear inclusive (same set object on each call). */
export function publicHolidaysBetween(
  country: string,
  fromYear: number,
  toYear: number,
): ReadonlySet<LocalDate> {
  const code = country.trim().toUpperCase();
  const cacheKey = `${code}:${fromYear}-${toYear}`;
  let set = byCountryRange.get(cacheKey);
  if (!set) {
    const days = new Set<LocalDate>();
    for (let y = fromYear; y <= toYear; y++) for (const d of publicHolidays(code, y)) days.add(d);
    set = days.size === 0 ? EMPTY : days;
    byCountryRange.set(cacheKey, set);
  }
  return set;
}

/**
 * The holidays a plan run around a date needs: a year back (late invoices' step dates) and two ahead
 * (wake-up times, instalments).
 */
export function holidaysAround(country: string, date: LocalDate): ReadonlySet<LocalDate> {
  const year = Number(date.slice(0, 4));
  return publicHolidaysBetween(country, year - 1, year + 2);
}
