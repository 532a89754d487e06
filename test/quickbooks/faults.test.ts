// Faults at the HTTP edge, injected by the sandbox: each sync still completes with the whole ledger,
// or stops cleanly (a revoked grant) without a retry storm.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connector } from '../../connectors/sdk/connector.ts';
import { quickbooksLimiter } from '../../src/jobs/quickbooks-jobs.ts';
import { runSync } from '../../src/jobs/sync.ts';
import { getConnection, readTokens } from '../../src/store/repos/connections.ts';
import { connectDirect, startHarness, type Harness } from './harness.ts';

const INVOICES = 2300; // three invoice pages
let h: Harness;
let realm: string;
let next = 0;
const realms: string[] = [];

beforeAll(async () => {
  // One company per test: each test connects its own realm and starts from an empty store.
  const ledger = (seed: number) => ({
    ledger: {
      seed,
      customers: 40,
      invoices: INVOICES,
      payments: 600,
      startDate: '2026-01-01',
      endDate: '2026-10-31',
    },
  });
  h = await startHarness(
    'postgres',
    { companies: [1, 2, 3, 4, 5].map(ledger) },
    { retry: { retries: 12, baseMs: 5, maxMs: 40 } },
  );
  realms.push(...h.sandbox.state.companies.keys());
});
afterAll(() => h.close());
beforeEach(() => {
  h.sandbox.state.faults.clear();
  realm = realms[next++] as string;
});

const count = async (connectionId: string, table: string) =>
  Number(
    (
      await h.rt.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE connection_id = $1`, [
        connectionId,
      ])
    )[0]?.n,
  );
const sync = (connectionId: string, connector: Connector = h.qb.connector) =>
  runSync(h.rt, connector, connectionId, quickbooksLimiter(h.rt));

describe('QuickBooks sync under faults', () => {
  it('completes the whole ledger through 429 storms, 500s, 503 pages, timeouts and truncated JSON', async () => {
    const { connectionId } = await connectDirect(h, realm);
    const f = h.sandbox.state.faults;
    f.inject({ kind: 'throttle', count: 5, realmId: realm });
    f.inject({ kind: 'http-500', count: 2, realmId: realm, pathIncludes: '/query' });
    f.inject({ kind: 'http-503', count: 1, realmId: realm });
    f.inject({ kind: 'hang', count: 2, realmId: realm });
    f.inject({ kind: 'invalid-json', count: 1, realmId: realm });
    const before = h.sandbox.state.stats(realm).throttled;
    const summary = await sync(connectionId);
    expect(f.pending()).toEqual([]);
    expect(h.sandbox.state.stats(realm).throttled - before).toBe(5);
    expect(summary.invalid + summary.rejected).toBe(0);
    expect(await count(connectionId, 'invoices')).toBe(INVOICES);
    expect(await count(connectionId, 'payments')).toBe(h.sandbox.state.company(realm).payments.size);
  });

  it('records a malformed entity, skips it and completes the sync', async () => {
    const { connectionId } = await connectDirect(h, realm);
    // After the customers page, so the broken record is an invoice.
    const breaking: Connector = {
      ...h.qb.connector,
      async *pull(ctx, since) {
        let pages = 0;
        for await (const batch of h.qb.connector.pull(ctx, since)) {
          yield batch;
          if (++pages === 1)
            h.sandbox.state.faults.inject({
              kind: 'malformed-entity',
              count: 1,
              realmId: realm,
              pathIncludes: '/query',
            });
        }
      },
    };
    const summary = await sync(connectionId, breaking);
    expect(summary.invalid).toBe(1);
    const issues = await h.rt.db.query<{ entity: string; external_id: string; reason: string }>(
      `SELECT entity, external_id, reason FROM sync_issues WHERE connection_id = $1 AND entity = 'Invoice'`,
      [connectionId],
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.reason).toMatch(/TotalAmt|CurrencyRef|CustomerRef/);
    expect(await count(connectionId, 'invoices')).toBe(INVOICES - 1);
    // Only payments of that one invoice could not be linked.
    const others = await h.rt.db.query<{ reason: string }>(
      `SELECT reason FROM sync_issues WHERE connection_id = $1 AND entity <> 'Invoice'`,
      [connectionId],
    );
    for (const o of others) expect(o.reason).toBe(`unknown invoice "${issues[0]?.external_id}"`);
  });

  it('refreshes an access token that expires in the middle of a sync and persists the rotated refresh token', async () => {
    const { connectionId } = await connectDirect(h, realm);
    const before = await readTokens(h.rt.db, h.rt.cipher, connectionId);
    const expiring: Connector = {
      ...h.qb.connector,
      async *pull(ctx, since) {
        let pages = 0;
        for await (const batch of h.qb.connector.pull(ctx, since)) {
          yield batch;
          if (++pages === 2) h.sandbox.state.oauth.expireAccessTokens(realm);
        }
      },
    };
    await sync(connectionId, expiring);
    expect(await count(connectionId, 'invoices')).toBe(INVOICES);
    const after = await readTokens(h.rt.db, h.rt.cipher, connectionId);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect((await getConnection(h.rt.db, connectionId))?.status).toBe('active');
  });

  it('resumes an interrupted sync from its checkpoint without losing or duplicating records', async () => {
    const { connectionId } = await connectDirect(h, realm);
    const crashing: Connector = {
      ...h.qb.connector,
      async *pull(ctx, since) {
        let pages = 0;
        for await (const batch of h.qb.connector.pull(ctx, since)) {
          yield batch;
          if (++pages === 2) throw new Error('worker killed');
        }
      },
    };
    await expect(sync(connectionId, crashing)).rejects.toThrow('worker killed');
    expect((await getConnection(h.rt.db, connectionId))?.checkpoint).toMatchObject({
      mode: 'full',
      entity: 'Invoice',
      position: 1001,
    });
    const calls = h.counter.calls;
    await sync(connectionId);
    // Resumed: customers and the first invoice page are not read again.
    expect(h.counter.calls - calls).toBe(2 + 1 + 1); // invoices 1001–2300 (2 pages), credit memos, payments; nothing else
    expect(await count(connectionId, 'invoices')).toBe(INVOICES);
  });

  it('marks the connection needs_reconnect on a revoked refresh token and stops without a retry storm', async () => {
    const { connectionId } = await connectDirect(h, realm);
    const tokens = await readTokens(h.rt.db, h.rt.cipher, connectionId);
    h.sandbox.state.oauth.revoke(tokens.refreshToken);
    const calls = h.sandbox.state.stats(realm).calls;
    const summary = await sync(connectionId);
    expect(summary.pages).toBe(0);
    const conn = await getConnection(h.rt.db, connectionId);
    expect(conn?.status).toBe('needs_reconnect');
    expect(conn?.lastError).toMatch(/reconnect/);
    expect(h.sandbox.state.stats(realm).calls - calls).toBeLessThanOrEqual(1); // one refused call, then nothing
    await sync(connectionId); // a later job does nothing at all
    expect(h.sandbox.state.stats(realm).calls - calls).toBeLessThanOrEqual(1);
  });
});
