// A complete, realistic context for the template tests: a French firm chasing two overdue euro
// invoices (one part-paid), with every optional fact present. Tests override what they examine.
import type { Language } from '../types.ts';
import type { MessageContext, MessageInvoice } from './types.ts';

export function invoice(overrides: Partial<MessageInvoice> = {}): MessageInvoice {
  return {
    number: 'F-2026-0117',
    issueDate: '2026-09-15',
    dueDate: '2026-10-15',
    currency: 'EUR',
    total: 240_000,
    openBalance: 180_000,
    paymentLink: 'https://pay.example.com/inv/0117?t=ab&c=1',
    daysLate: 45,
    interest: 2_251,
    compensation: { amount: 4_000, currency: 'EUR' },
    ...overrides,
  };
}

export function messageContext(overrides: Partial<MessageContext> = {}): MessageContext {
  return {
    language: 'fr' as Language,
    templateKey: 'reminder_1',
    channel: 'email',
    tone: 2,
    statesFees: false,
    firm: {
      name: 'Menuiserie Lambert SARL',
      email: 'compta@lambert.example',
      phone: '+33 4 72 00 00 00',
      address: '8 quai Saint-Vincent, 69001 Lyon',
      iban: 'FR76 3000 4000 0500 0012 3456 789',
      bic: 'BNPAFRPP',
    },
    customer: { name: 'Boulangerie Martin', contactName: 'Claire Martin', phone: '+33 6 12 34 56 78' },
    invoices: [
      invoice(),
      invoice({
        number: 'F-2026-0142',
        issueDate: '2026-10-01',
        dueDate: '2026-10-31',
        total: 96_050,
        openBalance: 96_050,
        daysLate: 29,
        interest: 801,
      }),
    ],
    newDeadline: '2026-12-07',
    sentOn: '2026-11-29',
    interestRatePercent: 10.15,
    earlyPaymentDiscount: null,
    instalment: { index: 2, count: 4, dueDate: '2026-12-05', amount: { amount: 69_013, currency: 'EUR' } },
    promise: { promisedDate: '2026-11-20' },
    sepaQrCid: null,
    history: [
      { on: '2026-10-16', templateKey: 'reminder_1', channel: 'email' },
      { on: '2026-10-23', templateKey: 'reminder_2', channel: 'email' },
    ],
    ...overrides,
  };
}
