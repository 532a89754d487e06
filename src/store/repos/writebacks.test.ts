import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../../../test/support/stores.ts';
import { openDispute, recordPromise, resolveDispute } from './decisions.ts';
import { createFirm, importConnection } from './firms.ts';
import { upsertCustomers, upsertInvoices } from './ledger.ts';

describe('write-backs queued with the decisions they report', () => {
  let store: TestStore;
  let firmId: string;
  let hostInvoice: string;
  let importedInvoice: string;
  let customerId: string;
  beforeAll(async () => {
    store = await openTestStore('postgres');
    const db = store.db;
    firmId = (await createFirm(db, { name: 'Host firm', country: 'GB' })).id;
    const [host] = await db.query<{ id: string }>(
      `INSERT INTO connections (firm_id, platform, external_tenant_id) VALUES ($1, 'quickbooks', 'realm-1') RETURNING id`,
      [firmId],
    );
    const imported = await importConnection(db, firmId);
    for (const conn of [host!.id, imported]) {
      await upsertCustomers(db, firmId, conn, [
        { externalId: 'C', name: 'Customer', emails: ['ap@c.example'] },
      ]);
      await upsertInvoices(db, firmId, conn, [
        {
          externalId: 'I',
          customerExternalId: 'C',
          number: 'I-1',
          issueDate: '2026-10-01',
          dueDate: '2026-10-31',
          currency: 'GBP',
          total: 100_00,
          openBalance: 100_00,
          status: 'open',
        },
      ]);
    }
    const rows = await db.query<{ id: string; customer_id: string; connection_id: string }>(
      `SELECT id, customer_id, connection_id FROM invoices`,
    );
    hostInvoice = rows.find((r) => r.connection_id === host!.id)!.id;
    importedInvoice = rows.find((r) => r.connection_id === imported)!.id;
    customerId = rows.find((r) => r.connection_id === host!.id)!.customer_id;
  });
  afterAll(async () => store?.drop());

  const queued = () =>
    store.db.query<{ kind: string; value: string; invoice_id: string }>(
      `SELECT kind, payload->>'value' AS value, invoice_id FROM writebacks ORDER BY created_at, kind`,
    );

  it('queues a dated note and the promised date for a promise, once, only for invoices in a host', async () => {
    await recordPromise(
      store.db,
      firmId,
      'anna',
      { customerId, invoiceIds: [hostInvoice], promisedDate: '2026-12-10' },
      '2026-12-01',
    );
    expect(await queued()).toEqual([
      { kind: 'expected_payment_date', value: '2026-12-10', invoice_id: hostInvoice },
      { kind: 'note', value: 'Relance 2026-12-01: promise to pay by 2026-12-10.', invoice_id: hostInvoice },
    ]);
  });

  it('queues notes for a dispute opened and resolved, and none for an imported invoice', async () => {
    const { id } = await openDispute(store.db, firmId, 'anna', {
      invoiceId: hostInvoice,
      reasonCode: 'wrong_invoice',
      reason: 'billed twice',
    });
    await resolveDispute(store.db, firmId, 'anna', id, 'duplicate credited');
    await openDispute(store.db, firmId, 'anna', {
      invoiceId: importedInvoice,
      reasonCode: 'other',
      reason: 'x',
    });
    const notes = (await queued())
      .filter((w) => w.kind === 'note')
      .map((w) => w.value.replace(/^Relance \d{4}-\d{2}-\d{2}: /, ''));
    expect(notes).toEqual([
      'promise to pay by 2026-12-10.',
      'disputed (wrong invoice): billed twice',
      'dispute resolved: duplicate credited',
    ]);
    expect((await queued()).every((w) => w.invoice_id === hostInvoice)).toBe(true);
  });
});
