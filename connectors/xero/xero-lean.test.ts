// The sync's lean reading of list pages gives, for every field Relance reads, exactly what xero-node's
// models give (Xero's published examples and awkward records alike), and takes the list out of a real
// xero-node call without changing what xero-node does with errors and unreadable bodies.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountingApi, ObjectSerializer } from 'xero-node';
import type { z } from 'zod';
import { xeroSpecExample } from './sandbox/contract.ts';
import { toConnectorError } from './xero-errors.ts';
import { projector, takeList, takenList } from './xero-lean.ts';
import { contactSchema, creditNoteSchema, invoiceSchema, paymentSchema } from './xero-schemas.ts';

const KINDS: [string, string, string, z.ZodType][] = [
  ['getInvoices', 'Invoices', 'Invoice', invoiceSchema],
  ['getPayments', 'Payments', 'Payment', paymentSchema],
  ['getContacts', 'Contacts', 'Contact', contactSchema],
  ['getCreditNotes', 'CreditNotes', 'CreditNote', creditNoteSchema],
];

/**
 * What Relance reads from a record when xero-node builds the model, and when it is projected; a
 * value xero-node cannot read at all throws either way (the sync records that record as invalid).
 */
function bothWays(type: string, schema: z.ZodType, json: unknown) {
  const read = (make: () => unknown) => {
    let value: unknown;
    try {
      value = make();
    } catch (err) {
      return { thrown: (err as Error).name };
    }
    const r = schema.safeParse(value);
    return r.success
      ? { data: r.data }
      : { issues: r.error.issues.map((i) => [i.path.join('.'), i.message]) };
  };
  return {
    model: read(() => ObjectSerializer.deserialize(structuredClone(json), type)),
    projection: read(() => projector(type, schema)(structuredClone(json))),
  };
}

describe('lean projection of list records', () => {
  it.each(KINDS)("matches xero-node's models on the published %s example", (op, key, type, schema) => {
    const records = (xeroSpecExample(op) as Record<string, unknown[]>)[key] ?? [];
    expect(records.length).toBeGreaterThan(0);
    for (const json of records) {
      const { model, projection } = bothWays(type, schema, json);
      expect(model).toHaveProperty('data');
      expect(projection).toEqual(model);
    }
  });

  it("matches xero-node's models on awkward and malformed records", () => {
    const invoice = {
      InvoiceID: 'c1',
      InvoiceNumber: null,
      Type: 'ACCREC',
      Status: 'AUTHORISED',
      Contact: { ContactID: 'k1', Name: 'Acme', Phones: [] },
      Date: '/Date(1546128000000+0000)/',
      DueDate: '2019-01-31T00:00:00',
      CurrencyCode: 'GBP',
      Total: 12.5,
      AmountDue: 2.5,
      UpdatedDateUTC: '/Date(1546300800000+0000)/',
      LineItems: [{ Description: 'not read' }],
    };
    const cases: [string, z.ZodType, unknown][] = [
      ['Invoice', invoiceSchema, invoice],
      ['Invoice', invoiceSchema, { ...invoice, Total: 'twelve' }],
      ['Invoice', invoiceSchema, { ...invoice, Contact: null }],
      ['Invoice', invoiceSchema, { ...invoice, Contact: 'k1' }],
      ['Invoice', invoiceSchema, { ...invoice, Date: 'not a date', ExpectedPaymentDate: null }],
      ['Invoice', invoiceSchema, null],
      ['Invoice', invoiceSchema, 'not a record'],
      ['Invoice', invoiceSchema, [invoice]],
      [
        'Payment',
        paymentSchema,
        {
          PaymentID: 'p1',
          Date: '/Date(1546128000000+0000)/',
          Amount: 10,
          PaymentType: 'ACCRECPAYMENT',
          Invoice: { InvoiceID: 'c1', Type: 'ACCREC', CurrencyCode: 'GBP', Contact: { ContactID: 'k1' } },
        },
      ],
      [
        'Payment',
        paymentSchema,
        { PaymentID: 'p2', Date: '/Date(1546128000000)/', Amount: 1, Invoice: null },
      ],
      ['Contact', contactSchema, { ContactID: 'k2', Phones: 'none' }],
      [
        'Contact',
        contactSchema,
        {
          ContactID: 'k1',
          Name: 'Acme',
          ContactPersons: [{ EmailAddress: 'a@acme.test', IncludeInEmails: true }, null],
          Phones: [{ PhoneType: 'MOBILE', PhoneNumber: '07700 900123' }],
          PaymentTerms: { Sales: { Day: 30, Type: 'DAYSAFTERBILLDATE' } },
          Addresses: [{ AddressType: 'POBOX', Country: 'GB' }],
        },
      ],
      [
        'CreditNote',
        creditNoteSchema,
        {
          CreditNoteID: 'n1',
          Type: 'ACCRECCREDIT',
          Status: 'AUTHORISED',
          Date: '/Date(1546128000000+0000)/',
          CurrencyCode: 'GBP',
          Total: 5,
          Allocations: [{ Amount: 5, Date: '/Date(1546128000000+0000)/', Invoice: { InvoiceID: 'c1' } }],
        },
      ],
    ];
    for (const [type, schema, json] of cases) {
      const { model, projection } = bothWays(type, schema, json);
      expect(projection, JSON.stringify(json)).toEqual(model);
    }
  });
});

describe('taking a list out of a xero-node call', () => {
  let server: http.Server;
  let base = '';
  let answer: { status: number; body: string } = { status: 200, body: '{}' };
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const call = async () => {
    const api = new AccountingApi();
    api.basePath = base;
    api.accessToken = 'token';
    api.setDefaultAuthentication(takeList('Invoices'));
    return api.getInvoices('tenant');
  };

  it('hands over the JSON list and its pagination, and xero-node builds no invoice', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({
        pagination: { page: 1, pageSize: 1000, pageCount: 1, itemCount: 1 },
        Invoices: [{ InvoiceID: 'c1', Total: 1 }],
      }),
    };
    const result = await call();
    expect(takenList(result.response)).toEqual([{ InvoiceID: 'c1', Total: 1 }]);
    expect(result.body.invoices).toBeUndefined();
    expect(result.body.pagination?.itemCount).toBe(1);
  });

  it('leaves an answer cut short as text, with no list', async () => {
    answer = { status: 200, body: '{"Invoices":[{"InvoiceID":"c1"' };
    const result = await call();
    expect(takenList(result.response)).toBeNull();
    expect(result.body.invoices).toBeUndefined();
  });

  it("leaves error answers to xero-node's error handling", async () => {
    answer = {
      status: 400,
      body: JSON.stringify({
        Type: 'ValidationException',
        Elements: [{ ValidationErrors: [{ Message: 'Invoices: the date is wrong' }] }],
        Invoices: [],
      }),
    };
    const err = await call().then(
      () => null,
      (e: unknown) => toConnectorError(e, 'read invoices'),
    );
    expect(err?.message).toContain('the date is wrong');
    expect(err?.details.status).toBe(400);
  });
});
