import { describe, expect, it } from 'vitest';
import { checkReferences, referencedIds, type KnownLedger } from './check-references.ts';
import { parseLedger } from './parse-ledger.ts';
import { readCsv } from './read-csv.ts';

const HEADER = 'record,id,customer_id,number,name,currency,issue_date,date,total,amount,allocations';
const none: KnownLedger = { customers: new Set(), invoices: new Map() };

function check(rows: string[], known: KnownLedger = none) {
  const parsed = parseLedger(readCsv('l.csv', [HEADER, ...rows].join('\n')));
  const checked = checkReferences(parsed, known);
  return {
    parsed,
    errors: [...parsed.errors, ...checked.errors].map((e) => `${e.line} ${e.field}: ${e.reason}`),
    kept: Object.fromEntries(
      Object.entries(checked.rows).map(([k, rows]) => [k, rows.map((r) => r.value.externalId)]),
    ),
    rejected: checked.rejected,
  };
}

const customer = (id: string, name = 'Nord') => `customer,${id},,,${name},,,,,,`;
const invoice = (id: string, customer: string, currency = 'EUR', total = '100.00') =>
  `invoice,${id},${customer},F-${id},,${currency},2026-10-01,,${total},,`;
const payment = (id: string, customer: string, allocations: string, amount = '100.00', currency = 'EUR') =>
  `payment,${id},${customer},,,${currency},,2026-11-01,,${amount},${allocations}`;
const credit = (id: string, customer: string, allocations: string, total = '100.00') =>
  `credit_note,${id},${customer},AV-${id},,EUR,,2026-11-02,${total},,${allocations}`;

describe('checkReferences', () => {
  it('rejects rows that refer to a rejected row, saying which line it was on', () => {
    const r = check([customer('C1', ''), invoice('I1', 'C1'), payment('P1', 'C1', 'I1:10.00')]);
    expect(r.errors).toEqual([
      '2 name: is required',
      '3 customer_id: customer "C1" was rejected (line 2)',
      '4 customer_id: customer "C1" was rejected (line 2)',
      '4 allocations: invoice "I1" was rejected (line 3)',
    ]);
    expect(r.rejected).toEqual({ customer: 1, invoice: 1, payment: 1, creditNote: 0 });
  });

  it('rejects references to customers and invoices neither in the file nor in the database', () => {
    const r = check([customer('C1'), invoice('I1', 'C2'), payment('P1', 'C1', 'I9:10.00')]);
    expect(r.errors).toEqual(['3 customer_id: unknown customer "C2"', '4 allocations: unknown invoice "I9"']);
  });

  it('accepts references to rows an earlier import wrote, and asks the database only for those', () => {
    const known: KnownLedger = {
      customers: new Set(['C0']),
      invoices: new Map([['I0', { currency: 'EUR', customerExternalId: 'C0', total: 5000 }]]),
    };
    const rows = [customer('C1'), invoice('I1', 'C0'), payment('P1', 'C0', 'I0:50.00;I1:50.00')];
    const r = check(rows, known);
    expect(r.errors).toEqual([]);
    expect(r.kept).toEqual({ customer: ['C1'], invoice: ['I1'], payment: ['P1'], creditNote: [] });
    expect(referencedIds(r.parsed)).toEqual({ customers: ['C0'], invoices: ['I0'] });
  });

  it("refuses an allocation in another currency than the invoice, or to another customer's invoice", () => {
    const r = check([
      customer('C1'),
      customer('C2'),
      invoice('I1', 'C1', 'USD'),
      invoice('I2', 'C2'),
      payment('P1', 'C1', 'I1:10.00'),
      payment('P2', 'C1', 'I2:10.00'),
    ]);
    expect(r.errors).toEqual([
      '6 allocations: invoice "I1" is in USD, the payment in EUR',
      '7 allocations: invoice "I2" belongs to customer "C2", not "C1"',
    ]);
  });

  it("refuses the allocation that would take more than an invoice's total, payments first", () => {
    const r = check([
      customer('C1'),
      invoice('I1', 'C1'),
      credit('N1', 'C1', 'I1:30.00'),
      payment('P1', 'C1', 'I1:60.00'),
      payment('P2', 'C1', 'I1:40.00'),
    ]);
    expect(r.errors).toEqual([
      '4 allocations: would bring the amount allocated to invoice "I1" in this file to 130.00 EUR, more than its total 100.00 EUR',
    ]);
    expect(r.kept.payment).toEqual(['P1', 'P2']);
    expect(r.kept.creditNote).toEqual([]);
  });
});
