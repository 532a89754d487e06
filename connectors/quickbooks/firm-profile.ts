// What the firm is, from CompanyInfo and Preferences: its name goes on every reminder.
import { z } from 'zod';
import type { FirmProfile } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import type { QboCall } from './client.ts';
import { countryCode } from './mappers/country.ts';

const companyInfo = z.object({
  CompanyName: z.string().min(1),
  LegalName: z.string().optional(),
  Country: z.string().optional(),
  Email: z.object({ Address: z.string().optional() }).optional(),
  CompanyAddr: z.object({ Country: z.string().optional() }).optional(),
});
const preferences = z.object({
  CurrencyPrefs: z
    .object({ HomeCurrency: z.object({ value: z.string().regex(/^[A-Z]{3}$/) }).optional() })
    .optional(),
});

export async function quickbooksFirmProfile(call: QboCall, realmId: string): Promise<FirmProfile> {
  const info = companyInfo.safeParse(
    await call('company info', (qbo, cb) => qbo.getCompanyInfo(realmId, cb)),
  );
  if (!info.success)
    throw new ConnectorError(
      'invalid_payload',
      `QuickBooks CompanyInfo.${info.error.issues[0]?.path.join('.')}: ${info.error.issues[0]?.message}`,
    );
  const prefs = preferences.safeParse(await call('preferences', (qbo, cb) => qbo.getPreferences(cb)));
  const c = info.data;
  const country = countryCode(c.Country ?? c.CompanyAddr?.Country ?? '') ?? 'US';
  return {
    name: c.CompanyName,
    legalName: c.LegalName ?? null,
    email: c.Email?.Address ?? null,
    country,
    baseCurrency:
      (prefs.success ? prefs.data.CurrencyPrefs?.HomeCurrency?.value : undefined) ??
      (country === 'US' ? 'USD' : 'EUR'),
    timeZone: null,
    language: null,
  };
}
