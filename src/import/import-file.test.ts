import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storeKinds, type TestStore } from '../../test/support/stores.ts';
import type { Db, Sql } from '../store/db.ts';
import { firmAging } from '../store/repos/aging.ts';
import { createFirm, getFirm } from '../store/repos/firms.ts';
import { ImportError, importFile } from './index.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../test/fixtures/import');
const fixture = (name: string) => path.join(FIXTURES, name);

/** Every ledger row of a firm, keyed by external ids (database ids differ between imports). */
async function dumpLedger(sql: Sql, firmId: string, withTimes = false) {
  const times = withTimes ? ', x.created_at, x.updated_at' : '';
  const customers = await sql.query(
    `SELECT x.external_id, x.name, x.emails, x.phone, x.language, x.time_zone, x.country, x.payment_terms_days,
       x.credit_limit, x.credit_limit_currency, x.active${times}${withTimes ? ', x.next_wake_at' : ''}
     FROM customers x WHERE x.firm_id = $1 ORDER BY x.external_id`,
    [firmId],
  );
  const invoices = await sql.query(
    `SELECT x.external_id, c.external_id AS customer, x.number, x.issue_date, x.due_date, x.currency, x.total,
       x.open_balance, x.open_balance_derived, x.status, x.payment_link${times}
     FROM invoices x JOIN customers c ON c.id = x.customer_id WHERE x.firm_id = $1 ORDER BY x.external_id`,
    [firmId],
  );
  const payments = await sql.query(
    `SELECT x.external_id, c.external_id AS customer, x.date, x.currency, x.amount, x.unapplied, x.status${times},
       (SELECT json_agg(json_build_array(i.external_id, a.amount) ORDER BY i.external_id)
          FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id WHERE a.payment_id = x.id) AS allocations
     FROM payments x JOIN customers c ON c.id = x.customer_id WHERE x.firm_id = $1 ORDER BY x.external_id`,
    [firmId],
  );
  const creditNotes = await sql.query(
    `SELECT x.external_id, c.external_id AS customer, x.number, x.date, x.currency, x.total, x.remaining, x.status${times},
       (SELECT json_agg(json_build_array(i.external_id, a.amount, a.date) ORDER BY i.external_id)
          FROM credit_allocations a JOIN invoices i ON i.id = a.invoice_id WHERE a.credit_note_id = x.id) AS allocations
     FROM credit_notes x JOIN customers c ON c.id = x.customer_id WHERE x.firm_id = $1 ORDER BY x.external_id`,
    [firmId],
  );
  return { customers, invoices, payments, creditNotes };
}

const exampleCounts = {
  customers: { read: 8, written: 8, unchanged: 0, rejected: 0 },
  invoices: { read: 27, written: 27, unchanged: 0, rejected: 0 },
  payments: { read: 8, written: 8, unchanged: 0, rejected: 0 },
  creditNotes: { read: 2, written: 2, unchanged: 0, rejected: 0 },
};

describe.each(storeKinds)('importing a ledger into the %s store', (kind) => {
  let store: TestStore;
  let db: Db;
  let tmp: string;
  beforeAll(async () => {
    store = await openTestStore(kind);
    db = store.db;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-import-'));
  });
  afterAll(async () => {
    await store?.drop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('imports the example CSV and JSON into identical ledgers, creating the firm', async () => {
    const json = await importFile(db, {
      firmName: 'Lumen JSON',
      file: fixture('example-ledger.json'),
      country: 'BE',
    });
    const csv = await importFile(db, { firmName: 'Lumen CSV', file: fixture('example-ledger.csv') });
    expect(json).toMatchObject({ created: true, counts: exampleCounts, errors: [] });
    expect(csv).toMatchObject({ created: true, counts: exampleCounts, errors: [] });
    expect(await dumpLedger(db, csv.firmId)).toEqual(await dumpLedger(db, json.firmId));
    expect(await getFirm(db, json.firmId)).toMatchObject({
      country: 'BE',
      baseCurrency: 'EUR',
      timeZone: 'Europe/Brussels',
    });

    const { invoices, payments, creditNotes } = await dumpLedger(db, csv.firmId);
    const byId = new Map(invoices.map((i) => [i.external_id, i]));
    // Balances derived from the allocations; the given balance kept; void and draft as given.
    expect(byId.get('INV-1002')).toMatchObject({
      open_balance: 100000,
      status: 'open',
      open_balance_derived: true,
    });
    expect(byId.get('INV-1009')).toMatchObject({ open_balance: 0, status: 'paid' });
    expect(byId.get('INV-1007')).toMatchObject({ open_balance: 184000, status: 'open' });
    expect(byId.get('INV-0950')).toMatchObject({ open_balance: 120000, open_balance_derived: false });
    expect(byId.get('INV-1016')).toMatchObject({ status: 'void' });
    expect(byId.get('INV-1020')).toMatchObject({ due_date: null });
    expect(payments.find((p) => p.external_id === 'PAY-5008')).toMatchObject({
      amount: 250000,
      unapplied: 15000,
    });
    expect(creditNotes.find((n) => n.external_id === 'CN-7002')).toMatchObject({
      remaining: 10000,
      allocations: [['INV-1007', 20000, '2026-11-12']],
    });
  });

  it('gives the aged balance worked out by hand as of 2026-11-30', async () => {
    const expected = JSON.parse(fs.readFileSync(fixture('example-aging-2026-11-30.json'), 'utf8')) as {
      asOf: string;
      byCurrency: Record<string, unknown>;
    };
    const report = await importFile(db, { firmName: 'Lumen aging', file: fixture('example-ledger.csv') });
    const aging = await firmAging(db, report.firmId, expected.asOf);
    expect(Object.fromEntries(aging)).toEqual(expected.byCurrency);
  });

  it('changes nothing when the same file is imported again, in either format', async () => {
    const first = await importFile(db, { firmName: 'Lumen again', file: fixture('example-ledger.json') });
    // The planner moves wake-up times on; a re-import must not pull them back.
    await db.query(`UPDATE customers SET next_wake_at = '2026-12-01T08:00:00Z' WHERE firm_id = $1`, [
      first.firmId,
    ]);
    const before = await dumpLedger(db, first.firmId, true);
    const auditBefore = await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE firm_id = $1`, [
      first.firmId,
    ]);

    for (const file of ['example-ledger.json', 'example-ledger.csv']) {
      const again = await importFile(db, { firmName: 'Lumen again', file: fixture(file) });
      expect(again.created).toBe(false);
      expect(again.firmId).toBe(first.firmId);
      expect(again.errors).toEqual([]);
      for (const c of Object.values(again.counts))
        expect(c).toEqual({ read: c.read, written: 0, unchanged: c.read, rejected: 0 });
    }
    expect(await dumpLedger(db, first.firmId, true)).toEqual(before);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM audit_log WHERE firm_id = $1`, [first.firmId]),
    ).toEqual(auditBefore);
  });

  it('writes what changed in a new version of the file, and only that', async () => {
    const first = await importFile(db, { firmName: 'Lumen update', file: fixture('example-ledger.json') });
    const ledger = JSON.parse(fs.readFileSync(fixture('example-ledger.json'), 'utf8'));
    ledger.payments.push({
      id: 'PAY-5009',
      customerId: 'CUST-002',
      date: '2026-12-04',
      currency: 'EUR',
      amount: '4500.00',
      allocations: [{ invoiceId: 'INV-1005', amount: '4500.00' }],
    });
    ledger.customers[7].email = 'garage.lefebvre@orange.fr';
    const file = path.join(tmp, 'ledger-v2.json');
    fs.writeFileSync(file, JSON.stringify(ledger, null, 2));
    const second = await importFile(db, { firmName: 'Lumen update', file });
    expect(second.counts).toEqual({
      customers: { read: 8, written: 1, unchanged: 7, rejected: 0 },
      invoices: { read: 27, written: 0, unchanged: 27, rejected: 0 },
      payments: { read: 9, written: 1, unchanged: 8, rejected: 0 },
      creditNotes: { read: 2, written: 0, unchanged: 2, rejected: 0 },
    });
    const { invoices } = await dumpLedger(db, first.firmId);
    expect(invoices.find((i) => i.external_id === 'INV-1005')).toMatchObject({
      open_balance: 0,
      status: 'paid',
    });
  });

  it('reports each bad CSV row with its line and field, and keeps the good rows', async () => {
    const report = await importFile(db, { firmName: 'Bad CSV', file: fixture('bad-rows.csv') });
    const file = fixture('bad-rows.csv');
    expect(report.errors).toEqual([
      { file, line: 6, field: 'customer_id', reason: 'unknown customer "C9"' },
      { file, line: 7, field: 'due_date', reason: 'expected a YYYY-MM-DD date' },
      {
        file,
        line: 8,
        field: 'total',
        reason:
          '"1 234,50": expected an amount with a dot as decimal separator and no thousands separator, such as 1234.50',
      },
      { file, line: 10, field: 'id', reason: 'duplicate invoice id "I1" (first on line 5)' },
      { file, line: 11, field: 'number', reason: 'is required' },
      { file, line: 13, field: 'allocations', reason: 'invoice "I5" is in USD, the payment in EUR' },
      { file, line: 14, field: 'allocations', reason: 'invoice "I4" was rejected (line 8)' },
      {
        file,
        line: 16,
        field: 'record',
        reason: '"custmer" is not customer, invoice, payment or credit_note',
      },
    ]);
    expect(report.counts).toEqual({
      customers: { read: 2, written: 2, unchanged: 0, rejected: 0 },
      invoices: { read: 7, written: 2, unchanged: 0, rejected: 5 },
      payments: { read: 3, written: 1, unchanged: 0, rejected: 2 },
      creditNotes: { read: 1, written: 1, unchanged: 0, rejected: 0 },
    });
    const ledger = await dumpLedger(db, report.firmId);
    expect(ledger.customers.map((c) => [c.external_id, c.name])).toEqual([
      ['C1', 'Atelier Nord\nService comptabilité'],
      ['C2', 'Bistro Sud'],
    ]);
    expect(ledger.invoices.map((i) => [i.external_id, i.number, i.open_balance])).toEqual([
      ['I1', 'F-1', 1000],
      ['I5', 'F-5', 8000],
    ]);
    expect(ledger.payments.map((p) => p.external_id)).toEqual(['P1']);
    expect(ledger.creditNotes.map((n) => n.external_id)).toEqual(['N1']);
  });

  it('reports each bad JSON record at the line of the field at fault, and keeps the good ones', async () => {
    const report = await importFile(db, { firmName: 'Bad JSON', file: fixture('bad-rows.json') });
    const file = fixture('bad-rows.json');
    expect(report.errors).toEqual([
      { file, line: 18, field: 'invoices[1].customerId', reason: 'unknown customer "C9"' },
      { file, line: 30, field: 'invoices[2].dueDate', reason: 'expected a YYYY-MM-DD date' },
      {
        file,
        line: 41,
        field: 'invoices[3].total',
        reason:
          '"1 234,50": expected an amount with a dot as decimal separator and no thousands separator, such as 1234.50',
      },
      { file, line: 53, field: 'invoices[5].id', reason: 'duplicate invoice id "I1" (first on line 7)' },
      { file, line: 61, field: 'invoices[6].number', reason: 'is required' },
      {
        file,
        line: 85,
        field: 'payments[1].allocations[0]',
        reason: 'invoice "I5" is in USD, the payment in EUR',
      },
      { file, line: 93, field: 'payments[2].allocations[0]', reason: 'invoice "I4" was rejected (line 34)' },
    ]);
    const ledger = await dumpLedger(db, report.firmId);
    expect(ledger.invoices.map((i) => [i.external_id, i.open_balance])).toEqual([
      ['I1', 1000],
      ['I5', 8000],
    ]);
    expect([ledger.customers.length, ledger.payments.length, ledger.creditNotes.length]).toEqual([2, 1, 1]);
  });

  it('accepts rows that refer to what an earlier import wrote', async () => {
    const firmName = 'Two files';
    const customers = path.join(tmp, 'customers.csv');
    fs.writeFileSync(customers, 'record,id,name\ncustomer,C1,Nord\n');
    const invoices = path.join(tmp, 'invoices.csv');
    fs.writeFileSync(
      invoices,
      'record,id,customer_id,number,issue_date,currency,total,date,amount,allocations\n' +
        'invoice,I1,C1,F-1,2026-10-01,EUR,100.00,,,\n' +
        'payment,P1,C1,,,EUR,,2026-11-01,40.00,I1:40.00\n',
    );
    await importFile(db, { firmName, file: customers });
    const second = await importFile(db, { firmName, file: invoices });
    expect(second.errors).toEqual([]);
    const payment = path.join(tmp, 'payment.csv');
    fs.writeFileSync(
      payment,
      'record,id,customer_id,date,currency,amount,allocations\npayment,P2,C1,2026-11-02,USD,10.00,I1:10.00\n',
    );
    const third = await importFile(db, { firmName, file: payment });
    expect(third.errors).toEqual([
      { file: payment, line: 2, field: 'allocations', reason: 'invoice "I1" is in EUR, the payment in USD' },
    ]);
    const { invoices: rows } = await dumpLedger(db, second.firmId);
    expect(rows.map((i) => [i.external_id, i.open_balance])).toEqual([['I1', 6000]]);
  });

  it('writes nothing at all when the import fails part-way', async () => {
    const failing: Db = {
      ...db,
      tx: (fn) =>
        db.tx((sql) =>
          fn({
            query: (text, params) => {
              if (/INSERT INTO payments/.test(text)) throw new Error('connection lost');
              return sql.query(text, params);
            },
          }),
        ),
    };
    await expect(
      importFile(failing, { firmName: 'Half written', file: fixture('example-ledger.csv') }),
    ).rejects.toThrow('connection lost');
    expect(await db.query(`SELECT id FROM firms WHERE name = 'Half written'`)).toEqual([]);
    expect(
      await db.query(
        `SELECT count(*)::int AS n FROM customers c JOIN firms f ON f.id = c.firm_id WHERE f.name = 'Half written'`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('refuses a firm name that several firms share, listing their ids', async () => {
    const a = await createFirm(db, { name: 'Twice', country: 'FR' });
    const b = await createFirm(db, { name: 'Twice', country: 'BE' });
    await expect(importFile(db, { firmName: 'Twice', file: fixture('example-ledger.csv') })).rejects.toThrow(
      `2 firms are named "Twice" (${a.id}, ${b.id}): rename all but one first`,
    );
  });

  it.each([
    ['a file that does not exist', 'missing.csv', 'missing.csv: no such file'],
    [
      'an unknown extension',
      'ledger.xlsx',
      'ledger.xlsx: unknown file type ".xlsx": expected a .csv or .json file',
    ],
  ])('gives one clear error for %s, and creates no firm', async (_name, name, message) => {
    const file = path.join(tmp, name);
    if (name.endsWith('.xlsx')) fs.writeFileSync(file, 'PK');
    const err = await importFile(db, { firmName: `Nothing ${name}`, file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message).toBe(path.join(tmp, message));
    expect(await db.query(`SELECT id FROM firms WHERE name = $1`, [`Nothing ${name}`])).toEqual([]);
  });

  it('gives one error with line and column for malformed JSON, and one for text that is not UTF-8', async () => {
    const bad = path.join(tmp, 'broken.json');
    fs.writeFileSync(bad, '{\n  "customers": [\n    { "id": "C1", "name": "Nord", }\n  ]\n}\n');
    await expect(importFile(db, { firmName: 'Broken', file: bad })).rejects.toThrow(
      `${bad}:3:35: not valid JSON: expected a property name in double quotes`,
    );
    const latin1 = path.join(tmp, 'latin1.csv');
    fs.writeFileSync(latin1, Buffer.from('record,id,name\ncustomer,C1,Caf\xe9\n', 'latin1'));
    await expect(importFile(db, { firmName: 'Latin', file: latin1 })).rejects.toThrow(
      `${latin1}: is not UTF-8 text`,
    );
  });

  it('refuses options it cannot use, naming them', async () => {
    await expect(
      importFile(db, { firmName: 'Opts', file: fixture('example-ledger.csv'), timeZone: 'Mars/Olympus' }),
    ).rejects.toThrow('timeZone: "Mars/Olympus" is not an IANA time zone such as Europe/Paris');
    await expect(importFile(db, { firmName: ' ', file: fixture('example-ledger.csv') })).rejects.toThrow(
      'firmName: must not be empty',
    );
  });
});
