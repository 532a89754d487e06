// Money is an integer count of minor units with its ISO 4217 currency code. Decimal amounts from
// the outside world are converted once, at the edge, from their decimal text (never via float maths).

export interface Money {
  readonly amount: number; // minor units, integer
  readonly currency: string; // ISO 4217, upper case
}

const exponentCache = new Map<string, number>();

/** Number of minor-unit digits of a currency (EUR 2, JPY 0, BHD 3). */
export function minorDigits(currency: string): number {
  let digits = exponentCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits as number;
    } catch {
      throw new RangeError(`unknown currency code "${currency}"`);
    }
    exponentCache.set(currency, digits);
  }
  return digits;
}

export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    minorDigits(code);
    return Intl.supportedValuesOf('currency').includes(code);
  } catch {
    return false;
  }
}

/**
 * Converts a decimal amount ("150.5", 150.5, "-12.345") to minor units, rounding half away from zero
 * past the currency's digits. Numbers are read through their shortest decimal text, which is exact
 * for every amount a ledger holds.
 */
export function toMinor(value: string | number, currency: string): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
    throw new RangeError(`not a decimal amount: "${String(value)}"`);
  }
  const digits = minorDigits(currency);
  const sign = m[1] === '-' ? -1 : 1;
  const whole = m[2] === '' ? '0' : (m[2] as string);
  const frac = m[3] ?? '';
  const kept = (frac + '0'.repeat(digits)).slice(0, digits);
  const rest = frac.slice(digits);
  let minor = Number(whole) * 10 ** digits + (kept === '' ? 0 : Number(kept));
  if (rest !== '' && rest[0] !== undefined && rest[0] >= '5') minor += 1;
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount out of range: "${String(value)}"`);
  return minor === 0 ? 0 : sign * minor;
}

function numberToPlainString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite amount: ${n}`);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/\.?0+$/, '');
}

/** Minor units back to a decimal string with the currency's digits ("1234.50"). */
export function toDecimalString(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const s = String(abs).padStart(digits + 1, '0');
  return `${sign}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`money amount must be an integer, got ${amount}`);
  return { amount, currency };
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new RangeError(`cannot add ${a.currency} and ${b.currency}`);
  return { amount: a.amount + b.amount, currency: a.currency };
}

/** Formats for people, in their language: formatMoney({amount: 123450, currency: 'EUR'}, 'fr') → "1 234,50 €". */
export function formatMoney(m: Money, locale: string): string {
  const digits = minorDigits(m.currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(
    m.amount / 10 ** digits,
  );
}

/** Sums amounts per currency; never mixes currencies. */
export function sumByCurrency(items: Iterable<Money>): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of items) out.set(m.currency, (out.get(m.currency) ?? 0) + m.amount);
  return out;
}
