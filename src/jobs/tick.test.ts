import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storeKinds, type TestStore } from '../../test/support/stores.ts';
import { openDispute, recordPromise, setPaused } from '../store/repos/decisions.ts';
import { createFirm, importConnection } from '../store/repos/firms.ts';
import { upsertCustomers, upsertInvoices, upsertPayments, type InvoiceInput } from '../store/repos/ledger.ts';
import { tick } from './tick.ts';

// Tuesday 1 December 2026 at 10:30 in Paris (09:30 UTC), a business day inside the send window.
const T = '2026-12-01T09:30:00.000Z';

const invoice = (id: string, customer: string, due: string, total = 500_00): InvoiceInput => ({
  externalId: id,
  customerExternalId: customer,
  number: `F-${id}`,
  issueDate: '2026-10-01',
  dueDate: due,
  currency: 'EUR',
  total,
  openBalance: null,
  status: 'open',
});

describe.each(storeKinds)('a tick on %s', (kind) => {
  let store: TestStore;
  let firmId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    store = await openTestStore(kind);
    const db = store.db;
    firmId = (await createFirm(db, { name: 'Atelier Roux', country: 'FR' })).id;
    const conn = await importConnection(db, firmId);
    await upsertCustomers(
      db,
      firmId,
      conn,
      ['ALPHA', 'PAID', 'DISPUTE', 'PAUSED', 'PROMISE'].map((c) => ({
        externalId: c,
        name: c,
        emails: [`compta@${c.toLowerCase()}.example`],
      })),
    );
    // All long-standing customers (an old paid invoice), so the standard procedure applies.
    await upsertInvoices(db, firmId, conn, [
      ...['ALPHA', 'PAID', 'DISPUTE', 'PAUSED', 'PROMISE'].map((c) => ({
        ...invoice(`${c}-OLD`, c, '2025-03-01'),
        issueDate: '2025-02-01',
        openBalance: 0,
        status: 'paid' as const,
      })),
      invoice('A1', 'ALPHA', '2026-11-30'),
      invoice('A2', 'ALPHA', '2026-11-30', 120_00),
      invoice('P1', 'PAID', '2026-11-30'),
      invoice('D1', 'DISPUTE', '2026-11-30'),
      invoice('Z1', 'PAUSED', '2026-11-30'),
      invoice('R1', 'PROMISE', '2026-11-30'),
    ]);
    await upsertPayments(db, firmId, conn, [
      {
        externalId: 'PAY',
        customerExternalId: 'PAID',
        date: '2026-11-30',
        currency: 'EUR',
        amount: 500_00,
        unapplied: 0,
        status: 'active',
        allocations: [{ invoiceExternalId: 'P1', amount: 500_00 }],
      },
    ]);
    for (const r of await db.query<{ id: string; external_id: string }>(
      `SELECT id, external_id FROM invoices`,
    ))
      ids[r.external_id] = r.id;
    for (const r of await db.query<{ id: string; external_id: string }>(
      `SELECT id, external_id FROM customers`,
    ))
      ids[r.external_id] = r.id;
    await openDispute(db, firmId, 'test', {
      invoiceId: ids.D1,
      reasonCode: 'quality',
      reason: 'damaged goods',
    });
    await setPaused(db, firmId, 'test', { customerId: ids.PAUSED as string }, true, 'owner away');
    await recordPromise(
      db,
      firmId,
      'test',
      { customerId: ids.PROMISE, invoiceIds: [ids.R1], promisedDate: '2026-12-04' },
      '2026-11-30',
    );
  });
  afterAll(async () => store?.drop());

  const actions = () =>
    store.db.query<{ customer: string; step_id: string; invoices: string[]; status: string }>(
      `SELECT c.external_id AS customer, a.step_id, a.status,
         ARRAY(SELECT i.external_id FROM action_invoices ai JOIN invoices i ON i.id = ai.invoice_id WHERE ai.action_id = a.id ORDER BY 1) AS invoices
       FROM actions a JOIN customers c ON c.id = a.customer_id ORDER BY c.external_id, a.step_id`,
    );

  it('reminds only the customer who owes, in one message for both invoices, and not the payer, the disputed, the paused or the promised', async () => {
    const result = await tick(store.db, { at: T });
    expect(result.failures).toEqual([]);
    expect(await actions()).toEqual([
      { customer: 'ALPHA', step_id: 'reminder-1', invoices: ['A1', 'A2'], status: 'pending' },
    ]);
  });

  it('records nothing new when ticks at the same instant run again, even two at once', async () => {
    const [a, b] = await Promise.all([tick(store.db, { at: T }), tick(store.db, { at: T })]);
    expect(a.actions.length + b.actions.length).toBe(0);
    expect(await actions()).toHaveLength(1);
  });

  it('flags a broken promise and resumes the procedure for that invoice', async () => {
    // Promised for Friday 4 December, two business days of grace: broken on Wednesday 9 December.
    await tick(store.db, { at: '2026-12-07T09:30:00.000Z' });
    expect((await store.db.query(`SELECT status FROM promises`))[0]).toEqual({ status: 'open' });
    await tick(store.db, { at: '2026-12-09T09:30:00.000Z' });
    expect((await store.db.query(`SELECT status FROM promises`))[0]).toEqual({ status: 'broken' });
    const promised = (await actions()).filter((a) => a.customer === 'PROMISE');
    expect(promised.map((a) => a.invoices)).toEqual([['R1']]);
    const tasks = await store.db.query<{ kind: string }>(`SELECT kind FROM tasks WHERE customer_id = $1`, [
      ids.PROMISE,
    ]);
    expect(tasks.map((t) => t.kind)).toContain('promise_check');
  });
});
