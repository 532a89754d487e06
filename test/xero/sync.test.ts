import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/jobs/sync.ts';
import { firmAging } from '../../src/store/repos/aging.ts';
import { getConnection } from '../../src/store/repos/connections.ts';
import { getFirm } from '../../src/store/repos/firms.ts';
import { XERO_LIMITS } from '../../connectors/xero/xero-connector.ts';
import { startXeroHarness, type XeroHarness } from './harness.ts';

const A = '6f5e7c2a-1111-4a5b-9c3d-000000000001';
const B = '6f5e7c2a-2222-4a5b-9c3d-000000000002';

describe('Xero: connect two organisations, sync their books', () => {
  let h: XeroHarness;
  let connections: Record<string, string>;
  let firms: Record<string, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await startXeroHarness({
      sandbox: {
        organisations: [
          { name: 'Atelier Lumière SRL', countryCode: 'BE', tenantId: A, ledger: null },
          { name: 'Harbour & Pine Ltd', countryCode: 'GB', tenantId: B, ledger: null },
        ],
      },
    });
    // A ledger built by hand: partial payment, credit note, void, a paid invoice, two currencies.
    const org = h.sandbox.state.org(A);
    const c1 = org.addContact({ name: 'Brasserie Verte', email: 'ap@brasserie.example' });
    const c2 = org.addContact({ name: 'Garage Dupont', email: 'compta@dupont.example' });
    ids.inv1 = org.addInvoice({
      contactId: c1.id,
      total: '1000.00',
      currency: 'EUR',
      date: '2026-01-01',
      dueDate: '2026-01-31',
    }).id;
    ids.inv2 = org.addInvoice({
      contactId: c1.id,
      total: '500.00',
      currency: 'USD',
      currencyRate: 1.08,
      date: '2026-03-01',
      dueDate: '2026-04-15',
    }).id;
    ids.inv3 = org.addInvoice({
      contactId: c2.id,
      total: '300.00',
      currency: 'EUR',
      date: '2025-11-01',
      dueDate: '2025-12-01',
    }).id;
    ids.inv4 = org.addInvoice({
      contactId: c2.id,
      total: '250.00',
      currency: 'EUR',
      date: '2026-02-01',
      dueDate: '2026-03-01',
    }).id;
    ids.inv5 = org.addInvoice({
      contactId: c2.id,
      total: '80.00',
      currency: 'EUR',
      date: '2026-02-20',
      dueDate: '2026-03-20',
    }).id;
    org.addPayment({ invoiceId: ids.inv1, amount: '400.00', date: '2026-02-15' });
    org.addCreditNote({
      contactId: c2.id,
      total: '100.00',
      date: '2026-01-10',
      allocations: [{ invoiceId: ids.inv3, amount: '100.00', date: '2026-01-10' }],
    });
    org.voidInvoice(ids.inv4);
    org.addPayment({ invoiceId: ids.inv5, amount: '80.00', date: '2026-03-25' });
    org.addInvoice({ contactId: c2.id, total: '70.00', type: 'ACCPAY', date: '2026-03-01' }); // a bill: not chased
  }, 60_000);
  afterAll(() => h?.close());

  it('creates one firm per organisation of a single consent, named from its Organisation', async () => {
    const res = await h.connect([A, B]);
    expect(res.status).toBe(200);
    expect(res.body.connected.map((c) => c.tenantId).sort()).toEqual([A, B]);
    connections = Object.fromEntries(res.body.connected.map((c) => [c.tenantId, c.connectionId]));
    firms = Object.fromEntries(res.body.connected.map((c) => [c.tenantId, c.firmId]));
    const be = await getFirm(h.rt.db, firms[A] as string);
    const gb = await getFirm(h.rt.db, firms[B] as string);
    expect(be).toMatchObject({
      name: 'Atelier Lumière SRL',
      country: 'BE',
      baseCurrency: 'EUR',
      timeZone: 'Europe/Paris',
    });
    expect(gb).toMatchObject({
      name: 'Harbour & Pine Ltd',
      country: 'GB',
      baseCurrency: 'GBP',
      timeZone: 'Europe/London',
    });
  });

  it('reconnects the same organisations to the same firms on a second consent', async () => {
    const res = await h.connect([A]);
    const a = res.body.connected.find((c) => c.tenantId === A);
    expect(a).toMatchObject({ firmId: firms[A], connectionId: connections[A], reconnected: true });
  });

  it('syncs sales invoices, payments and credit notes, and ages them as computed by hand', async () => {
    const limiter = h.rt.limiter('xero', XERO_LIMITS);
    const summary = await runSync(h.rt, h.connector, connections[A] as string, limiter, { full: true });
    expect(summary.written).toEqual({ customers: 2, invoices: 5, payments: 2, creditNotes: 1 });
    expect(summary.invalid + summary.rejected).toBe(0);
    const rows = await h.rt.db.query<{
      external_id: string;
      status: string;
      open_balance: string;
      currency: string;
    }>(`SELECT external_id, status, open_balance::text, currency FROM invoices WHERE connection_id = $1`, [
      connections[A],
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.external_id, r]));
    expect(by[ids.inv1 as string]).toMatchObject({ status: 'open', open_balance: '60000', currency: 'EUR' });
    expect(by[ids.inv2 as string]).toMatchObject({ status: 'open', open_balance: '50000', currency: 'USD' });
    expect(by[ids.inv3 as string]).toMatchObject({ status: 'open', open_balance: '20000' });
    expect(by[ids.inv4 as string]).toMatchObject({ status: 'void' });
    expect(by[ids.inv5 as string]).toMatchObject({ status: 'paid', open_balance: '0' });
    // As of 31 March 2026: INV1 59 days late (600 EUR), INV3 120 days late (200 EUR), INV2 not due (500 USD).
    const aging = await firmAging(h.rt.db, firms[A] as string, '2026-03-31');
    expect(aging.get('EUR')).toEqual({
      not_due: 0,
      d1_30: 0,
      d31_60: 60000,
      d61_90: 0,
      d90_plus: 20000,
      total: 80000,
    });
    expect(aging.get('USD')).toEqual({
      not_due: 50000,
      d1_30: 0,
      d31_60: 0,
      d61_90: 0,
      d90_plus: 0,
      total: 50000,
    });
  });

  it('reads only what changed on the next sync, and a second run writes nothing', async () => {
    const limiter = h.rt.limiter('xero', XERO_LIMITS);
    h.clock.advance(3_600_000);
    h.sandbox.state
      .org(A)
      .addPayment({ invoiceId: ids.inv1 as string, amount: '600.00', date: '2026-03-31' });
    const before = h.sandbox.state.limits.usage(A);
    const summary = await runSync(h.rt, h.connector, connections[A] as string, limiter);
    expect(summary.written.payments).toBe(1);
    expect(summary.written.invoices).toBe(1);
    const [row] = await h.rt.db.query<{ status: string }>(
      `SELECT status FROM invoices WHERE external_id = $1`,
      [ids.inv1],
    );
    expect(row?.status).toBe('paid');
    const again = await runSync(h.rt, h.connector, connections[A] as string, limiter);
    expect(again.written).toEqual({ customers: 0, invoices: 0, payments: 0, creditNotes: 0 });
    expect(before).toBeDefined();
  });

  it('keeps the checkpoint finished and the connection active', async () => {
    const conn = await getConnection(h.rt.db, connections[A] as string);
    expect(conn).toMatchObject({ status: 'active', lastError: null });
    expect(conn?.checkpoint).toMatchObject({ phase: 'done' });
  });
});
