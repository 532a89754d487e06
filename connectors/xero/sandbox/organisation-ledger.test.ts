import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from './clock.ts';
import { LedgerError } from './ledger-inputs.ts';
import { XeroLedgerStore } from './ledger-store.ts';
import type { LedgerChange } from './ledger-types.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { invoiceHistory } from './invoice-history.ts';

describe('an organisation ledger', () => {
  let clock: ManualClock;
  let org: OrganisationLedger;
  let changes: LedgerChange[];
  let contactId: string;

  beforeEach(() => {
    clock = createManualClock(Date.UTC(2026, 2, 2, 10));
    const store = new XeroLedgerStore(clock);
    changes = [];
    store.onChange((c) => changes.push(c));
    org = store.addOrganisation({ name: 'Atelier Lumière SRL', countryCode: 'BE' });
    contactId = org.addContact({
      name: 'Brasserie du Parc SRL',
      email: 'ap@brasserie.example',
      salesTerms: { day: 30, type: 'DAYSAFTERBILLDATE' },
    }).id;
  });

  const invoice = (total = '121.00') => org.addInvoice({ contactId, total, date: '2026-02-01' });
  const failure = (fn: () => unknown): LedgerError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof LedgerError) return e;
      throw e;
    }
    throw new Error('expected a LedgerError');
  };

  it('numbers sales invoices, fills the due date from the contact terms and backs tax out of a total', () => {
    const inv = invoice();
    expect(inv).toMatchObject({
      number: 'INV-0001',
      status: 'AUTHORISED',
      total: 12100,
      subTotal: 10000,
      totalTax: 2100,
      dueDate: inv.date + 30,
      currency: 'EUR',
    });
    expect(org.amountDue(inv)).toBe(12100);
    expect(org.contact(contactId).isCustomer).toBe(true);
  });

  it('takes a partial payment, then a final one that marks the invoice PAID on that date', () => {
    const inv = invoice();
    org.addPayment({ invoiceId: inv.id, amount: '21.00', date: '2026-02-10' });
    expect(org.amountDue(inv)).toBe(10000);
    expect(inv.status).toBe('AUTHORISED');
    org.addPayment({ invoiceId: inv.id, amount: '100.00', date: '2026-03-01' });
    expect(inv).toMatchObject({ status: 'PAID', amountPaid: 12100, fullyPaidOn: inv.date + 28 });
    expect(org.amountDue(inv)).toBe(0);
  });

  it('refuses a payment above the amount due, or on a draft, naming the field and changing nothing', () => {
    const inv = invoice();
    expect(failure(() => org.addPayment({ invoiceId: inv.id, amount: '121.01' })).field).toBe('amount');
    const draft = org.addInvoice({ contactId, total: '50', status: 'DRAFT' });
    expect(failure(() => org.addPayment({ invoiceId: draft.id, amount: '10' })).message).toMatch(
      /AUTHORISED/,
    );
    expect(failure(() => org.addPayment({ invoiceId: inv.id, amount: 'ten' })).field).toBe('amount');
    expect(inv.amountPaid).toBe(0);
    expect(org.payments.size).toBe(0);
  });

  it('reopens a paid invoice when its payment is deleted', () => {
    const inv = invoice();
    const p = org.addPayment({ invoiceId: inv.id, amount: '121.00' });
    org.deletePayment(p.id);
    expect(inv).toMatchObject({ status: 'AUTHORISED', amountPaid: 0, fullyPaidOn: null });
    expect(p.status).toBe('DELETED');
  });

  it('pays several invoices in one batch, or none if one of them cannot take it', () => {
    const a = invoice();
    const b = invoice('60.50');
    expect(
      failure(() =>
        org.addBatchPayment({
          payments: [
            { invoiceId: a.id, amount: '121.00' },
            { invoiceId: b.id, amount: '99.00' },
          ],
        }),
      ).field,
    ).toBe('payments.1.amount');
    expect(a.amountPaid).toBe(0);
    const batch = org.addBatchPayment({
      date: '2026-03-01',
      payments: [
        { invoiceId: a.id, amount: '121.00' },
        { invoiceId: b.id, amount: '60.50' },
      ],
    });
    expect(new Set(batch.map((p) => p.batchPaymentId)).size).toBe(1);
    expect([a.status, b.status]).toEqual(['PAID', 'PAID']);
  });

  it('allocates a credit note to an invoice of the same contact and currency', () => {
    const inv = invoice();
    const note = org.addCreditNote({
      contactId,
      total: '21.00',
      allocations: [{ invoiceId: inv.id, amount: '21.00' }],
    });
    expect(inv.amountCredited).toBe(2100);
    expect(org.amountDue(inv)).toBe(10000);
    expect(note).toMatchObject({ status: 'PAID', allocated: 2100, number: 'CN-0001' });
    const other = org.addContact({ name: 'Someone Else BV' });
    const spare = org.addCreditNote({ contactId: other.id, total: '5.00' });
    expect(
      failure(() => org.allocateCreditNote(spare.id, { invoiceId: inv.id, amount: '5.00' })).message,
    ).toMatch(/another contact/);
  });

  it('voids only an approved invoice without payments, and deletes only drafts', () => {
    const inv = invoice();
    org.addPayment({ invoiceId: inv.id, amount: '1.00' });
    expect(failure(() => org.voidInvoice(inv.id)).field).toBe('Status');
    expect(failure(() => org.deleteInvoice(inv.id)).field).toBe('Status');
    const clean = invoice();
    expect(org.voidInvoice(clean.id)).toMatchObject({ status: 'VOIDED' });
    expect(org.amountDue(clean)).toBe(0);
    const draft = org.addInvoice({ contactId, total: '9', status: 'DRAFT' });
    expect(org.deleteInvoice(draft.id).status).toBe('DELETED');
  });

  it('sets and clears the expected payment date, but not on a paid invoice', () => {
    const inv = invoice();
    org.updateInvoice(inv.id, { expectedPaymentDate: '2026-03-15' });
    expect(inv.expectedPaymentDate).toBe(inv.date + 42);
    org.updateInvoice(inv.id, { expectedPaymentDate: null });
    expect(inv.expectedPaymentDate).toBeNull();
    org.addPayment({ invoiceId: inv.id, amount: '121.00' });
    expect(failure(() => org.updateInvoice(inv.id, { expectedPaymentDate: '2026-03-20' })).field).toBe(
      'ExpectedPaymentDate',
    );
  });

  it('gives every change a strictly later UpdatedDateUTC and reports it for webhooks', () => {
    const inv = invoice();
    const first = inv.updatedAt;
    org.addPayment({ invoiceId: inv.id, amount: '1.00' }); // same clock millisecond
    expect(inv.updatedAt).toBeGreaterThan(first);
    expect(changes.map((c) => `${c.category}:${c.type}`)).toEqual([
      'CONTACT:CREATE',
      'INVOICE:CREATE',
      'INVOICE:UPDATE',
    ]);
    expect(changes.every((c) => c.tenantId === org.tenantId)).toBe(true);
  });

  it('keeps a history of what happened to an invoice, newest first', () => {
    const inv = invoice();
    clock.advance(60_000);
    org.addPayment({ invoiceId: inv.id, amount: '21.00', date: '2026-03-02' });
    clock.advance(60_000);
    org.updateInvoice(inv.id, { expectedPaymentDate: '2026-03-20' });
    const changesSeen = invoiceHistory(org, inv).map((h) => h.changes);
    expect(changesSeen).toEqual(['Edited', 'Payment Received', 'Approved', 'Created']);
  });

  it('refuses an invoice for an unknown contact or without lines or total, naming the field', () => {
    expect(
      failure(() => org.addInvoice({ contactId: '00000000-0000-4000-8000-000000000000', total: '1' })).field,
    ).toBe('contactId');
    expect(failure(() => org.addInvoice({ contactId })).field).toBe('lines');
    expect(failure(() => org.addInvoice({ contactId, total: '1', date: '2026-02-30' })).field).toBe('date');
  });
});
