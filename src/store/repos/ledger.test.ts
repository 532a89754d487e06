import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storeKinds, type TestStore } from '../../../test/support/stores.ts';
import { createFirm, importConnection } from './firms.ts';
import {
  upsertCreditNotes,
  upsertCustomers,
  upsertInvoices,
  upsertPayments,
  type InvoiceInput,
} from './ledger.ts';

const inv = (over: Partial<InvoiceInput> & { externalId: string }): InvoiceInput => ({
  customerExternalId: 'C1',
  number: over.externalId,
  issueDate: '2026-10-01',
  dueDate: '2026-10-31',
  currency: 'EUR',
  total: 100_00,
  openBalance: null,
  status: 'open',
  ...over,
});

describe.each(storeKinds)('ledger upserts on %s', (kind) => {
  let store: TestStore;
  let firmId: string;
  let conn: string;
  beforeAll(async () => {
    store = await openTestStore(kind);
    firmId = (await createFirm(store.db, { name: 'Dupont SARL', country: 'FR' })).id;
    conn = await importConnection(store.db, firmId);
  });
  afterAll(async () => store?.drop());

  const balances = async () =>
    Object.fromEntries(
      (
        await store.db.query<{ external_id: string; open_balance: number; status: string }>(
          `SELECT external_id, open_balance, status FROM invoices WHERE connection_id = $1 ORDER BY external_id`,
          [conn],
        )
      ).map((r) => [r.external_id, [r.open_balance, r.status]]),
    );

  it('writes new rows, then changes nothing when the same rows arrive again', async () => {
    const customers = [{ externalId: 'C1', name: 'Brasserie du Port', emails: ['compta@brasserie.example'] }];
    expect((await upsertCustomers(store.db, firmId, conn, customers)).changed).toEqual(['C1']);
    expect((await upsertCustomers(store.db, firmId, conn, customers)).changed).toEqual([]);

    const invoices = [inv({ externalId: 'F1' }), inv({ externalId: 'F2', total: 250_00 })];
    expect((await upsertInvoices(store.db, firmId, conn, invoices)).changed.sort()).toEqual(['F1', 'F2']);
    const before = await store.db.query(`SELECT id, updated_at FROM invoices ORDER BY id`);
    expect((await upsertInvoices(store.db, firmId, conn, invoices)).changed).toEqual([]);
    expect(await store.db.query(`SELECT id, updated_at FROM invoices ORDER BY id`)).toEqual(before);
  });

  it('derives the open balance from a payment that settles two invoices, and marks the settled one paid', async () => {
    const payment = {
      externalId: 'P1',
      customerExternalId: 'C1',
      date: '2026-11-05',
      currency: 'EUR',
      amount: 150_00,
      unapplied: 0,
      status: 'active' as const,
      allocations: [
        { invoiceExternalId: 'F1', amount: 100_00 },
        { invoiceExternalId: 'F2', amount: 50_00 },
      ],
    };
    expect((await upsertPayments(store.db, firmId, conn, [payment])).changed).toEqual(['P1']);
    expect(await balances()).toEqual({ F1: [0, 'paid'], F2: [200_00, 'open'] });
    expect((await upsertPayments(store.db, firmId, conn, [payment])).changed).toEqual([]);

    // A credit note applied to the rest; then the payment is voided and the first invoice reopens.
    await upsertCreditNotes(store.db, firmId, conn, [
      {
        externalId: 'A1',
        customerExternalId: 'C1',
        number: 'AV-1',
        date: '2026-11-10',
        currency: 'EUR',
        total: 200_00,
        remaining: 0,
        status: 'active',
        allocations: [{ invoiceExternalId: 'F2', amount: 200_00 }],
      },
    ]);
    expect(await balances()).toEqual({ F1: [0, 'paid'], F2: [0, 'paid'] });
    await upsertPayments(store.db, firmId, conn, [{ ...payment, status: 'void' }]);
    expect(await balances()).toEqual({ F1: [100_00, 'open'], F2: [50_00, 'open'] });
  });

  it('rejects rows that refer to unknown customers or invoices, naming them, and keeps the good ones', async () => {
    const res = await upsertInvoices(store.db, firmId, conn, [
      inv({ externalId: 'F3', customerExternalId: 'NOPE' }),
      inv({ externalId: 'F4' }),
    ]);
    expect(res.changed).toEqual(['F4']);
    expect(res.rejected.get('F3')).toBe('unknown customer "NOPE"');
    const pay = await upsertPayments(store.db, firmId, conn, [
      {
        externalId: 'P2',
        customerExternalId: 'C1',
        date: '2026-11-20',
        currency: 'EUR',
        amount: 10_00,
        unapplied: 0,
        status: 'active',
        allocations: [{ invoiceExternalId: 'F99', amount: 10_00 }],
      },
    ]);
    expect(pay.rejected.get('P2')).toBe('unknown invoice "F99"');
  });

  it('takes a balance the platform gives as it is', async () => {
    await upsertInvoices(store.db, firmId, conn, [
      inv({ externalId: 'Q1', openBalance: 40_00 }),
      inv({ externalId: 'Q2', openBalance: 0, status: 'paid' }),
    ]);
    const b = await balances();
    expect(b.Q1).toEqual([40_00, 'open']);
    expect(b.Q2).toEqual([0, 'paid']);
  });
});
