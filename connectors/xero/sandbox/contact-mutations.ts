// Adding and changing contacts.
import { randomUUID } from 'node:crypto';
import {
  LedgerError,
  newContactSchema,
  parseInput,
  updateContactSchema,
  type NewContactInput,
  type UpdateContactInput,
} from './ledger-inputs.ts';
import type { ContactRecord } from './ledger-types.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';

export function addContact(ledger: OrganisationLedger, input: NewContactInput): ContactRecord {
  const v = parseInput(newContactSchema, input);
  const id = (v.contactId ?? randomUUID()).toLowerCase();
  if (ledger.contacts.has(id)) throw new LedgerError('contactId', `contact ${id} already exists`);
  const at = ledger.stamp();
  const contact: ContactRecord = {
    id,
    contactNumber: v.contactNumber,
    accountNumber: v.accountNumber,
    status: v.status,
    name: v.name,
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
    persons: v.persons,
    phones: v.phones,
    addresses: v.address ? [{ type: 'POBOX', ...v.address }] : [],
    taxNumber: v.taxNumber,
    salesTerms: v.salesTerms ?? null,
    billTerms: null,
    defaultCurrency: v.defaultCurrency ?? null,
    isCustomer: false,
    isSupplier: v.isSupplier,
    website: v.website,
    updatedAt: at,
  };
  ledger.contacts.set(id, contact);
  ledger.changed({ category: 'CONTACT', type: 'CREATE', resourceId: id }, at);
  return contact;
}

export function updateContact(
  ledger: OrganisationLedger,
  id: string,
  input: UpdateContactInput,
): ContactRecord {
  const contact = ledger.contact(id);
  const v = parseInput(updateContactSchema, input);
  const { address, salesTerms, defaultCurrency, ...plain } = v;
  for (const [key, value] of Object.entries(plain)) {
    if (value !== undefined) (contact as unknown as Record<string, unknown>)[key] = value;
  }
  if (address) contact.addresses = [{ type: 'POBOX', ...address }];
  if (salesTerms !== undefined) contact.salesTerms = salesTerms;
  if (defaultCurrency !== undefined) contact.defaultCurrency = defaultCurrency;
  contact.updatedAt = ledger.stamp();
  ledger.changed({ category: 'CONTACT', type: 'UPDATE', resourceId: contact.id }, contact.updatedAt);
  return contact;
}
