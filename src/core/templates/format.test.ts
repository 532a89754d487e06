import { describe, expect, it } from 'vitest';
import { escapeHtml, formatDate, formatPercent, httpUrl, joinList, totalsByCurrency } from './format.ts';

describe('formatDate', () => {
  it('writes a date the way each language does', () => {
    expect(formatDate('2026-11-23', 'fr')).toBe('23 novembre 2026');
    expect(formatDate('2026-11-23', 'en')).toBe('23 November 2026');
    expect(formatDate('2026-11-23', 'nl')).toBe('23 november 2026');
    expect(formatDate('2026-11-23', 'de')).toBe('23. November 2026');
  });

  it('writes the first of the month as "1er" in French', () => {
    expect(formatDate('2026-12-01', 'fr')).toBe('1er décembre 2026');
    expect(formatDate('2026-12-11', 'fr')).toBe('11 décembre 2026');
  });

  it('keeps the calendar date whatever the time zone (no midnight shift)', () => {
    expect(formatDate('2026-03-29', 'en')).toBe('29 March 2026');
    expect(formatDate('2026-12-31', 'de')).toBe('31. Dezember 2026');
  });
});

describe('formatPercent and joinList', () => {
  it('writes rates and lists in each language', () => {
    expect(formatPercent(10.15, 'en')).toBe('10.15%');
    expect(formatPercent(2, 'de')).toMatch(/^2\s%$/u);
    expect(joinList(['A', 'B', 'C'], 'fr')).toBe('A, B et C');
    expect(joinList(['A', 'B'], 'nl')).toBe('A en B');
    expect(joinList(['A'], 'de')).toBe('A');
  });
});

describe('totalsByCurrency', () => {
  it('sums per currency in first-seen order', () => {
    expect(
      totalsByCurrency([
        { amount: 100, currency: 'EUR' },
        { amount: 5, currency: 'USD' },
        { amount: 50, currency: 'EUR' },
      ]),
    ).toEqual([
      { amount: 150, currency: 'EUR' },
      { amount: 5, currency: 'USD' },
    ]);
  });
});

describe('escapeHtml and httpUrl', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });

  it('accepts only absolute http(s) URLs', () => {
    expect(httpUrl('https://pay.example.com/a?b=1')).toBe('https://pay.example.com/a?b=1');
    expect(httpUrl(' http://x.test/ ')).toBe('http://x.test/');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      'mailto:a@b.c',
      '/relative',
      'https://a b.c',
      '',
      null,
    ]) {
      expect(httpUrl(bad)).toBeNull();
    }
  });
});
