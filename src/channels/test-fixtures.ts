// A French firm chasing a bakery for two overdue euro invoices: the shared starting point of the
// channel tests. Tests override what they examine.
import type { Customer, Firm, Invoice } from '../core/types.ts';
import type { ComposeInput } from './compose.ts';

export function firm(overrides: Partial<Firm> = {}, sender: Partial<Firm['sender']> = {}): Firm {
  return {
    id: 'firm-1',
    name: 'Menuiserie Lambert SARL',
    country: 'FR',
    baseCurrency: 'EUR',
    timeZone: 'Europe/Paris',
    businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' },
    language: 'fr',
    sender: {
      name: 'Menuiserie Lambert',
      email: 'compta@lambert.example',
      phone: '+33 4 72 00 00 00',
      address: '8 quai Saint-Vincent\n69001 Lyon',
      iban: 'FR76 3000 6000 0112 3456 7890 189',
      bic: 'AGRIFRPP',
      ...sender,
    },
    reviewMode: false,
    fees: { statutoryInterest: true, fixedCompensation: true, earlyPaymentDiscount: null },
    ...overrides,
  };
}

export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 'cust-1',
    firmId: 'firm-1',
    externalId: '42',
    name: 'Boulangerie Martin',
    emails: ['factures@martin.example', 'claire@martin.example'],
    phone: '+33 6 12 34 56 78',
    language: 'fr',
    timeZone: null,
    country: 'FR',
    segmentId: null,
    segmentManual: false,
    paymentTermsDays: 30,
    creditLimit: null,
    paused: false,
    ...overrides,
  };
}

export function invoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    id: 'inv-117',
    firmId: 'firm-1',
    customerId: 'cust-1',
    externalId: '117',
    number: 'F-2026-0117',
    issueDate: '2026-09-15',
    dueDate: '2026-10-15',
    currency: 'EUR',
    total: 240_000,
    openBalance: 180_000,
    status: 'open',
    paymentLink: 'https://pay.example.com/inv/0117',
    disputed: false,
    paused: false,
    ...overrides,
  };
}

export function composeInput(overrides: Partial<ComposeInput> = {}): ComposeInput {
  return {
    firm: firm(),
    customer: customer(),
    invoices: [
      invoice(),
      invoice({
        id: 'inv-142',
        externalId: '142',
        number: 'F-2026-0142',
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        total: 96_050,
        openBalance: 96_050,
        paymentLink: 'https://pay.example.com/inv/0142',
      }),
    ],
    step: { template: 'reminder_1', channel: 'email', tone: 2, statesFees: false, registered: false },
    sentOn: '2026-11-30',
    language: 'fr',
    ...overrides,
  };
}
