// What a Xero organisation looks like per country: base currency, Windows-style time zone, Xero
// "Version", the sales-tax rate and tax-type codes the books use.
import { createRandom } from './random.ts';
import type { OrganisationRecord } from './ledger-types.ts';

interface CountryPreset {
  currency: string;
  timezone: string;
  version: OrganisationRecord['version'];
  taxBasisPoints: number;
  salesTaxType: string;
  purchasesTaxType: string;
  city: string;
  postalCode: string;
  region: string;
  country: string;
}

export const COUNTRY_PRESETS: Record<string, CountryPreset> = {
  BE: {
    currency: 'EUR',
    timezone: 'ROMANCESTANDARDTIME',
    version: 'GLOBAL',
    taxBasisPoints: 2100,
    salesTaxType: 'OUTPUT',
    purchasesTaxType: 'INPUT',
    city: 'Bruxelles',
    postalCode: '1000',
    region: '',
    country: 'Belgium',
  },
  FR: {
    currency: 'EUR',
    timezone: 'ROMANCESTANDARDTIME',
    version: 'GLOBAL',
    taxBasisPoints: 2000,
    salesTaxType: 'OUTPUT',
    purchasesTaxType: 'INPUT',
    city: 'Lyon',
    postalCode: '69002',
    region: '',
    country: 'France',
  },
  DE: {
    currency: 'EUR',
    timezone: 'WEUROPESTANDARDTIME',
    version: 'GLOBAL',
    taxBasisPoints: 1900,
    salesTaxType: 'OUTPUT',
    purchasesTaxType: 'INPUT',
    city: 'Köln',
    postalCode: '50667',
    region: '',
    country: 'Germany',
  },
  NL: {
    currency: 'EUR',
    timezone: 'WEUROPESTANDARDTIME',
    version: 'GLOBAL',
    taxBasisPoints: 2100,
    salesTaxType: 'OUTPUT',
    purchasesTaxType: 'INPUT',
    city: 'Utrecht',
    postalCode: '3511',
    region: '',
    country: 'Netherlands',
  },
  IE: {
    currency: 'EUR',
    timezone: 'GMTSTANDARDTIME',
    version: 'GLOBAL',
    taxBasisPoints: 2300,
    salesTaxType: 'OUTPUT',
    purchasesTaxType: 'INPUT',
    city: 'Dublin',
    postalCode: 'D02',
    region: '',
    country: 'Ireland',
  },
  GB: {
    currency: 'GBP',
    timezone: 'GMTSTANDARDTIME',
    version: 'UK',
    taxBasisPoints: 2000,
    salesTaxType: 'OUTPUT2',
    purchasesTaxType: 'INPUT2',
    city: 'Bristol',
    postalCode: 'BS1 4DJ',
    region: '',
    country: 'United Kingdom',
  },
  NZ: {
    currency: 'NZD',
    timezone: 'NEWZEALANDSTANDARDTIME',
    version: 'NZ',
    taxBasisPoints: 1500,
    salesTaxType: 'OUTPUT2',
    purchasesTaxType: 'INPUT2',
    city: 'Wellington',
    postalCode: '6011',
    region: '',
    country: 'New Zealand',
  },
  AU: {
    currency: 'AUD',
    timezone: 'AUSEASTERNSTANDARDTIME',
    version: 'AU',
    taxBasisPoints: 1000,
    salesTaxType: 'OUTPUT',
    purchasesTaxType: 'INPUT',
    city: 'Sydney',
    postalCode: '2000',
    region: 'NSW',
    country: 'Australia',
  },
  US: {
    currency: 'USD',
    timezone: 'EASTERNSTANDARDTIME',
    version: 'US',
    taxBasisPoints: 0,
    salesTaxType: 'NONE',
    purchasesTaxType: 'NONE',
    city: 'Boston',
    postalCode: '02108',
    region: 'MA',
    country: 'United States',
  },
};

export interface OrganisationInput {
  tenantId?: string;
  name: string;
  legalName?: string;
  countryCode?: string;
  baseCurrency?: string;
  timezone?: string;
  taxNumber?: string;
  createdAt?: number;
}

/** Fills an organisation from its name and country; the same input always gives the same record. */
export function buildOrganisation(input: OrganisationInput): OrganisationRecord {
  const countryCode = (input.countryCode ?? 'BE').toUpperCase();
  const preset = COUNTRY_PRESETS[countryCode];
  if (!preset) {
    throw new RangeError(
      `countryCode: no sandbox preset for "${countryCode}" (known: ${Object.keys(COUNTRY_PRESETS).join(', ')})`,
    );
  }
  const random = createRandom(`organisation:${input.tenantId ?? ''}:${input.name}`);
  return {
    tenantId: (input.tenantId ?? random.uuid()).toLowerCase(),
    name: input.name,
    legalName: input.legalName ?? input.name,
    countryCode,
    baseCurrency: input.baseCurrency ?? preset.currency,
    timezone: input.timezone ?? preset.timezone,
    version: preset.version,
    shortCode: '!' + random.letters(5),
    apiKey: random.letters(30),
    taxNumber: input.taxNumber ?? `${countryCode}${random.int(100_000_000, 999_999_999)}`,
    registrationNumber: String(random.int(10_000_000, 99_999_999)),
    lineOfBusiness: 'Professional services',
    createdAt: input.createdAt ?? Date.UTC(2019, 2, 1, 9, 30),
    salesTaxBasisPoints: preset.taxBasisPoints,
    salesTaxType: preset.salesTaxType,
    purchasesTaxType: preset.purchasesTaxType,
    salesAccountCode: '200',
    purchasesAccountCode: '400',
    bankAccount: { id: random.uuid(), code: '090' },
    salesTerms: { day: 30, type: 'DAYSAFTERBILLDATE' },
    billTerms: { day: 20, type: 'OFFOLLOWINGMONTH' },
    address: {
      type: 'STREET',
      line1: `${random.int(1, 180)} ${random.pick(['Rue Haute', 'High Street', 'Main Road', 'Quay Street'])}`,
      city: preset.city,
      region: preset.region,
      postalCode: preset.postalCode,
      country: preset.country,
      attentionTo: '',
    },
    phone: `${random.int(200, 999)} ${random.int(1000, 9999)}`,
  };
}
