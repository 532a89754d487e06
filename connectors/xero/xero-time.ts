// Xero's dates arrive as "/Date(1546128000000+0000)/"; xero-node turns them into JS Dates at UTC
// midnight (even where its models say string). Both become calendar dates here, read in UTC, so a
// server west of Greenwich does not shift them a day back.
import { isLocalDate, type LocalDate } from '../../src/core/dates.ts';

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

function toEpochMs(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value !== 'string' || value === '') return null;
  const ms = MS_DATE.exec(value);
  if (ms) return Number(ms[1]);
  const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) || value.length <= 10 ? value : `${value}Z`);
  return Number.isNaN(parsed) ? null : parsed;
}

/** A calendar date from whatever Xero or xero-node gave; null when absent or unreadable. */
export function toLocalDate(value: unknown): LocalDate | null {
  if (typeof value === 'string' && isLocalDate(value.slice(0, 10)) && !value.startsWith('/'))
    return value.slice(0, 10);
  const ms = toEpochMs(value);
  if (ms === null) return null;
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** An instant (ISO 8601, UTC) from Xero's UpdatedDateUTC; null when absent or unreadable. */
export function toInstant(value: unknown): string | null {
  const ms = toEpochMs(value);
  return ms === null ? null : new Date(ms).toISOString();
}
