// Dates and amounts in the reader's locale. Money arrives as integer minor units with its currency;
// the currency's exponent (EUR 2, JPY 0, BHD 3) comes from Intl, as on the server (src/core/money.ts).
const exponents = new Map<string, number>();

export function minorDigits(currency: string): number {
  let digits = exponents.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    exponents.set(currency, digits);
  }
  return digits;
}

export function toMajor(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

/** Major-unit text for an input ("1234.50"), exact from the integer. */
export function minorToInput(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Minor units from what a person typed ("1 234,5" or "1234.50"), or null when it is not an amount. */
export function inputToMinor(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const cleaned = text.replace(/[\s\u00a0\u202f']/g, '');
  // The last "," or "." is the decimal separator when followed by at most `digits` digits.
  const m = /^(\d+(?:[.,]\d{3})*|\d+)(?:[.,](\d+))?$/.exec(cleaned);
  if (!m) return null;
  const whole = (m[1] ?? '').replace(/[.,]/g, '');
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const minor = Number(whole) * 10 ** digits + Number((frac + '0'.repeat(digits)).slice(0, digits) || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      f = new Intl.NumberFormat(locale, { minimumFractionDigits: minorDigits(currency) });
    }
    moneyFormats.set(key, f);
  }
  return f.format(toMajor(minor, currency));
}

/** A short amount for chart axes ("12 k€"). */
export function formatMoneyCompact(minor: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(toMajor(minor, currency));
  } catch {
    return formatMoney(minor, currency, locale);
  }
}

/** A calendar date "YYYY-MM-DD", shown without any time-zone shift. */
export function formatDate(date: string | null | undefined, locale: string): string {
  if (!date) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export function formatInstant(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatNumber(n: number, locale: string, maxFraction = 1): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: maxFraction }).format(n);
}

/** A ratio 0..1 (or a percentage 0..100 when `isPercent`) as "87 %". */
export function formatPercent(value: number, locale: string, isPercent = false): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    isPercent ? value / 100 : value,
  );
}

/** Today as YYYY-MM-DD in the browser's zone. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return t.toISOString().slice(0, 10);
}

/** A date ("YYYY-MM-DD") as a date, an instant as a date and time, both in the reader's locale. */
export function formatWhen(value: string | null | undefined, locale: string): string {
  if (!value) return '—';
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, locale) : formatInstant(value, locale);
}
