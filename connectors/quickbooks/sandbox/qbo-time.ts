// QuickBooks Online writes instants in the Pacific time zone with an explicit offset
// ("2015-07-24T10:35:08-07:00") and reads query literals the same way: a timestamp without an
// offset is Pacific wall-clock time. The double does the same so connectors meet the real format.
// Formatting is on every rendered entity, so the zone's offset is looked up once per hour and cached.
import { DateTime } from 'luxon';

export const QBO_TIME_ZONE = 'America/Los_Angeles';

const HOUR_MS = 3_600_000;
const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: QBO_TIME_ZONE,
  timeZoneName: 'longOffset',
});
const offsetByHour = new Map<number, number>();

/** Minutes to add to UTC to get Pacific wall-clock time at that instant (-420 or -480). */
function pacificOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const name =
      offsetFormat.formatToParts(new Date(hour * HOUR_MS)).find((p) => p.type === 'timeZoneName')?.value ??
      'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    offsetByHour.set(hour, offset);
  }
  return offset;
}

function format(ms: number, withMillis: boolean): string {
  const offset = pacificOffsetMinutes(ms);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, withMillis ? 23 : 19);
  const abs = Math.abs(offset);
  const sign = offset < 0 ? '-' : '+';
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "2015-07-24T10:35:08-07:00": the MetaData format (whole seconds). */
export function formatQboDateTime(ms: number): string {
  return format(ms - (((ms % 1000) + 1000) % 1000), false);
}

/** "2015-07-24T10:38:43.463-07:00": the `time` stamp on every response. */
export function formatQboResponseTime(ms: number): string {
  return format(ms, true);
}

/**
 * Reads a timestamp as QuickBooks does: ISO 8601 with an offset, or without one in Pacific time;
 * a bare date is midnight Pacific. Returns epoch milliseconds, or null when the text is no date.
 */
export function parseQboDateTime(text: string): number | null {
  const parsed = DateTime.fromISO(text.trim(), { zone: QBO_TIME_ZONE });
  return parsed.isValid ? parsed.toMillis() : null;
}

/** The calendar date ('YYYY-MM-DD') of an instant, in Pacific time. */
export function qboLocalDate(ms: number): string {
  return new Date(ms + pacificOffsetMinutes(ms) * 60_000).toISOString().slice(0, 10);
}
