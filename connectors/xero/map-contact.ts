// A Xero contact → a Relance customer. Reminders go to the contact's address and to the contact
// persons Xero marks "include in emails".
import type { CustomerInput } from '../../src/store/repos/ledger.ts';
import type { XeroContact } from './xero-schemas.ts';

function emails(c: XeroContact): string[] {
  const all = [
    c.emailAddress,
    ...(c.contactPersons ?? []).filter((p) => p.includeInEmails).map((p) => p.emailAddress),
  ];
  const seen = new Set<string>();
  for (const e of all) {
    const trimmed = e?.trim();
    if (trimmed && trimmed.includes('@')) seen.add(trimmed);
  }
  return [...seen];
}

function phone(c: XeroContact): string | null {
  const phones = c.phones ?? [];
  const p =
    phones.find((x) => x.phoneType === 'MOBILE' && x.phoneNumber) ?? phones.find((x) => x.phoneNumber);
  if (!p?.phoneNumber) return null;
  const country = p.phoneCountryCode ? `+${p.phoneCountryCode.replace(/^\+/, '')} ` : '';
  return `${country}${p.phoneAreaCode ? `${p.phoneAreaCode} ` : ''}${p.phoneNumber}`.trim();
}

export function toCustomer(c: XeroContact): CustomerInput {
  const sales = c.paymentTerms?.sales;
  const address =
    (c.addresses ?? []).find((a) => a.addressType === 'POBOX' && a.country) ??
    (c.addresses ?? []).find((a) => a.country);
  const country =
    address?.country && /^[A-Za-z]{2}$/.test(address.country) ? address.country.toUpperCase() : null;
  const name = c.name?.trim() || [c.firstName, c.lastName].filter(Boolean).join(' ').trim() || '(no name)';
  return {
    externalId: c.contactID,
    name,
    emails: emails(c),
    phone: phone(c),
    country,
    // Only "n days after the invoice date" is a number of days; month-based terms are not.
    paymentTermsDays: sales?.type === 'DAYSAFTERBILLDATE' && typeof sales.day === 'number' ? sales.day : null,
    active: c.contactStatus !== 'ARCHIVED',
  };
}
