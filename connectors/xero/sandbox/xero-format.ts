// Xero's wire formats: Microsoft JSON dates ("/Date(1546128000000+0000)/"), the *String twins,
// decimal amounts as JSON numbers, and the date inputs Xero accepts on writes.
import { fromEpochDay, isLocalDate, toEpochDay } from '../../../src/core/dates.ts';
import { minorDigits } from '../../../src/core/money.ts';

const MS_PER_DAY = 86_400_000;

/** A calendar date (epoch day) as Xero sends it: midnight UTC in MS-JSON form. */
export function msDate(epochDay: number): string {
  return `/Date(${epochDay * MS_PER_DAY}+0000)/`;
}

/** An instant as Xero sends UpdatedDateUTC. */
export function msDateTime(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

/** The response envelope's DateTimeUTC has no offset suffix in Xero's examples. */
export function envelopeDateTime(ms: number): string {
  return `/Date(${ms})/`;
}

/** DateString / DueDateString: "2018-10-20T00:00:00". */
export function dateString(epochDay: number): string {
  return `${fromEpochDay(epochDay)}T00:00:00`;
}

/** UpdatedDateUTCString: "2018-11-02T16:31:30Z" (seconds, Z). */
export function utcSecondsString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** History DateUTCString: "2019-02-23T05:23:20" (seconds, no zone). */
export function utcLocalString(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Webhook eventDateUtc: "2024-06-21T01:15:39.902" (milliseconds, no zone). */
export function eventDateUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}

/**
 * Minor units to the JSON number Xero sends (120.5 for 12050 EUR cents). IEEE division is
 * correctly rounded, so this is the same double as Number(toDecimalString(minor, currency)),
 * only faster (pages of 1,000 invoices render a few thousand amounts).
 */
export function amount(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

export function epochDayOf(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

export function startOfEpochDay(epochDay: number): number {
  return epochDay * MS_PER_DAY;
}

const MS_DATE_RE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const ISO_LOCAL_RE = /^(\d{4}-\d{2}-\d{2})(?:T00:00:00(?:\.0+)?)?$/;

/**
 * A date written to Xero: "2024-05-01", "2024-05-01T00:00:00" or "/Date(1714521600000+0000)/".
 * Returns the epoch day, or null when the text is none of these.
 */
export function parseXeroDateInput(value: string): number | null {
  const ms = MS_DATE_RE.exec(value);
  if (ms) return epochDayOf(Number(ms[1]));
  const iso = ISO_LOCAL_RE.exec(value);
  if (iso && isLocalDate(iso[1] as string)) return toEpochDay(iso[1] as string);
  return null;
}

/**
 * The If-Modified-Since header: xero-node sends ISO-8601 ("2024-01-01T00:00:00.000Z"), others send
 * an HTTP date or an ISO time without zone (read as UTC, as Xero does). Returns ms, or null if unreadable.
 */
export function parseIfModifiedSince(value: string): number | null {
  const text = value.trim();
  if (text === '') return null;
  const noZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
  const ms = Date.parse(noZone ? `${text}Z` : text);
  return Number.isNaN(ms) ? null : ms;
}
