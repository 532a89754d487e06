import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  isCurrencyCode,
  minorDigits,
  sumByCurrency,
  toDecimalString,
  toMinor,
} from './money.ts';

describe('money in minor units', () => {
  it('converts decimal text exactly, with the currency’s digits', () => {
    expect(toMinor('150.5', 'EUR')).toBe(15050);
    expect(toMinor(0.1 + 0.2, 'EUR')).toBe(30); // 0.30000000000000004 rounds, never drifts
    expect(toMinor('1234', 'JPY')).toBe(1234);
    expect(toMinor('12.345', 'BHD')).toBe(12345);
    expect(toMinor('-19.999', 'EUR')).toBe(-2000);
    expect(toMinor('.5', 'USD')).toBe(50);
    expect(minorDigits('JPY')).toBe(0);
  });

  it('refuses what is not a decimal amount', () => {
    for (const bad of ['', '1,5', '1.2.3', 'abc', '1e3x'])
      expect(() => toMinor(bad, 'EUR')).toThrow(/not a decimal amount/);
    expect(() => toMinor(Number.NaN, 'EUR')).toThrow(/finite/);
    expect(() => toMinor('1', 'XYZ1')).toThrow(/unknown currency/);
  });

  it('round-trips every amount through its decimal text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.constantFrom('EUR', 'JPY', 'BHD', 'GBP'),
        (minor, cur) => {
          expect(toMinor(toDecimalString(minor, cur), cur)).toBe(minor);
        },
      ),
    );
  });

  it('keeps currencies apart when summing, and formats for people', () => {
    const sums = sumByCurrency([
      { amount: 100, currency: 'EUR' },
      { amount: 250, currency: 'USD' },
      { amount: 5, currency: 'EUR' },
    ]);
    expect(Object.fromEntries(sums)).toEqual({ EUR: 105, USD: 250 });
    expect(formatMoney({ amount: 123450, currency: 'EUR' }, 'fr')).toMatch(/^1\s234,50\s€$/);
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('EURO')).toBe(false);
  });
});
