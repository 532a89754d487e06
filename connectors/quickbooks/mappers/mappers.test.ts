import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toCreditNote } from './to-credit-note.ts';
import { toCustomer } from './to-customer.ts';
import { toInvoice } from './to-invoice.ts';
import { toPayment } from './to-payment.ts';

const fixture = (name: string): unknown =>
  JSON.parse(fs.readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));

describe('QuickBooks mappers', () => {
  it('maps a partly paid invoice with its balance in minor units and its payment link', () => {
    const r = toInvoice(fixture('invoice-partly-paid'));
    expect(r).toEqual({
      ok: true,
      value: expect.objectContaining({
        externalId: '130',
        customerExternalId: '58',
        number: '1037',
        issueDate: '2026-08-01',
        dueDate: '2026-08-31',
        currency: 'USD',
        total: 100_050,
        openBalance: 60_025,
        status: 'open',
        paymentLink: expect.stringMatching(/^https:\/\/connect\.intuit\.com\//),
      }),
    });
  });

  it('maps a voided invoice (zero totals, "Voided" in PrivateNote) to void, not paid', () => {
    const r = toInvoice(fixture('invoice-voided'));
    expect(r.ok && r.value.status).toBe('void');
  });

  it('records a malformed invoice as invalid, naming the field, without throwing', () => {
    const r = toInvoice(fixture('invoice-malformed'));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.invalid).toMatchObject({
        entity: 'Invoice',
        externalId: '132',
        reason: expect.stringMatching(/^(TotalAmt|Balance|CurrencyRef|CustomerRef)/),
      });
  });

  it('splits one payment over the two invoices it settles and keeps the unapplied rest', () => {
    const r = toPayment(fixture('payment-two-invoices'));
    expect(r.ok && r.value.payment).toMatchObject({
      amount: 65_000,
      unapplied: 5_000,
      allocations: [
        { invoiceExternalId: '133', amount: 50_000 },
        { invoiceExternalId: '134', amount: 10_000 },
      ],
    });
    expect(r.ok && r.value.credits).toEqual([]);
  });

  it('turns a zero-amount payment linking a credit memo into a credit allocation, not a payment one', () => {
    const r = toPayment(fixture('payment-credit-application'));
    expect(r.ok && r.value.payment.allocations).toEqual([]);
    expect(r.ok && r.value.credits).toEqual([
      { creditMemoExternalId: '144', invoiceExternalId: '135', amount: 5_000, date: '2026-11-16' },
    ]);
  });

  it('maps a credit memo with its remaining credit', () => {
    const r = toCreditNote(fixture('credit-memo'));
    expect(r.ok && r.value).toMatchObject({
      externalId: '144',
      number: 'CM-7',
      currency: 'EUR',
      total: 5_000,
      remaining: 0,
      status: 'active',
    });
  });

  it("lists the invoice's billing address first, then the customer's own, deduplicated", () => {
    const r = toCustomer(fixture('customer'), ['AP@acme.example']);
    expect(r.ok && r.value).toMatchObject({
      externalId: '58',
      name: 'Acme Ltd',
      emails: ['ap@acme.example', 'billing@acme.example'],
      country: 'GB',
      active: false,
    });
  });
});
