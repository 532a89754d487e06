// Formatting for people in their language, and the escaping every HTML interpolation goes through.
import { toEpochDay, type LocalDate } from '../dates.ts';
import { formatMoney, type Money } from '../money.ts';
import type { Language } from '../types.ts';

// en-GB writes "23 November 2026" (day first), as credit controllers in Europe expect.
const LOCALES: Record<Language, string> = { fr: 'fr-FR', en: 'en-GB', nl: 'nl-NL', de: 'de-DE' };

export function localeOf(language: Language): string {
  return LOCALES[language];
}

const dateFormats = new Map<Language, Intl.DateTimeFormat>();

/** "23 novembre 2026", "23 November 2026", "23 november 2026", "23. November 2026"; French "1er". */
export function formatDate(date: LocalDate, language: Language): string {
  let fmt = dateFormats.get(language);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(LOCALES[language], {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dateFormats.set(language, fmt);
  }
  const text = fmt.format(new Date(toEpochDay(date) * 86_400_000));
  return language === 'fr' ? text.replace(/^1 /, '1er ') : text;
}

export function formatAmount(amount: number, currency: string, language: Language): string {
  return formatMoney({ amount, currency }, LOCALES[language]);
}

export function formatMoneyIn(m: Money, language: Language): string {
  return formatMoney(m, LOCALES[language]);
}

/** 10.15 → "10,15 %" (fr, de), "10.15%" (en), "10,15%" (nl). */
export function formatPercent(percent: number, language: Language): string {
  return new Intl.NumberFormat(LOCALES[language], { style: 'percent', maximumFractionDigits: 2 }).format(
    percent / 100,
  );
}

/** ["F-1", "F-2", "F-3"] → "F-1, F-2 et F-3" / "F-1, F-2 and F-3" / "F-1, F-2 en F-3" / "F-1, F-2 und F-3". */
export function joinList(items: readonly string[], language: Language): string {
  return new Intl.ListFormat(LOCALES[language], { type: 'conjunction', style: 'long' }).format(items);
}

/** Sums per currency in first-seen order; never adds one currency to another. */
export function totalsByCurrency(items: Iterable<Money>): Money[] {
  const sums = new Map<string, number>();
  for (const m of items) sums.set(m.currency, (sums.get(m.currency) ?? 0) + m.amount);
  return [...sums].map(([currency, amount]) => ({ amount, currency }));
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/** The URL when it is an absolute http(s) URL, else null: only such URLs become an href. */
export function httpUrl(candidate: string | null | undefined): string | null {
  if (!candidate) return null;
  const trimmed = candidate.trim();
  if (/\s/.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? trimmed : null;
  } catch {
    return null;
  }
}

/** Shortens a name to at most max characters, ending with "…" when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}
