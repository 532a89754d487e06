import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from './clock.ts';
import type { LedgerRecords } from './company.ts';
import { QboFault } from './faults.ts';
import type { LedgerApi } from './ledger-api.ts';
import { ledgerViolations } from './ledger-invariants.ts';
import { resolveSandboxOptions } from './options.ts';
import { SandboxState } from './sandbox-state.ts';

let clock: ManualClock;
let state: SandboxState;
let ledger: LedgerApi;
let customerId: string;

function records(): LedgerRecords {
  const c = ledger.company;
  return {
    customers: [...c.customers.values()],
    invoices: [...c.invoices.values()],
    payments: [...c.payments.values()],
    creditMemos: [...c.creditMemos.values()],
  };
}

function invoice(amount: string, txnDate = '2026-03-02'): string {
  return String(ledger.addInvoice({ customerId, amount, txnDate }).Id);
}

beforeEach(() => {
  clock = createManualClock('2026-03-10T17:00:00Z');
  state = new SandboxState(resolveSandboxOptions({ clock, rateLimit: false }));
  ledger = state.ledger();
  customerId = String(
    ledger.addCustomer({ displayName: 'Northwind Foods Co.', email: 'ap@northwind-foods.example' }).Id,
  );
});

describe('ledger mutations', () => {
  it('settles two invoices with one partial payment and links both ways', () => {
    const a = invoice('100.00');
    const b = invoice('250.50');
    clock.advance(60_000);
    const payment = ledger.recordPayment({
      txnDate: '2026-03-10',
      lines: [
        { invoiceId: a, amount: '100' },
        { invoiceId: b, amount: '50.50' },
      ],
    });
    expect(payment).toMatchObject({ TotalAmt: 150.5, UnappliedAmt: 0 });
    expect(payment.Line).toEqual([
      { Amount: 100, LinkedTxn: [{ TxnId: a, TxnType: 'Invoice' }] },
      { Amount: 50.5, LinkedTxn: [{ TxnId: b, TxnType: 'Invoice' }] },
    ]);
    expect(ledger.invoice(a)).toMatchObject({
      Balance: 0,
      SyncToken: '1',
      LinkedTxn: [{ TxnId: payment.Id, TxnType: 'Payment' }],
    });
    expect(ledger.invoice(b)).toMatchObject({ Balance: 200, TotalAmt: 250.5 });
    expect(ledger.customer(customerId)).toMatchObject({ Balance: 200 });
    expect(ledgerViolations(records())).toEqual([]);
  });

  it('moves SyncToken and LastUpdatedTime on the invoice a payment touches, and announces both changes', () => {
    const a = invoice('80.00');
    const before = ledger.invoice(a);
    clock.advance(3_600_000);
    ledger.recordPayment({ lines: [{ invoiceId: a, amount: '30' }] });
    const after = ledger.invoice(a);
    expect(after.SyncToken).toBe('1');
    expect((after.MetaData as { LastUpdatedTime: string }).LastUpdatedTime).not.toBe(
      (before.MetaData as { LastUpdatedTime: string }).LastUpdatedTime,
    );
    expect(state.events.slice(-2).map((e) => `${e.entity} ${e.operation}`)).toEqual([
      'Payment Create',
      'Invoice Update',
    ]);
  });

  it('keeps money received beyond the invoices as unapplied credit on the customer', () => {
    const a = invoice('40.00');
    const payment = ledger.recordPayment({ lines: [{ invoiceId: a, amount: '40' }], amount: '55.25' });
    expect(payment).toMatchObject({ TotalAmt: 55.25, UnappliedAmt: 15.25 });
    expect(ledger.customer(customerId)).toMatchObject({ Balance: -15.25 });
    expect(ledgerViolations(records())).toEqual([]);
  });

  it('applies a credit memo through a zero-amount payment linking the invoice and the credit memo', () => {
    const a = invoice('300.00');
    const memo = ledger.addCreditMemo({ customerId, amount: '120', txnDate: '2026-03-05' });
    const application = ledger.applyCreditMemo({ creditMemoId: String(memo.Id), invoiceId: a });
    expect(application).toMatchObject({ TotalAmt: 0, UnappliedAmt: 0 });
    expect(application.Line).toEqual([
      { Amount: 120, LinkedTxn: [{ TxnId: a, TxnType: 'Invoice' }] },
      { Amount: 120, LinkedTxn: [{ TxnId: memo.Id, TxnType: 'CreditMemo' }] },
    ]);
    expect(ledger.invoice(a)).toMatchObject({ Balance: 180 });
    expect(ledger.creditMemo(String(memo.Id))).toMatchObject({ RemainingCredit: 0, TotalAmt: 120 });
    expect(ledger.customer(customerId)).toMatchObject({ Balance: 180 });
    expect(ledgerViolations(records())).toEqual([]);
  });

  it('voids an invoice to TotalAmt 0 and Balance 0 with "Voided" in PrivateNote, freeing its payment', () => {
    const a = invoice('90.00');
    const payment = ledger.recordPayment({ lines: [{ invoiceId: a, amount: '60' }] });
    const voided = ledger.voidInvoice(a);
    expect(voided).toMatchObject({ Id: a, TotalAmt: 0, Balance: 0, PrivateNote: 'Voided', LinkedTxn: [] });
    expect(ledger.payment(String(payment.Id))).toMatchObject({ TotalAmt: 60, UnappliedAmt: 60, Line: [] });
    expect(ledger.customer(customerId)).toMatchObject({ Balance: -60 });
    expect(state.events.at(-1)).toMatchObject({ entity: 'Invoice', id: a, operation: 'Void' });
    expect(ledgerViolations(records())).toEqual([]);
  });

  it('gives the credit back to its credit memo when the credited invoice is deleted', () => {
    const a = invoice('50.00');
    const memo = ledger.addCreditMemo({ customerId, amount: '20' });
    const application = ledger.applyCreditMemo({ creditMemoId: String(memo.Id), invoiceId: a });
    ledger.deleteInvoice(a);
    expect(() => ledger.invoice(a)).toThrow(QboFault);
    expect(() => ledger.payment(String(application.Id))).toThrow(/Object Not Found/);
    expect(ledger.creditMemo(String(memo.Id))).toMatchObject({ RemainingCredit: 20 });
    expect(ledger.company.tombstones.map((t) => `${t.entity} ${t.id}`)).toEqual([
      `Payment ${application.Id}`,
      `Invoice ${a}`,
    ]);
    expect(ledgerViolations(records())).toEqual([]);
  });

  it('reopens what a deleted payment had settled', () => {
    const a = invoice('75.00');
    const payment = ledger.recordPayment({ lines: [{ invoiceId: a, amount: '75' }] });
    ledger.deletePayment(String(payment.Id));
    expect(ledger.invoice(a)).toMatchObject({ Balance: 75, LinkedTxn: [] });
    expect(ledger.customer(customerId)).toMatchObject({ Balance: 75 });
    expect(ledgerViolations(records())).toEqual([]);
  });

  it('rejects a payment larger than the open balance and leaves the ledger untouched', () => {
    const a = invoice('10.00');
    const b = invoice('10.00');
    const eventsBefore = state.events.length;
    expect(() =>
      ledger.recordPayment({
        lines: [
          { invoiceId: a, amount: '10' },
          { invoiceId: b, amount: '10.01' },
        ],
      }),
    ).toThrow(/at most its open balance/);
    expect(ledger.invoice(a)).toMatchObject({ Balance: 10, SyncToken: '0' });
    expect(ledger.company.payments.size).toBe(0);
    expect(state.events.length).toBe(eventsBefore);
  });

  it('refuses a second customer with the same display name, as QuickBooks does (6240)', () => {
    expect(() => ledger.addCustomer({ displayName: 'northwind foods co.' })).toThrow(/Duplicate Name Exists/);
  });

  it('bills a foreign customer in its own currency, with home-currency amounts at the invoice rate', () => {
    const euro = String(
      ledger.addCustomer({ displayName: 'Lyon Optics SARL', currency: 'EUR', termId: 2 }).Id,
    );
    const created = ledger.addInvoice({
      customerId: euro,
      amount: '100.00',
      txnDate: '2026-03-01',
      exchangeRate: 1.0825,
    });
    expect(created).toMatchObject({
      CurrencyRef: { value: 'EUR' },
      ExchangeRate: 1.0825,
      TotalAmt: 100,
      HomeTotalAmt: 108.25,
      HomeBalance: 108.25,
      DueDate: '2026-03-16',
    });
    expect(ledger.addInvoice({ customerId, amount: '5.00' })).not.toHaveProperty('HomeTotalAmt');
  });

  it('defaults the due date from the customer terms (Net 30) and the billing e-mail from the customer', () => {
    const created = ledger.addInvoice({ customerId, amount: '12.00', txnDate: '2026-01-31' });
    expect(created).toMatchObject({
      DueDate: '2026-03-02',
      SalesTermRef: { value: '3' },
      BillEmail: { Address: 'ap@northwind-foods.example' },
      EmailStatus: 'EmailSent',
    });
  });
});
