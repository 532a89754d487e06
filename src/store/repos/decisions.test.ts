import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storeKinds, type TestStore } from '../../../test/support/stores.ts';
import { DecisionError } from '../../core/decisions.ts';
import { auditTrail } from './audit.ts';
import {
  addNote,
  assignSegmentByHand,
  completeTask,
  createPaymentPlan,
  createTask,
  NotFoundError,
  openDispute,
  recordPromise,
  resolveDispute,
  setPaused,
  worklist,
} from './decisions.ts';
import { createFirm, importConnection } from './firms.ts';
import { upsertCustomers, upsertInvoices } from './ledger.ts';

const TODAY = '2026-11-23';

describe.each(storeKinds)('decisions on %s', (kind) => {
  let store: TestStore;
  let firmId: string;
  let otherFirmId: string;
  let customerId: string;
  let inv: Record<string, string>;
  beforeAll(async () => {
    store = await openTestStore(kind);
    const db = store.db;
    firmId = (await createFirm(db, { name: 'Verhoeven BV', country: 'NL' })).id;
    otherFirmId = (await createFirm(db, { name: 'Other', country: 'FR' })).id;
    const conn = await importConnection(db, firmId);
    await upsertCustomers(db, firmId, conn, [
      { externalId: 'K1', name: 'Bakkerij Jansen', emails: ['boekhouding@jansen.example'] },
    ]);
    await upsertInvoices(
      db,
      firmId,
      conn,
      ['A', 'B', 'C'].map((x, n) => ({
        externalId: x,
        customerExternalId: 'K1',
        number: `2026-${x}`,
        issueDate: '2026-09-01',
        dueDate: '2026-10-01',
        currency: 'EUR',
        total: (n + 1) * 100_00,
        openBalance: (n + 1) * 100_00,
        status: 'open' as const,
      })),
    );
    customerId = ((await db.query<{ id: string }>(`SELECT id FROM customers`))[0] as { id: string }).id;
    inv = Object.fromEntries(
      (await db.query<{ id: string; external_id: string }>(`SELECT id, external_id FROM invoices`)).map(
        (r) => [r.external_id, r.id],
      ),
    );
  });
  afterAll(async () => store?.drop());

  it('records a promise with who and when, and refuses a date in the past naming the field', async () => {
    await expect(
      recordPromise(
        store.db,
        firmId,
        'anna',
        { customerId, invoiceIds: [inv.A], promisedDate: '2026-11-01' },
        TODAY,
      ),
    ).rejects.toThrow('promisedDate: must be today (2026-11-23) or later');
    const { id } = await recordPromise(
      store.db,
      firmId,
      'anna',
      { customerId, invoiceIds: [inv.A], promisedDate: '2026-12-05' },
      TODAY,
    );
    const trail = await auditTrail(store.db, firmId);
    expect(trail.find((t) => t.entity_id === id)).toMatchObject({
      actor: 'anna',
      action: 'promise.recorded',
    });
  });

  it('refuses a payment plan whose instalments do not add up, then accepts one that does', async () => {
    const base = { customerId, invoiceIds: [inv.B] };
    await expect(
      createPaymentPlan(
        store.db,
        firmId,
        'anna',
        { ...base, instalments: [{ dueDate: '2026-12-01', amount: 100_00 }] },
        TODAY,
      ),
    ).rejects.toBeInstanceOf(DecisionError);
    await createPaymentPlan(
      store.db,
      firmId,
      'anna',
      {
        ...base,
        instalments: [
          { dueDate: '2026-12-01', amount: 100_00 },
          { dueDate: '2027-01-01', amount: 100_00 },
        ],
      },
      TODAY,
    );
    const [plan] = await store.db.query(`SELECT starting_balance, status FROM payment_plans`);
    expect(plan).toEqual({ starting_balance: 200_00, status: 'active' });
  });

  it('opens a dispute that marks the invoice and adds a worklist task, and resolves it', async () => {
    const { id } = await openDispute(store.db, firmId, 'bram', {
      invoiceId: inv.C,
      reasonCode: 'quality',
      reason: 'Broden kwamen beschadigd aan',
    });
    await expect(
      openDispute(store.db, firmId, 'bram', { invoiceId: inv.C, reasonCode: 'quality', reason: 'again' }),
    ).rejects.toThrow(/already in dispute/);
    const [c] = await store.db.query(`SELECT disputed FROM invoices WHERE id = $1`, [inv.C]);
    expect(c).toEqual({ disputed: true });
    expect((await worklist(store.db, firmId, '2026-12-31')).map((t) => t.kind)).toContain('dispute');
    await resolveDispute(store.db, firmId, 'bram', id, 'credit note issued');
    const [after] = await store.db.query(`SELECT disputed FROM invoices WHERE id = $1`, [inv.C]);
    expect(after).toEqual({ disputed: false });
  });

  it('pauses and resumes a customer, and keeps notes and tasks', async () => {
    await setPaused(store.db, firmId, 'anna', { customerId }, true, 'owner on holiday');
    expect(await store.db.query(`SELECT paused FROM customers WHERE id = $1`, [customerId])).toEqual([
      { paused: true },
    ]);
    await setPaused(store.db, firmId, 'anna', { customerId }, false);
    await addNote(store.db, firmId, 'anna', { customerId, body: 'Called, will pay Friday' });
    const { id } = await createTask(store.db, firmId, 'anna', {
      customerId,
      title: 'Call back',
      dueDate: '2026-11-24',
      assignee: 'anna',
    });
    expect((await worklist(store.db, firmId, '2026-11-24', 'anna')).some((t) => t.id === id)).toBe(true);
    await completeTask(store.db, firmId, 'anna', id);
    expect((await worklist(store.db, firmId, '2026-11-24', 'anna')).some((t) => t.id === id)).toBe(false);
  });

  it("answers not found for another firm's customer or invoice, and writes nothing", async () => {
    const auditBefore = (await auditTrail(store.db, otherFirmId)).length;
    await expect(addNote(store.db, otherFirmId, 'eve', { customerId, body: 'x' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      setPaused(store.db, otherFirmId, 'eve', { invoiceId: inv.A as string }, true),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      openDispute(store.db, otherFirmId, 'eve', { invoiceId: inv.A, reasonCode: 'other', reason: 'x' }),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect((await auditTrail(store.db, otherFirmId)).length).toBe(auditBefore);
  });

  it('moves a customer to a segment by hand, which the rules then leave alone, and back', async () => {
    const [gentle] = await store.db.query<{ id: string }>(
      `SELECT s.id FROM segments s JOIN procedures p ON p.id = s.procedure_id WHERE s.firm_id = $1 AND p.key = 'gentle'`,
      [firmId],
    );
    await assignSegmentByHand(store.db, firmId, 'anna', customerId, (gentle as { id: string }).id);
    expect(
      await store.db.query(`SELECT segment_id, segment_manual FROM customers WHERE id = $1`, [customerId]),
    ).toEqual([{ segment_id: (gentle as { id: string }).id, segment_manual: true }]);
    await assignSegmentByHand(store.db, firmId, 'anna', customerId, null);
    expect(await store.db.query(`SELECT segment_manual FROM customers WHERE id = $1`, [customerId])).toEqual([
      { segment_manual: false },
    ]);
    await expect(assignSegmentByHand(store.db, otherFirmId, 'eve', customerId, null)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('names the field of a malformed decision', async () => {
    await expect(
      recordPromise(
        store.db,
        firmId,
        'anna',
        { customerId, invoiceIds: [], promisedDate: '2026-12-01' },
        TODAY,
      ),
    ).rejects.toThrow('invoiceIds: expected at least one invoice');
    await expect(
      openDispute(store.db, firmId, 'anna', { invoiceId: inv.A, reasonCode: 'angry', reason: 'x' }),
    ).rejects.toThrow(/^reasonCode: expected one of/);
  });
});
