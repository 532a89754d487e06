// QuickBooks Customer → CustomerInput. An invoice's BillEmail (often the AP contact) goes first.
import type { CustomerInput } from '../../../src/store/repos/ledger.ts';
import { countryCode } from './country.ts';
import { customerJson, parseEntity, type Mapped } from './qbo-json.ts';

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

export function toCustomer(json: unknown, billEmails: string[] = []): Mapped<CustomerInput> {
  const p = parseEntity(customerJson, 'Customer', json);
  if (!p.ok) return p;
  const c = p.value;
  // QuickBooks allows several addresses in one field, separated by commas.
  const primary = (c.PrimaryEmailAddr?.Address ?? '').split(/[,;]/).map((s) => s.trim());
  const emails = [
    ...new Set([...billEmails, ...primary].map((e) => e.toLowerCase()).filter((e) => EMAIL.test(e))),
  ];
  return {
    ok: true,
    value: {
      externalId: c.Id,
      name: c.DisplayName,
      emails,
      phone: c.PrimaryPhone?.FreeFormNumber ?? null,
      country: c.BillAddr?.Country ? countryCode(c.BillAddr.Country) : null,
      active: c.Active ?? true,
    },
  };
}
