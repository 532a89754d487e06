// The whole flow over HTTP against the sandbox: OAuth connect, firm creation, full sync, CDC sync,
// aging against a hand-computed expectation, and a second sync that changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { getConnection, findConnection } from '../../src/store/repos/connections.ts';
import { getFirm } from '../../src/store/repos/firms.ts';
import { firmAging } from '../../src/store/repos/aging.ts';
import { runSync } from '../../src/jobs/sync.ts';
import { quickbooksLimiter } from '../../src/jobs/quickbooks-jobs.ts';
import { storeKinds } from '../support/stores.ts';
import { connectThroughOAuth, startHarness, type Harness } from './harness.ts';
import { AGING_AT, buildLedger, EXPECTED_AGING } from './ledger.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe.each(storeKinds)('QuickBooks connect and sync (%s)', (kind) => {
  it('connects through OAuth, creates the firm, syncs the ledger and ages it as computed by hand', async () => {
    h = await startHarness(kind, {
      companies: [{ companyName: 'Harbour & Pine Studio', country: 'US', currency: 'USD' }],
    });
    const realm = h.sandbox.state.company().realmId;
    const ids = buildLedger(h.sandbox.state.ledger(realm));

    const callback = await connectThroughOAuth(h);
    expect(callback.status).toBe(302);
    const conn = await findConnection(h.rt.db, 'quickbooks', realm);
    expect(conn?.status).toBe('active');
    expect(callback.headers.get('location')).toBe('/app/');
    const firm = await getFirm(h.rt.db, conn!.firmId);
    expect(firm).toMatchObject({
      name: 'Harbour & Pine Studio',
      country: 'US',
      baseCurrency: 'USD',
      reviewMode: true,
    });
    // Tokens are stored encrypted, never in clear.
    const [raw] = await h.rt.db.query<{ tokens: Buffer }>(`SELECT tokens FROM connections WHERE id = $1`, [
      conn!.id,
    ]);
    expect(raw!.tokens.toString('latin1')).not.toContain('access');

    await h.rt.queue.idle(); // the first sync was started by the callback
    expect(h.failures).toEqual([]);
    const invoices = await h.rt.db.query<{
      external_id: string;
      status: string;
      open_balance: number;
      payment_link: string | null;
    }>(
      `SELECT external_id, status, open_balance, payment_link FROM invoices WHERE connection_id = $1 ORDER BY external_id`,
      [conn!.id],
    );
    const byId = new Map(invoices.map((i) => [i.external_id, i]));
    expect(byId.get(ids.i5)?.status).toBe('void');
    expect(byId.get(ids.i2)).toMatchObject({ status: 'paid', open_balance: 0 });
    expect(byId.get(ids.i8)?.payment_link).toMatch(/^https:\/\/connect\.intuit\.com\//);
    const credit = await h.rt.db.query<{ amount: number }>(
      `SELECT ca.amount FROM credit_allocations ca JOIN invoices i ON i.id = ca.invoice_id WHERE i.external_id = $1`,
      [ids.i4],
    );
    expect(credit.map((c) => Number(c.amount))).toEqual([5000]);
    expect((await getConnection(h.rt.db, conn!.id))?.checkpoint).toMatchObject({ mode: 'cdc' });

    // A deletion in QuickBooks arrives through CDC.
    h.sandbox.state.ledger(realm).deleteInvoice(ids.i6);
    const cdc = await runSync(h.rt, h.qb.connector, conn!.id, quickbooksLimiter(h.rt));
    expect(cdc.written.invoices).toBe(1);
    const [deleted] = await h.rt.db.query<{ status: string }>(
      `SELECT status FROM invoices WHERE external_id = $1 AND connection_id = $2`,
      [ids.i6, conn!.id],
    );
    expect(deleted?.status).toBe('deleted');

    const aging = await firmAging(h.rt.db, conn!.firmId, AGING_AT);
    expect(Object.fromEntries(aging)).toEqual(EXPECTED_AGING);

    // Nothing changed upstream: neither CDC nor a full re-read writes anything.
    for (const full of [false, true]) {
      const again = await runSync(h.rt, h.qb.connector, conn!.id, quickbooksLimiter(h.rt), { full });
      expect(again.written).toEqual({ customers: 0, invoices: 0, payments: 0, creditNotes: 0 });
      expect(again.invalid + again.rejected).toBe(0);
    }
  });
});
