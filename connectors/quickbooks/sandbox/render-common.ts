// Shared pieces of QuickBooks JSON: money as JSON decimals, references, MetaData.
import { toDecimalString } from '../../../src/core/money.ts';
import { formatQboDateTime } from './qbo-time.ts';

export type QboJson = Record<string, unknown>;

const currencyNames = new Intl.DisplayNames(['en'], { type: 'currency' });

/** QuickBooks sends money as JSON numbers in major units (150.5); text first, so no float drift. */
export function decimal(minor: number, currency: string): number {
  return Number(toDecimalString(minor, currency));
}

const currencyNameCache = new Map<string, string>();

export function currencyRef(currency: string): QboJson {
  let name = currencyNameCache.get(currency);
  if (name === undefined) currencyNameCache.set(currency, (name = currencyNames.of(currency) ?? currency));
  return { value: currency, name };
}

export function metaData(record: { createdMs: number; updatedMs: number }): QboJson {
  return {
    CreateTime: formatQboDateTime(record.createdMs),
    LastUpdatedTime: formatQboDateTime(record.updatedMs),
  };
}

export function address(
  a: { line1: string; city: string; region: string | null; postalCode: string; country: string },
  id?: string,
): QboJson {
  const out: QboJson = {};
  if (id !== undefined) out.Id = id;
  out.Line1 = a.line1;
  out.City = a.city;
  if (a.region !== null) out.CountrySubDivisionCode = a.region;
  out.PostalCode = a.postalCode;
  out.Country = a.country;
  return out;
}
