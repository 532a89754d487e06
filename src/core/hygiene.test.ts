import { describe, it, expect } from 'vitest';
import { invoiceHygiene, looksLikeAccountsPayable } from './hygiene.ts';
import type { HygieneCustomer, HygieneInvoice } from './hygiene.ts';

const clean: HygieneInvoice = {
  issueDate: '2025-05-01',
  dueDate: '2025-05-31',
  paymentLink: 'https://pay.example/inv/1',
};
const apCustomer: HygieneCustomer = { emails: ['accounts.payable@acme.example'], paymentTermsDays: 30 };

describe('invoiceHygiene', () => {
  it('flags nothing on an invoice with terms, a due date, a payment link and an AP contact', () => {
    expect(invoiceHygiene(clean, apCustomer)).toEqual([]);
  });

  it('flags an invoice with no due date', () => {
    expect(invoiceHygiene({ ...clean, dueDate: null }, apCustomer)).toEqual(['no_due_date']);
  });

  it('flags no payment terms when the customer has none and the invoice is due on issue', () => {
    const noTerms = { ...apCustomer, paymentTermsDays: null };
    expect(invoiceHygiene({ ...clean, dueDate: '2025-05-01' }, noTerms)).toEqual(['no_payment_terms']);
    expect(invoiceHygiene({ ...clean, dueDate: null }, noTerms)).toEqual(['no_due_date', 'no_payment_terms']);
  });

  it('accepts an invoice due on issue when the customer has terms, and a due date without customer terms', () => {
    expect(invoiceHygiene({ ...clean, dueDate: '2025-05-01' }, apCustomer)).toEqual([]);
    expect(invoiceHygiene(clean, { ...apCustomer, paymentTermsDays: null })).toEqual([]);
  });

  it('flags a customer with no usable billing e-mail, and nothing about the contact then', () => {
    expect(invoiceHygiene(clean, { ...apCustomer, emails: [] })).toEqual(['no_billing_email']);
    expect(invoiceHygiene(clean, { ...apCustomer, emails: ['not an address'] })).toEqual([
      'no_billing_email',
    ]);
  });

  it('flags an invoice without a payment link', () => {
    expect(invoiceHygiene({ ...clean, paymentLink: null }, apCustomer)).toEqual(['no_payment_link']);
    expect(invoiceHygiene({ ...clean, paymentLink: '  ' }, apCustomer)).toEqual(['no_payment_link']);
  });

  it('flags a contact list with no accounts-payable address', () => {
    const customer = { ...apCustomer, emails: ['jane.doe@acme.example', 'ceo@acme-finance.example'] };
    expect(invoiceHygiene(clean, customer)).toEqual(['not_accounts_payable_contact']);
  });

  it('accepts a person first when an accounts-payable address is among the e-mails', () => {
    const customer = { ...apCustomer, emails: ['jane.doe@acme.example', 'compta@acme.example'] };
    expect(invoiceHygiene(clean, customer)).toEqual([]);
  });

  it('lists every problem at once, in a stable order', () => {
    expect(
      invoiceHygiene(
        { issueDate: '2025-05-01', dueDate: null, paymentLink: null },
        { emails: ['bob@x.example'], paymentTermsDays: null },
      ),
    ).toEqual(['no_due_date', 'no_payment_terms', 'no_payment_link', 'not_accounts_payable_contact']);
  });
});

describe('looksLikeAccountsPayable', () => {
  it.each([
    'accounts@acme.example',
    'AccountsPayable@acme.example',
    'billing@acme.example',
    'comptabilite@acme.fr',
    'facturation@acme.fr',
    'facturen@acme.nl',
    'boekhouding@acme.nl',
    'crediteuren@acme.nl',
    'buchhaltung@acme.de',
    'kreditoren@acme.de',
    'rechnungseingang@acme.de',
    'invoices@acme.example',
    'finance@acme.example',
    'ap@acme.example',
    'ap.invoices@acme.example',
    'finance-ap@acme.example',
  ])('recognises %s', (email) => {
    expect(looksLikeAccountsPayable(email)).toBe(true);
  });

  it.each([
    'jane.doe@acme.example',
    'raphael@acme.example',
    'happy@acme.example',
    'ceo@acme-finance.example',
    'sales@ap.example',
  ])('does not take %s for accounts payable', (email) => {
    expect(looksLikeAccountsPayable(email)).toBe(false);
  });
});
