import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDecimalString } from '../../../src/core/money.ts';
import {
  amount,
  dateString,
  msDate,
  parseIfModifiedSince,
  parseXeroDateInput,
  utcSecondsString,
} from './xero-format.ts';

describe("Xero's wire formats", () => {
  it('writes calendar dates as MS-JSON midnight UTC with their DateString twin', () => {
    expect(msDate(17_894)).toBe('/Date(1546041600000+0000)/');
    expect(dateString(17_894)).toBe('2018-12-29T00:00:00');
    expect(utcSecondsString(1_541_176_290_160)).toBe('2018-11-02T16:31:30Z');
  });

  it('writes amounts as the same number as their decimal text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('EUR', 'JPY', 'BHD'),
        (minor, currency) => {
          expect(amount(minor, currency)).toBe(Number(toDecimalString(minor, currency)));
        },
      ),
    );
  });

  it('reads the date forms Xero accepts on writes, and nothing else', () => {
    expect(parseXeroDateInput('2024-05-01')).toBe(19_844);
    expect(parseXeroDateInput('2024-05-01T00:00:00')).toBe(19_844);
    expect(parseXeroDateInput('/Date(1714521600000+0000)/')).toBe(19_844);
    expect(parseXeroDateInput('2024-02-30')).toBeNull();
    expect(parseXeroDateInput('01/05/2024')).toBeNull();
  });

  it('reads If-Modified-Since as xero-node (ISO), browsers (HTTP date) and Xero (no zone = UTC) send it', () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 5);
    expect(parseIfModifiedSince('2024-01-02T03:04:05.000Z')).toBe(ms);
    expect(parseIfModifiedSince('Tue, 02 Jan 2024 03:04:05 GMT')).toBe(ms);
    expect(parseIfModifiedSince('2024-01-02T03:04:05')).toBe(ms);
    expect(parseIfModifiedSince('yesterday')).toBeNull();
  });
});
