import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storeKinds, type TestStore } from '../../test/support/stores.ts';
import { createFirm, importConnection, setReviewMode } from '../store/repos/firms.ts';
import { upsertCustomers, upsertInvoices, type InvoiceInput } from '../store/repos/ledger.ts';
import { claimDue, markSent, releaseExpired } from './outbox.ts';
import { presendCheck } from './presend-check.ts';
import { tick } from './tick.ts';

const T = '2026-12-01T09:30:00.000Z';
const inv = (id: string, customer: string): InvoiceInput => ({
  externalId: id,
  customerExternalId: customer,
  number: id,
  issueDate: '2025-10-01',
  dueDate: '2026-11-30',
  currency: 'EUR',
  total: 300_00,
  openBalance: 300_00,
  status: 'open',
});

describe.each(storeKinds)('the outbox on %s', (kind) => {
  let store: TestStore;
  let sending: string;
  let reviewing: string;
  beforeAll(async () => {
    store = await openTestStore(kind);
    const db = store.db;
    sending = (await createFirm(db, { name: 'Sends', country: 'BE' })).id;
    reviewing = (await createFirm(db, { name: 'Reviews', country: 'BE' })).id;
    await setReviewMode(db, sending, false, 'test');
    for (const firm of [sending, reviewing]) {
      const conn = await importConnection(db, firm);
      const customers = ['K1', 'K2', 'K3', 'K4'];
      await upsertCustomers(
        db,
        firm,
        conn,
        customers.map((c) => ({ externalId: c, name: c, emails: [`ap@${c}.example`] })),
      );
      await upsertInvoices(
        db,
        firm,
        conn,
        customers.map((c) => inv(`I-${c}`, c)),
      );
    }
    await tick(db, { at: T });
  });
  afterAll(async () => store?.drop());

  it('never claims for a firm in review mode, and two workers never claim the same action', async () => {
    const [a, b] = await Promise.all([
      claimDue(store.db, { now: T, workerId: 'w1', limit: 2, domain: 'relance.test' }),
      claimDue(store.db, { now: T, workerId: 'w2', limit: 10, domain: 'relance.test' }),
    ]);
    const all = [...a, ...b];
    expect(all.length).toBe(4);
    expect(new Set(all.map((x) => x.id)).size).toBe(4);
    expect(all.every((x) => x.firmId === sending)).toBe(true);
    expect(all.every((x) => x.effectKey === `<${x.id}@relance.test>`)).toBe(true);
  });

  it('gives an abandoned claim back when its lease runs out, with the same effect key', async () => {
    const later = '2026-12-01T09:40:00.000Z';
    expect(await releaseExpired(store.db, later)).toBe(4);
    const again = await claimDue(store.db, { now: later, workerId: 'w3', limit: 10, domain: 'other.test' });
    expect(again).toHaveLength(4);
    // A lease lost to a dead worker is not a failed attempt; the retry knows the key was used before.
    expect(again.every((x) => x.effectKey === `<${x.id}@relance.test>` && x.attempts === 0 && x.reused)).toBe(
      true,
    );
    // Only the current holder can finish it.
    const first = again[0]!;
    await markSent(store.db, first, 'w1', { providerId: 'x', sentAt: later, dropped: [] });
    expect((await store.db.query(`SELECT status FROM actions WHERE id = $1`, [first.id]))[0]).toEqual({
      status: 'sending',
    });
    await markSent(store.db, first, 'w3', { providerId: 'x', sentAt: later, dropped: [] });
    expect((await store.db.query(`SELECT status FROM actions WHERE id = $1`, [first.id]))[0]).toEqual({
      status: 'sent',
    });
  });

  it('drops an invoice the host says was paid since, and updates the store', async () => {
    const claimed = (
      await store.db.query<{ id: string }>(`SELECT id FROM actions WHERE status = 'sending' LIMIT 1`)
    )[0]!;
    const action = (
      await claimDue(store.db, {
        now: '2026-12-01T10:00:00.000Z',
        workerId: 'w4',
        limit: 0,
        domain: 'relance.test',
      })
    )[0];
    expect(action).toBeUndefined();
    const a = { id: claimed.id, firmId: sending, customerId: '', kind: 'step' as const } as Parameters<
      typeof presendCheck
    >[1];
    a.customerId = (
      await store.db.query<{ customer_id: string }>(`SELECT customer_id FROM actions WHERE id = $1`, [
        claimed.id,
      ])
    )[0]!.customer_id;
    const result = await presendCheck(store.db, a, '2026-12-01', (_conn, ids) =>
      Promise.resolve(new Map(ids.map((id) => [id, { amount: 0, currency: 'EUR' }]))),
    );
    expect(result.keep).toEqual([]);
    expect(result.dropped.map((d) => d.reason)).toEqual(['paid or credited']);
    const [row] = await store.db.query(
      `SELECT i.status, i.open_balance FROM action_invoices ai JOIN invoices i ON i.id = ai.invoice_id WHERE ai.action_id = $1`,
      [claimed.id],
    );
    expect(row).toEqual({ status: 'paid', open_balance: 0 });
  });
});
