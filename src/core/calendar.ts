// Wall-clock time in a zone, business days and the send window. The planner calls these once or
// twice per customer, so zone offsets come from a cached Intl formatter per zone plus a cache of
// whole UTC hours with a constant offset; days are epoch days (see dates.ts), never JS Dates.
import { fromEpochDay, toEpochDay } from './dates.ts';
import type { LocalDate } from './dates.ts';
import type { BusinessHours, Instant } from './types.ts';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;
/** A calendar with no business day within ten years is a configuration error, not a long wait. */
const MAX_SCAN_DAYS = 3_660;

const formatters = new Map<string, Intl.DateTimeFormat>();
const validZones = new Map<string, boolean>();
/** Per zone: offset (ms) of each UTC hour whose offset is constant throughout, or null if it shifts. */
const hourOffsets = new Map<string, Map<number, number | null>>();
const HOUR_CACHE_LIMIT = 100_000;

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA zone name this runtime knows ("Europe/Paris", "UTC"). */
export function isValidTimeZone(timeZone: string): boolean {
  let ok = validZones.get(timeZone);
  if (ok === undefined) {
    try {
      formatter(timeZone);
      ok = true;
    } catch {
      ok = false;
    }
    validZones.set(timeZone, ok);
  }
  return ok;
}

function rawOffsetMs(timeZone: string, ms: number): number {
  const whole = Math.floor(ms / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let bc = false;
  for (const p of formatter(timeZone).formatToParts(whole)) {
    switch (p.type) {
      case 'year':
        year = Number(p.value);
        break;
      case 'month':
        month = Number(p.value);
        break;
      case 'day':
        day = Number(p.value);
        break;
      case 'hour':
        hour = Number(p.value) % 24; // some engines print midnight as 24
        break;
      case 'minute':
        minute = Number(p.value);
        break;
      case 'second':
        second = Number(p.value);
        break;
      case 'era':
        bc = p.value.startsWith('B');
        break;
    }
  }
  const wall = Date.UTC(bc ? 1 - year : year, month - 1, day, hour, minute, second);
  return wall - whole;
}

/** Offset of the zone from UTC at an instant, in ms (Paris in summer: +7_200_000). */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  let cache = hourOffsets.get(timeZone);
  if (!cache) {
    cache = new Map();
    hourOffsets.set(timeZone, cache);
  }
  const hour = Math.floor(ms / MS_PER_HOUR);
  let cached = cache.get(hour);
  if (cached === undefined) {
    if (cache.size >= HOUR_CACHE_LIMIT) cache.clear();
    const first = rawOffsetMs(timeZone, hour * MS_PER_HOUR);
    const last = rawOffsetMs(timeZone, (hour + 1) * MS_PER_HOUR - 1000);
    cached = first === last ? first : null;
    cache.set(hour, cached);
  }
  return cached ?? rawOffsetMs(timeZone, ms);
}

/** Local epoch day and minutes since local midnight of an instant given in epoch ms. */
export function localDayMinutes(ms: number, timeZone: string): { day: number; minutes: number } {
  const local = ms + zoneOffsetMs(timeZone, ms);
  const day = Math.floor(local / MS_PER_DAY);
  return { day, minutes: Math.floor((local - day * MS_PER_DAY) / MS_PER_MINUTE) };
}

export function localDateTime(instant: Instant, timeZone: string): { date: LocalDate; minutes: number } {
  const { day, minutes } = localDayMinutes(parseInstant(instant), timeZone);
  return { date: fromEpochDay(day), minutes };
}

/**
 * The instant (epoch ms) at a local wall-clock time. A time that does not exist (the spring-forward
 * gap) is read with the offset before the gap, so it lands as far after the gap as it was into it;
 * a time that occurs twice (fall back) gives the earlier instant. (Temporal's "compatible".)
 */
export function instantAtMs(day: number, minutes: number, timeZone: string): number {
  const wall = day * MS_PER_DAY + minutes * MS_PER_MINUTE;
  const before = zoneOffsetMs(timeZone, wall - MS_PER_DAY);
  const after = zoneOffsetMs(timeZone, wall + MS_PER_DAY);
  const early = wall - before;
  if (before === after || zoneOffsetMs(timeZone, early) === before) return early;
  const late = wall - after;
  if (zoneOffsetMs(timeZone, late) === after) return late;
  return early; // in the gap
}

export function instantAt(date: LocalDate, hhmm: string, timeZone: string): Instant {
  return new Date(instantAtMs(toEpochDay(date), parseHhmm(hhmm, 'time'), timeZone)).toISOString();
}

export function parseInstant(instant: Instant): number {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: "${instant}"`);
  return ms;
}

const hhmmCache = new Map<string, number>();

/** "HH:MM" → minutes since midnight; "24:00" is allowed as the end of a day. */
export function parseHhmm(hhmm: string, field = 'businessHours'): number {
  let minutes = hhmmCache.get(hhmm);
  if (minutes === undefined) {
    const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
    minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
    if (!m || Number(m[2]) > 59 || minutes > 1440) {
      throw new RangeError(`${field}: not an HH:MM time: "${hhmm}"`);
    }
    hhmmCache.set(hhmm, minutes);
  }
  return minutes;
}

/** Business days and window of a firm in a form cheap to test per epoch day. */
export interface WorkCalendar {
  weekdayMask: number; // bit n set = ISO weekday n works
  holidays: ReadonlySet<number>; // epoch days
  startMinutes: number;
  endMinutes: number;
}

const holidayDays = new WeakMap<ReadonlySet<LocalDate>, ReadonlySet<number>>();

export function workCalendar(hours: BusinessHours, holidays: ReadonlySet<LocalDate>): WorkCalendar {
  let mask = 0;
  for (const d of hours.days) if (Number.isInteger(d) && d >= 1 && d <= 7) mask |= 1 << d;
  if (mask === 0) throw new RangeError('businessHours.days: no working weekday (ISO 1-7)');
  const startMinutes = parseHhmm(hours.start, 'businessHours.start');
  const endMinutes = parseHhmm(hours.end, 'businessHours.end');
  if (endMinutes <= startMinutes)
    throw new RangeError('businessHours.end: must be after businessHours.start');
  let days = holidayDays.get(holidays);
  if (!days) {
    days = new Set([...holidays].map(toEpochDay));
    holidayDays.set(holidays, days);
  }
  return { weekdayMask: mask, holidays: days, startMinutes, endMinutes };
}

export function isWorkDay(day: number, cal: WorkCalendar): boolean {
  const dow = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return (cal.weekdayMask & (1 << (dow === 0 ? 7 : dow))) !== 0 && !cal.holidays.has(day);
}

/** The same epoch day if it is a business day, else the next one. */
export function nextWorkDay(day: number, cal: WorkCalendar): number {
  for (let d = day, i = 0; i < MAX_SCAN_DAYS; d++, i++) if (isWorkDay(d, cal)) return d;
  throw new RangeError('businessHours: no business day within ten years');
}

/** Moves n business days forward (n > 0) or back (n < 0); n = 0 returns the day unchanged. */
export function addWorkDays(day: number, n: number, cal: WorkCalendar): number {
  const step = n < 0 ? -1 : 1;
  let d = day;
  for (let left = Math.abs(n), scanned = 0; left > 0; scanned++) {
    if (scanned > MAX_SCAN_DAYS + Math.abs(n))
      throw new RangeError('businessHours: no business day within ten years');
    d += step;
    if (isWorkDay(d, cal)) left--;
  }
  return d;
}

/** First instant (epoch ms) ≥ notBefore inside the send window of a business day, in the zone. */
export function nextSendMs(notBefore: number, cal: WorkCalendar, timeZone: string): number {
  let day = localDayMinutes(notBefore, timeZone).day;
  for (let i = 0; i < MAX_SCAN_DAYS; i++, day++) {
    if (!isWorkDay(day, cal)) continue;
    const end = instantAtMs(day, cal.endMinutes, timeZone);
    if (notBefore < end) return Math.max(notBefore, instantAtMs(day, cal.startMinutes, timeZone));
  }
  throw new RangeError('businessHours: no business day within ten years');
}

export function isBusinessDay(
  date: LocalDate,
  hours: BusinessHours,
  holidays: ReadonlySet<LocalDate>,
): boolean {
  return isWorkDay(toEpochDay(date), workCalendar(hours, holidays));
}

export function nextBusinessDay(
  date: LocalDate,
  hours: BusinessHours,
  holidays: ReadonlySet<LocalDate>,
): LocalDate {
  return fromEpochDay(nextWorkDay(toEpochDay(date), workCalendar(hours, holidays)));
}

export function addBusinessDays(
  date: LocalDate,
  n: number,
  hours: BusinessHours,
  holidays: ReadonlySet<LocalDate>,
): LocalDate {
  return fromEpochDay(addWorkDays(toEpochDay(date), n, workCalendar(hours, holidays)));
}

export function nextSendInstant(
  notBefore: Instant,
  hours: BusinessHours,
  timeZone: string,
  holidays: ReadonlySet<LocalDate>,
): Instant {
  return new Date(nextSendMs(parseInstant(notBefore), workCalendar(hours, holidays), timeZone)).toISOString();
}

/** True when the instant lies inside the send window of a business day in the zone. */
export function isInSendWindow(
  instant: Instant,
  hours: BusinessHours,
  timeZone: string,
  holidays: ReadonlySet<LocalDate>,
): boolean {
  const cal = workCalendar(hours, holidays);
  const { day, minutes } = localDayMinutes(parseInstant(instant), timeZone);
  return isWorkDay(day, cal) && minutes >= cal.startMinutes && minutes < cal.endMinutes;
}
