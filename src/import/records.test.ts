import { describe, expect, it } from 'vitest';
import { parseLedger } from './parse-ledger.ts';
import { readCsv } from './read-csv.ts';
import { readJson } from './read-json.ts';

const HEADER =
  'record,id,customer_id,number,name,email,phone,language,country,time_zone,payment_terms_days,credit_limit,currency,issue_date,due_date,date,total,open_balance,amount,status,payment_link,allocations';
const COLUMNS = HEADER.split(',');

/** One CSV row from named cells, every other column blank. */
function row(cells: Record<string, string>): string {
  return COLUMNS.map((c) => {
    const v = cells[c] ?? '';
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
}

const invoice = (cells: Record<string, string> = {}) =>
  row({
    record: 'invoice',
    id: 'I1',
    customer_id: 'C1',
    number: 'F-1',
    issue_date: '2026-10-01',
    currency: 'EUR',
    total: '100.00',
    ...cells,
  });
const payment = (cells: Record<string, string> = {}) =>
  row({
    record: 'payment',
    id: 'P1',
    customer_id: 'C1',
    date: '2026-11-01',
    currency: 'EUR',
    amount: '100.00',
    ...cells,
  });
const customer = (cells: Record<string, string> = {}) =>
  row({ record: 'customer', id: 'C1', name: 'Nord', ...cells });

function csv(...rows: string[]) {
  return parseLedger(readCsv('l.csv', [HEADER, ...rows].join('\n')));
}

/** The one error of a one-row file, as "field: reason". */
function errorOf(r: string): string {
  const { errors } = csv(r);
  expect(errors).toHaveLength(1);
  return `${errors[0]?.field}: ${errors[0]?.reason}`;
}

describe('amounts', () => {
  it('converts decimal text to minor units of the currency', () => {
    const p = csv(
      invoice({ total: '1234.5', currency: 'eur' }),
      invoice({ id: 'I2', total: '1500', currency: 'JPY' }),
    );
    expect(p.rows.invoice.map((r) => [r.value.total, r.value.currency])).toEqual([
      [123450, 'EUR'],
      [1500, 'JPY'],
    ]);
  });

  it.each([
    [
      '1 234,50',
      'total: "1 234,50": expected an amount with a dot as decimal separator and no thousands separator, such as 1234.50',
    ],
    [
      '1,234.50',
      'total: "1,234.50": expected an amount with a dot as decimal separator and no thousands separator, such as 1234.50',
    ],
    [
      '€12.00',
      'total: "€12.00": expected an amount with a dot as decimal separator and no thousands separator, such as 1234.50',
    ],
    [
      '12.',
      'total: "12.": expected an amount with a dot as decimal separator and no thousands separator, such as 1234.50',
    ],
    ['-5.00', 'total: must not be negative'],
    ['12.345', 'total: "12.345" has more decimals than EUR allows (2 decimals)'],
  ])('refuses the total %s with a clear reason', (total, message) => {
    expect(errorOf(invoice({ total }))).toBe(message);
  });

  it('refuses decimals in a currency that has none', () => {
    expect(errorOf(invoice({ total: '100.5', currency: 'JPY' }))).toBe(
      'total: "100.5" has more decimals than JPY allows (no decimals)',
    );
  });

  it('accepts JSON numbers, and refuses those too large to read back exactly', () => {
    const p = parseLedger(
      readJson(
        'l.json',
        JSON.stringify({
          invoices: [
            {
              id: 'I1',
              customerId: 'C1',
              number: 'F-1',
              issueDate: '2026-10-01',
              currency: 'EUR',
              total: 99.95,
            },
            {
              id: 'I2',
              customerId: 'C1',
              number: 'F-2',
              issueDate: '2026-10-01',
              currency: 'EUR',
              total: 1e15,
            },
          ],
        }),
      ),
    );
    expect(p.rows.invoice.map((r) => r.value.total)).toEqual([9995]);
    expect(p.errors.map((e) => `${e.field}: ${e.reason}`)).toEqual([
      'invoices[1].total: write an amount this large as a string, such as "12345678901234.50"',
    ]);
  });
});

describe('invoices', () => {
  it('derives a blank open balance, and takes a paid invoice as owing nothing', () => {
    const p = csv(
      invoice(),
      invoice({ id: 'I2', status: 'paid' }),
      invoice({ id: 'I3', open_balance: '40.00', status: 'OPEN' }),
    );
    expect(p.rows.invoice.map((r) => [r.value.openBalance, r.value.status])).toEqual([
      [null, 'open'],
      [0, 'paid'],
      [4000, 'open'],
    ]);
  });

  it.each([
    [{ issue_date: '2026-02-30' }, 'issue_date: expected a YYYY-MM-DD date'],
    [{ issue_date: '01/10/2026' }, 'issue_date: expected a YYYY-MM-DD date'],
    [{ due_date: '2026-09-30' }, 'due_date: 2026-09-30 is before the issue date 2026-10-01'],
    [{ open_balance: '100.01' }, 'open_balance: 100.01 EUR is more than the total 100.00 EUR'],
    [{ status: 'paid', open_balance: '10.00' }, 'open_balance: must be 0 (or blank) on a paid invoice'],
    [{ status: 'cancelled' }, 'status: expected open, paid, void or draft'],
    [{ currency: 'EURO' }, 'currency: expected an ISO 4217 currency code such as EUR'],
    [{ currency: '' }, 'currency: is required'],
    [{ payment_link: 'pay.example.com/1' }, 'payment_link: expected an http(s) address'],
    [{ name: 'Nord' }, 'name: is not a field of an invoice'],
  ])('refuses %o', (cells, message) => {
    expect(errorOf(invoice(cells))).toBe(message);
  });
});

describe('customers', () => {
  it('reads contacts, language, country, time zone, terms and credit limit', () => {
    const p = csv(
      customer({
        email: 'ap@nord.fr; boss@nord.fr',
        phone: '+33 3 20 00 00 00',
        language: 'FR',
        country: 'be',
        time_zone: 'europe/brussels',
        payment_terms_days: '45',
        credit_limit: '5000',
        currency: 'EUR',
      }),
    );
    expect(p.rows.customer[0]?.value).toEqual({
      externalId: 'C1',
      name: 'Nord',
      emails: ['ap@nord.fr', 'boss@nord.fr'],
      phone: '+33 3 20 00 00 00',
      language: 'fr',
      country: 'BE',
      timeZone: 'Europe/Brussels',
      paymentTermsDays: 45,
      creditLimit: 500000,
      creditLimitCurrency: 'EUR',
    });
  });

  it.each([
    [{ email: 'ap@nord.fr;nord.fr' }, 'email: "nord.fr" is not an e-mail address'],
    [{ language: 'es' }, 'language: expected fr, en, nl or de'],
    [{ country: 'XX' }, 'country: expected an ISO 3166 country code such as FR'],
    [
      { time_zone: 'Europe/Bruxelles' },
      'time_zone: "Europe/Bruxelles" is not an IANA time zone such as Europe/Paris',
    ],
    [{ payment_terms_days: '30.5' }, 'payment_terms_days: expected a whole number of days'],
    [{ credit_limit: '5000.00' }, 'currency: is required with a credit limit (its currency)'],
    [{ name: '' }, 'name: is required'],
    [{ total: '10.00' }, 'total: is not a field of a customer'],
  ])('refuses %o', (cells, message) => {
    expect(errorOf(customer(cells))).toBe(message);
  });
});

describe('payments and credit notes', () => {
  it('reads allocations and works out what is left unapplied or remaining', () => {
    const p = csv(
      payment({ amount: '150.00', allocations: 'INV-1:100.00; INV-2:30' }),
      row({
        record: 'credit_note',
        id: 'N1',
        customer_id: 'C1',
        number: 'AV-1',
        date: '2026-11-02',
        currency: 'EUR',
        total: '50.00',
        allocations: 'INV-3:20.00',
      }),
    );
    expect(p.rows.payment[0]?.value).toMatchObject({
      amount: 15000,
      unapplied: 2000,
      status: 'active',
      allocations: [
        { invoiceExternalId: 'INV-1', amount: 10000 },
        { invoiceExternalId: 'INV-2', amount: 3000 },
      ],
    });
    expect(p.rows.creditNote[0]?.value).toMatchObject({ number: 'AV-1', total: 5000, remaining: 3000 });
  });

  it.each([
    [
      { allocations: 'INV-1=100.00' },
      'allocations: "INV-1=100.00": expected INVOICE_ID:AMOUNT pairs separated by ";", such as INV-1001:120.00;INV-1002:30.00',
    ],
    [
      { allocations: 'INV-1:100,00' },
      'allocations: amount for INV-1: "100,00": expected an amount with a dot as decimal separator and no thousands separator, such as 1234.50',
    ],
    [
      { allocations: 'INV-1:60.00;INV-2:50.00' },
      'allocations: allocate 110.00 EUR in all, more than the amount 100.00 EUR',
    ],
    [{ allocations: 'INV-1:60.00;INV-1:10.00' }, 'allocations: invoice INV-1 is allocated twice'],
    [{ allocations: 'INV-1:0' }, 'allocations: INV-1: must be more than 0'],
    [
      { allocations: 'INV-1:1.001' },
      'allocations: INV-1: "1.001" has more decimals than EUR allows (2 decimals)',
    ],
    [{ amount: '0.00' }, 'amount: must be more than 0'],
    [{ customer_id: '' }, 'customer_id: is required'],
  ])('refuses %o', (cells, message) => {
    expect(errorOf(payment(cells))).toBe(message);
  });

  it('names the allocation at fault in JSON', () => {
    const p = parseLedger(
      readJson(
        'l.json',
        JSON.stringify({
          payments: [
            {
              id: 'P1',
              customerId: 'C1',
              date: '2026-11-01',
              currency: 'EUR',
              amount: '10.00',
              allocations: [{ invoiceId: 'I1', amount: '5.00', note: 'x' }],
            },
          ],
        }),
      ),
    );
    expect(p.errors.map((e) => `${e.field}: ${e.reason}`)).toEqual([
      'payments[0].allocations[0].note: is not a field of a payment',
    ]);
  });
});

describe('duplicate ids', () => {
  it('keeps the first row with an id and reports the others, even when the first is bad', () => {
    const p = csv(
      invoice({ total: 'x' }),
      invoice({ number: 'F-2' }),
      customer(),
      customer({ name: 'Other' }),
    );
    expect(p.errors.map((e) => [e.line, e.field, e.reason])).toEqual([
      [
        2,
        'total',
        '"x": expected an amount with a dot as decimal separator and no thousands separator, such as 1234.50',
      ],
      [3, 'id', 'duplicate invoice id "I1" (first on line 2)'],
      [5, 'id', 'duplicate customer id "C1" (first on line 4)'],
    ]);
    expect(p.rows.customer.map((r) => r.value.name)).toEqual(['Nord']);
    expect(p.rejectedIds.invoice).toEqual(new Map([['I1', 2]]));
  });
});
