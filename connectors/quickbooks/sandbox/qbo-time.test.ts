import { describe, expect, it } from 'vitest';
import { formatQboDateTime, formatQboResponseTime, parseQboDateTime, qboLocalDate } from './qbo-time.ts';

describe('QuickBooks time stamps (Pacific time, explicit offset)', () => {
  it('writes MetaData times in whole seconds with the daylight-saving offset of the day', () => {
    expect(formatQboDateTime(Date.parse('2026-07-24T17:35:08.900Z'))).toBe('2026-07-24T10:35:08-07:00');
    expect(formatQboDateTime(Date.parse('2026-01-24T17:35:08.100Z'))).toBe('2026-01-24T09:35:08-08:00');
    // 2026-03-08 02:00 Pacific: clocks go forward.
    expect(formatQboDateTime(Date.parse('2026-03-08T09:59:59Z'))).toBe('2026-03-08T01:59:59-08:00');
    expect(formatQboDateTime(Date.parse('2026-03-08T10:00:00Z'))).toBe('2026-03-08T03:00:00-07:00');
  });

  it('stamps responses to the millisecond', () => {
    expect(formatQboResponseTime(Date.parse('2026-11-23T16:30:01.042Z'))).toBe(
      '2026-11-23T08:30:01.042-08:00',
    );
  });

  it('reads literals with an offset as given, and without one as Pacific time', () => {
    expect(parseQboDateTime('2026-07-24T10:35:08-07:00')).toBe(Date.parse('2026-07-24T17:35:08Z'));
    expect(parseQboDateTime('2026-07-24T10:35:08Z')).toBe(Date.parse('2026-07-24T10:35:08Z'));
    expect(parseQboDateTime('2026-07-24T10:35:08')).toBe(Date.parse('2026-07-24T17:35:08Z'));
    expect(parseQboDateTime('2026-01-01')).toBe(Date.parse('2026-01-01T08:00:00Z'));
    expect(parseQboDateTime('yesterday')).toBeNull();
  });

  it('gives the Pacific calendar date of an instant', () => {
    expect(qboLocalDate(Date.parse('2026-05-02T06:59:00Z'))).toBe('2026-05-01');
    expect(qboLocalDate(Date.parse('2026-05-02T07:00:00Z'))).toBe('2026-05-02');
  });
});
