import { describe, expect, it } from 'vitest';
import { toEpochDay } from '../../../src/core/dates.ts';
import { generateXeroLedger, type GeneratedXeroLedger } from './generate-ledger.ts';

function checkInvariants(ledger: GeneratedXeroLedger): void {
  const payments = new Map(ledger.payments.map((p) => [p.id, p]));
  const allocations = new Map(ledger.allocations.map((a) => [a.id, a]));
  const contacts = new Set(ledger.contacts.map((c) => c.id));
  for (const inv of ledger.invoices) {
    const paid = inv.paymentIds.reduce((sum, id) => sum + (payments.get(id)?.amount ?? NaN), 0);
    const credited = inv.allocationIds.reduce((sum, id) => sum + (allocations.get(id)?.amount ?? NaN), 0);
    expect(paid).toBe(inv.amountPaid);
    expect(credited).toBe(inv.amountCredited);
    expect(contacts.has(inv.contactId)).toBe(true);
    expect(inv.total).toBe(inv.subTotal + inv.totalTax);
    const due = inv.total - inv.amountPaid - inv.amountCredited;
    expect(due).toBeGreaterThanOrEqual(0);
    expect(inv.status === 'PAID').toBe(
      due === 0 && (inv.paymentIds.length > 0 || inv.allocationIds.length > 0),
    );
    if (inv.status === 'PAID') expect(inv.fullyPaidOn).not.toBeNull();
    if (!['AUTHORISED', 'PAID'].includes(inv.status)) expect(inv.paymentIds).toEqual([]);
    expect(inv.dueDate === null || inv.dueDate >= inv.date).toBe(true);
  }
  for (const note of ledger.creditNotes) {
    expect(note.allocated).toBeLessThanOrEqual(note.total);
    expect(note.status === 'PAID').toBe(note.allocated === note.total);
  }
}

describe('generateXeroLedger', () => {
  it('gives the same books for the same seed and different books for another', () => {
    const options = { seed: 'same', contacts: 30, invoices: 300, payments: 250 };
    expect(JSON.stringify(generateXeroLedger(options))).toBe(JSON.stringify(generateXeroLedger(options)));
    expect(generateXeroLedger({ ...options, seed: 'other' }).invoices[0]?.id).not.toBe(
      generateXeroLedger(options).invoices[0]?.id,
    );
  });

  it('places exactly the payments asked for, keeping every balance consistent', () => {
    for (const payments of [0, 40, 300, 900]) {
      const ledger = generateXeroLedger({ seed: `pay-${payments}`, contacts: 25, invoices: 300, payments });
      expect(ledger.payments).toHaveLength(payments);
      checkInvariants(ledger);
    }
  });

  it('mixes sales invoices and bills in every status, with overdue open invoices to chase', () => {
    const ledger = generateXeroLedger({ seed: 'mix', contacts: 80, invoices: 3000, payments: 2400 });
    const kinds = new Set(ledger.invoices.map((i) => `${i.type}:${i.status}`));
    for (const status of ['DRAFT', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'])
      expect(kinds.has(`ACCREC:${status}`)).toBe(true);
    expect(kinds.has('ACCPAY:PAID')).toBe(true);
    const asOf = toEpochDay(ledger.asOf);
    const overdue = ledger.invoices.filter(
      (i) => i.type === 'ACCREC' && i.status === 'AUTHORISED' && i.dueDate !== null && i.dueDate < asOf,
    );
    expect(overdue.length).toBeGreaterThan(30);
    expect(ledger.invoices.some((i) => i.amountPaid > 0 && i.status === 'AUTHORISED')).toBe(true); // partly paid
    expect(ledger.creditNotes.length).toBe(60);
    expect(ledger.contacts.some((c) => c.persons.some((p) => p.includeInEmails))).toBe(true);
    expect(ledger.contacts.some((c) => c.salesTerms !== null)).toBe(true);
    expect(ledger.contacts.some((c) => c.email === '')).toBe(true); // some customers have no billing e-mail
    checkInvariants(ledger);
  });

  it('gives some customers a second currency with a rate against the base', () => {
    const ledger = generateXeroLedger({
      seed: 'fx',
      contacts: 60,
      invoices: 600,
      payments: 400,
      currencies: ['EUR', 'USD'],
    });
    const usd = ledger.invoices.filter((i) => i.currency === 'USD');
    expect(usd.length).toBeGreaterThan(0);
    expect(usd.every((i) => i.currencyRate > 1)).toBe(true);
    expect(ledger.invoices.filter((i) => i.currency === 'EUR').every((i) => i.currencyRate === 1)).toBe(true);
  });

  it('refuses impossible requests, naming the option', () => {
    expect(() => generateXeroLedger({ seed: 1, contacts: 0, invoices: 5, payments: 0 })).toThrow(
      /^contacts:/,
    );
    expect(() => generateXeroLedger({ seed: 1, contacts: 2, invoices: 0, payments: 3 })).toThrow(
      /^payments:/,
    );
    expect(() =>
      generateXeroLedger({ seed: 1, contacts: 2, invoices: 2, payments: 0, currencies: ['EUR', 'XYZ'] }),
    ).toThrow(/^currencies:/);
  });

  it('generates 100,000 invoices, 100,000 payments and 5,000 contacts in a few seconds', () => {
    const started = performance.now();
    const ledger = generateXeroLedger({
      seed: 'bench',
      contacts: 5000,
      invoices: 100_000,
      payments: 100_000,
    });
    const elapsed = performance.now() - started;
    expect(ledger.invoices).toHaveLength(100_000);
    expect(ledger.payments).toHaveLength(100_000);
    expect(ledger.contacts).toHaveLength(5000);
    expect(elapsed).toBeLessThan(15_000);
    console.info(`generateXeroLedger 100k/100k/5k: ${Math.round(elapsed)} ms`);
  });
});
