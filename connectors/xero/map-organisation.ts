// A Xero organisation → the firm's profile: its name is on every reminder.
import type { FirmProfile } from '../sdk/connector.ts';
import { ianaZone } from './time-zones.ts';
import type { XeroOrganisation } from './xero-schemas.ts';

export function toFirmProfile(o: XeroOrganisation): FirmProfile {
  const country = o.countryCode.toUpperCase();
  return {
    name: o.name,
    legalName: o.legalName ?? null,
    email: null,
    country,
    baseCurrency: o.baseCurrency.toUpperCase(),
    timeZone: ianaZone(o.timezone, country),
    language: null,
  };
}
