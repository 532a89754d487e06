// Field schemas shared by the record kinds. Each says in its message what it expects, so an error
// reads "due_date: expected a YYYY-MM-DD date". Values arrive trimmed, with blanks already left out.
import { z } from 'zod';
import { isLocalDate } from '../core/dates.ts';
import { isCurrencyCode, minorDigits, toDecimalString, toMinor } from '../core/money.ts';
import { LANGUAGES } from '../core/types.ts';

const AMOUNT_TEXT = /^\d+(?:\.\d+)?$/;
const AMOUNT_HINT =
  'expected an amount with a dot as decimal separator and no thousands separator, such as 1234.50';
// JSON numbers lose their text; below 10^13 every amount with two decimals reads back exactly.
const MAX_JSON_NUMBER = 1e13;

/** A non-negative decimal amount, kept as its text until the currency says how many decimals it may have. */
export const amountText = z.union([z.string(), z.number()], { error: AMOUNT_HINT }).transform((v, ctx) => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || Math.abs(v) >= MAX_JSON_NUMBER || /e/i.test(String(v))) {
      ctx.addIssue({
        code: 'custom',
        message: 'write an amount this large as a string, such as "12345678901234.50"',
      });
      return z.NEVER;
    }
    v = String(v);
  }
  if (v.startsWith('-')) {
    ctx.addIssue({ code: 'custom', message: 'must not be negative' });
    return z.NEVER;
  }
  if (!AMOUNT_TEXT.test(v)) {
    ctx.addIssue({ code: 'custom', message: `"${v}": ${AMOUNT_HINT}` });
    return z.NEVER;
  }
  return v;
});

/**
 * Converts amount text to minor units of `currency`, refusing more decimals than the currency has
 * (an import never rounds money silently). Reports at `path` and returns null when it refuses.
 */
export function toMinorUnits(
  text: string,
  currency: string,
  ctx: z.RefinementCtx,
  path: PropertyKey[],
  label = '',
): number | null {
  const digits = minorDigits(currency);
  const decimals = text.split('.')[1]?.length ?? 0;
  if (decimals > digits) {
    const allowed = digits === 0 ? 'no decimals' : `${digits} decimal${digits === 1 ? '' : 's'}`;
    ctx.addIssue({
      code: 'custom',
      path,
      message: `${label}"${text}" has more decimals than ${currency} allows (${allowed})`,
    });
    return null;
  }
  const minor = toMinor(text, currency);
  if (!Number.isSafeInteger(minor)) {
    ctx.addIssue({ code: 'custom', path, message: `${label}"${text}" is too large` });
    return null;
  }
  return minor;
}

export const formatAmount = (minor: number, currency: string): string =>
  `${toDecimalString(minor, currency)} ${currency}`;

/** External ids: text, or a whole number as some spreadsheets write them. */
export const externalId = z
  .union([z.string(), z.int()], { error: 'expected an id' })
  .transform(String)
  .pipe(z.string().max(200, 'is longer than 200 characters'));

export const text = (max: number) =>
  z.string({ error: 'expected text' }).max(max, `is longer than ${max} characters`);

export const localDate = z
  .string({ error: 'expected a YYYY-MM-DD date' })
  .refine(isLocalDate, 'expected a YYYY-MM-DD date');

export const currencyCode = z
  .string({ error: 'expected an ISO 4217 currency code such as EUR' })
  .transform((s) => s.toUpperCase())
  .refine(isCurrencyCode, 'expected an ISO 4217 currency code such as EUR');

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

export const countryCode = z
  .string({ error: 'expected an ISO 3166 country code such as FR' })
  .transform((s) => s.toUpperCase())
  .refine(
    (s) => /^[A-Z]{2}$/.test(s) && regionNames.of(s) !== undefined,
    'expected an ISO 3166 country code such as FR',
  );

/** An IANA time zone, in its canonical spelling ("europe/paris" → "Europe/Paris"). */
export const timeZone = z
  .string({ error: 'expected an IANA time zone such as Europe/Paris' })
  .transform((s, ctx) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: s }).resolvedOptions().timeZone;
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${s}" is not an IANA time zone such as Europe/Paris` });
      return z.NEVER;
    }
  });

export const language = z
  .string({ error: 'expected fr, en, nl or de' })
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(LANGUAGES, { error: 'expected fr, en, nl or de' }));

export const wholeDays = z
  .union([z.string(), z.number()], { error: 'expected a whole number of days' })
  .transform((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v))
  .pipe(
    z
      .int({ error: 'expected a whole number of days' })
      .min(0, 'must not be negative')
      .max(365, 'must be at most 365'),
  );

export const phone = z
  .string({ error: 'expected a phone number such as +33 3 20 12 34 56' })
  .regex(/^\+?[0-9][0-9 ().\-/]{3,30}$/, 'expected a phone number such as +33 3 20 12 34 56');

export const httpUrl = z
  .string({ error: 'expected an http(s) address' })
  .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), 'expected an http(s) address');

const emailAddress = z.email();

/** Several addresses separated by ";" (JSON: or an array), accounts-payable contact first. */
export const emailList = z
  .union([z.string(), z.array(z.string({ error: 'expected an e-mail address' }))], {
    error: 'expected e-mail addresses separated by ";"',
  })
  .transform((v, ctx) => {
    const list = (typeof v === 'string' ? v.split(';') : v).map((s) => s.trim()).filter((s) => s !== '');
    for (const address of list) {
      if (!emailAddress.safeParse(address).success) {
        ctx.addIssue({ code: 'custom', message: `"${address}" is not an e-mail address` });
      }
    }
    return list;
  });

export interface AllocationText {
  invoiceId: string;
  amount: string;
}

const allocationObject = z.strictObject(
  { invoiceId: externalId, amount: amountText },
  { error: 'expected an object { "invoiceId", "amount" }' },
);

const ALLOCATIONS_HINT =
  'expected INVOICE_ID:AMOUNT pairs separated by ";", such as INV-1001:120.00;INV-1002:30.00';

/**
 * Allocations to invoices: in CSV the text "INV-1001:120.00;INV-1002:30.00", in JSON an array of
 * { invoiceId, amount } (the text form is accepted there too). Amounts stay text until the currency is known.
 */
export const allocations = z.unknown().transform((v, ctx): AllocationText[] => {
  const out: AllocationText[] = [];
  if (typeof v === 'string') {
    const parts = v.split(';').map((p) => p.trim());
    for (const part of parts.filter((p) => p !== '')) {
      const colon = part.lastIndexOf(':');
      const invoiceId = part.slice(0, colon).trim();
      const amount = amountText.safeParse(part.slice(colon + 1).trim());
      if (colon <= 0 || invoiceId === '') {
        ctx.addIssue({ code: 'custom', message: `"${part}": ${ALLOCATIONS_HINT}` });
      } else if (!amount.success) {
        ctx.addIssue({
          code: 'custom',
          message: `amount for ${invoiceId}: ${amount.error.issues[0]?.message}`,
        });
      } else {
        out.push({ invoiceId, amount: amount.data });
      }
    }
    return out;
  }
  if (!Array.isArray(v)) {
    ctx.addIssue({ code: 'custom', message: 'expected an array of { "invoiceId", "amount" }' });
    return z.NEVER;
  }
  v.forEach((item, i) => {
    const parsed = allocationObject.safeParse(item);
    if (parsed.success) out.push(parsed.data);
    else
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [i, ...issue.path] } as never);
  });
  return out;
});
