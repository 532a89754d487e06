// Sensible starting settings for a new firm, from its country. Everything here is editable later.
import type { BusinessHours, FeePolicy, Language } from './types.ts';

interface CountryDefaults {
  currency: string;
  timeZone: string;
  language: Language;
}

const BY_COUNTRY: Record<string, CountryDefaults> = {
  FR: { currency: 'EUR', timeZone: 'Europe/Paris', language: 'fr' },
  BE: { currency: 'EUR', timeZone: 'Europe/Brussels', language: 'fr' },
  LU: { currency: 'EUR', timeZone: 'Europe/Luxembourg', language: 'fr' },
  NL: { currency: 'EUR', timeZone: 'Europe/Amsterdam', language: 'nl' },
  DE: { currency: 'EUR', timeZone: 'Europe/Berlin', language: 'de' },
  AT: { currency: 'EUR', timeZone: 'Europe/Vienna', language: 'de' },
  CH: { currency: 'CHF', timeZone: 'Europe/Zurich', language: 'de' },
  IE: { currency: 'EUR', timeZone: 'Europe/Dublin', language: 'en' },
  GB: { currency: 'GBP', timeZone: 'Europe/London', language: 'en' },
  US: { currency: 'USD', timeZone: 'America/New_York', language: 'en' },
  CA: { currency: 'CAD', timeZone: 'America/Toronto', language: 'en' },
  AU: { currency: 'AUD', timeZone: 'Australia/Sydney', language: 'en' },
  NZ: { currency: 'NZD', timeZone: 'Pacific/Auckland', language: 'en' },
};

export function countryDefaults(country: string): CountryDefaults {
  return BY_COUNTRY[country.toUpperCase()] ?? { currency: 'EUR', timeZone: 'UTC', language: 'en' };
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' };

export function defaultFeePolicy(country: string): FeePolicy {
  // Statutory interest and the fixed compensation are owed without reminder in the EU and the UK;
  // stating them on formal steps is the default, and a firm can turn it off.
  const statutory = country !== 'US' && country !== 'CA' && country !== 'AU' && country !== 'NZ';
  return { statutoryInterest: statutory, fixedCompensation: statutory, earlyPaymentDiscount: null };
}
