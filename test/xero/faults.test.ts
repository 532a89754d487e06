// The sync against what Xero does when things go wrong: 429s of each kind, a call that never
// answers, a body cut short, the daily allowance running low, and two organisations of one consent
// sharing a rotating refresh token. One sandbox with Xero's limits enforced on a manual clock and a
// day of 10 calls (the connector keeps 2 of them, 20 %, for pre-send checks); one organisation each.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { xeroModule } from '../../connectors/xero/module.ts';
import type {
  GenerateXeroLedgerOptions,
  SandboxOrganisationOptions,
} from '../../connectors/xero/sandbox/index.ts';
import { shareRotatedTokens, type TokensJob } from '../../connectors/xero/xero-jobs.ts';
import { XERO_LIMITS, type XeroConnector } from '../../connectors/xero/xero-connector.ts';
import { createMemoryLimiter, type RateLimiter } from '../../connectors/sdk/rate-limiter.ts';
import { connectionContext, runSync } from '../../src/jobs/sync.ts';
import { getConnection, readTokens } from '../../src/store/repos/connections.ts';
import { salesCounts, startXeroHarness, storedCounts, type XeroHarness } from './harness.ts';

const tenant = (n: number) => `5d2f9b1e-0000-4c6a-8e11-0000000000${String(n).padStart(2, '0')}`;
const T = {
  minute: tenant(1),
  appminute: tenant(2),
  concurrent: tenant(3),
  day: tenant(4),
  hang: tenant(5),
  malformed: tenant(6),
  budget: tenant(7),
  siblingA: tenant(8),
  siblingB: tenant(9),
};
const DAY_MS = 86_400_000;
const small = { contacts: 6, invoices: 30, payments: 20 };
const org = (
  name: string,
  tenantId: string,
  ledger: Omit<GenerateXeroLedgerOptions, 'seed' | 'countryCode'>,
): SandboxOrganisationOptions => ({ name, countryCode: 'GB', tenantId, ledger: { seed: name, ...ledger } });

describe('Xero sync under faults', () => {
  let h: XeroHarness;
  // The limiter the syncs share, on a clock the tests can move forward (a 429's pause, a new day).
  const skew = { ms: 0 };
  let limiter: RateLimiter;

  beforeAll(async () => {
    h = await startXeroHarness({
      sandbox: {
        limits: { perMinute: 60, concurrent: 5, perDay: 10 },
        organisations: [
          org('Minute Ltd', T.minute, small),
          org('App Minute Ltd', T.appminute, small),
          org('Concurrent Ltd', T.concurrent, small),
          org('Day Ltd', T.day, { contacts: 5, invoices: 1300, payments: 200, salesShare: 1 }),
          org('Hang Ltd', T.hang, small),
          org('Malformed Ltd', T.malformed, small),
          org('Budget Ltd', T.budget, {
            contacts: 5,
            invoices: 2600,
            payments: 2100,
            creditNotes: 0,
            salesShare: 1,
          }),
          org('Sibling A Ltd', T.siblingA, small),
          org('Sibling B Ltd', T.siblingB, small),
        ],
      },
      connector: { reserveCalls: 2 },
    });
    limiter = createMemoryLimiter(XERO_LIMITS, () => Date.now() + skew.ms);
  }, 60_000);
  afterAll(() => h?.close());
  afterEach(() => h.sandbox.state.faults.clear());

  const calls = (tenantId: string) => h.sandbox.state.limits.usage(tenantId).calls;
  // A consent lists every organisation the user connected before too: pick this one's connection.
  const connectOne = async (tenantId: string) =>
    (await h.connect([tenantId])).body.connected.find((c) => c.tenantId === tenantId)?.connectionId as string;
  /** The next day, for the sandbox's allowance and for the limiter's pauses. */
  const nextDay = () => {
    h.clock.advance(DAY_MS);
    skew.ms += DAY_MS;
  };
  const expectComplete = async (connectionId: string, tenantId: string) => {
    const want = salesCounts(h.sandbox.state.org(tenantId));
    expect(await storedCounts(h.rt.db, connectionId)).toEqual({
      customers: want.contacts,
      invoices: want.invoices,
      payments: want.payments,
      creditNotes: want.creditNotes,
      duplicates: 0,
    });
    const conn = await getConnection(h.rt.db, connectionId);
    expect(conn).toMatchObject({
      status: 'active',
      lastError: null,
      checkpoint: { phase: 'done', paused: null },
    });
  };

  it.each([
    ['minute', T.minute, 1000],
    ['appminute', T.appminute, 1000],
    ['concurrent', T.concurrent, 0],
  ] as const)(
    'retries a %s 429 after its Retry-After and completes the sync',
    async (kind, tenantId, waitMs) => {
      const id = await connectOne(tenantId);
      const before = calls(tenantId);
      h.sandbox.state.faults.inject({ kind: `rate-limit-${kind}`, path: '/Invoices', retryAfterSeconds: 1 });
      const started = Date.now();
      const summary = await runSync(h.rt, h.connector, id, h.rt.limiter('xero', XERO_LIMITS), { full: true });
      // The minute limits pause the organisation in the shared limiter; "too many at once" only retries.
      expect(Date.now() - started).toBeGreaterThanOrEqual(waitMs - 50);
      expect(summary.pages).toBe(4);
      expect(calls(tenantId) - before).toBe(5); // four pages and the refused one
      expect(h.sandbox.state.faults.pending()).toEqual([]);
      await expectComplete(id, tenantId);
    },
  );

  it('pauses at a day 429 with its checkpoint and progress, and resumes the next day without re-reading', async () => {
    const id = await connectOne(T.day);
    const before = calls(T.day);
    // The day runs out on the second page of invoices (contacts, invoices 1, then this one).
    let acquired = 0;
    const stepping: RateLimiter = {
      acquire(key) {
        if (++acquired === 3) h.sandbox.state.faults.inject({ kind: 'rate-limit-day', path: '/Invoices' });
        return limiter.acquire(key);
      },
      penalize: (key, ms) => limiter.penalize(key, ms),
    };
    await runSync(h.rt, h.connector, id, stepping, { full: true });
    const paused = await getConnection(h.rt.db, id);
    expect(paused).toMatchObject({
      status: 'active',
      checkpoint: { phase: 'invoices', done: 1000, paused: { reason: 'daily_budget' } },
    });
    expect((await storedCounts(h.rt.db, id)).invoices).toBe(1000);
    expect(calls(T.day) - before).toBe(3);

    nextDay();
    await runSync(h.rt, h.connector, id, stepping);
    await expectComplete(id, T.day);
    // Resumed at the second page of invoices: the rest of the invoices, credit notes, payments.
    expect(calls(T.day) - before).toBe(3 + 3);
  });

  it('gives up on a call that never answers after the client timeout, retries it and completes', async () => {
    const quick = xeroModule(h.rt, {
      retry: { sleep: async () => undefined, baseMs: 1 },
      reserveCalls: 2,
      timeoutMs: 300,
    }).connector as XeroConnector;
    const id = await connectOne(T.hang);
    const before = calls(T.hang);
    h.sandbox.state.faults.inject({ kind: 'hang', path: '/Invoices' }); // no answer until the sandbox closes
    await runSync(h.rt, quick, id, limiter, { full: true });
    expect(calls(T.hang) - before).toBe(5);
    await expectComplete(id, T.hang);
  });

  it('retries a list answer cut short mid-JSON and completes without recording a bad record', async () => {
    const id = await connectOne(T.malformed);
    const before = calls(T.malformed);
    h.sandbox.state.faults.inject({ kind: 'malformed-json', path: '/Invoices' });
    const summary = await runSync(h.rt, h.connector, id, limiter, { full: true });
    expect(summary.invalid).toBe(0);
    expect(calls(T.malformed) - before).toBe(5);
    await expectComplete(id, T.malformed);
  });

  it('stops at 80 % of the day with its progress, keeps the rest for pre-send checks, resumes next day', async () => {
    const id = await connectOne(T.budget); // 1 call: the Organisation
    const before = calls(T.budget);
    await runSync(h.rt, h.connector, id, limiter, { full: true });
    const want = salesCounts(h.sandbox.state.org(T.budget));
    const stopped = await getConnection(h.rt.db, id);
    // 8 of 10 calls used: contacts, 3 pages of invoices, credit notes, 2 of 3 pages of payments.
    expect(h.sandbox.state.limits.usage(T.budget).dayRemaining).toBe(2);
    expect(calls(T.budget) - before).toBe(7);
    // Progress: 2,000 payments read (the one at the page boundary twice, as the cursor is
    // inclusive), and the page count of the query in progress.
    expect(stopped).toMatchObject({
      status: 'active',
      lastError: null,
      checkpoint: { phase: 'payments', done: 2000, paused: { reason: 'daily_budget', pageCount: 2 } },
    });
    const partial = await storedCounts(h.rt.db, id);
    expect(partial).toMatchObject({ invoices: want.invoices, payments: 1999, duplicates: 0 });

    // The reserve is still there: a pre-send re-read of open balances goes through.
    const ctx = connectionContext(h.rt, h.connector, stopped!, limiter);
    const [open] = await h.rt.db.query<{ external_id: string }>(
      `SELECT external_id FROM invoices WHERE connection_id = $1 AND status = 'open' LIMIT 1`,
      [id],
    );
    const balances = await h.connector.refetchOpenBalance(ctx, [open!.external_id]);
    expect(balances.has(open!.external_id)).toBe(true);

    nextDay();
    const resumedFrom = calls(T.budget);
    await runSync(h.rt, h.connector, id, limiter);
    expect(calls(T.budget) - resumedFrom).toBe(1); // only the last page of payments
    await expectComplete(id, T.budget);
  });

  it('shares a refreshed token between two organisations of one consent', async () => {
    const { body } = await h.connect([T.siblingA, T.siblingB]);
    const ids = Object.fromEntries(body.connected.map((c) => [c.tenantId, c.connectionId]));
    const a = ids[T.siblingA] as string;
    const b = ids[T.siblingB] as string;
    h.rt.queue.process<TokensJob>('xero.tokens', (job) => shareRotatedTokens(h.rt, job));
    const original = await readTokens(h.rt.db, h.rt.cipher, b);

    // A's access token is refused; A refreshes, rotating the consent's refresh token.
    h.sandbox.state.identity.expireAccessTokens();
    await runSync(h.rt, h.connector, a, limiter, { full: true });
    // The xero.tokens job passes the rotated token set on to B.
    for (let i = 0; i < 250; i++) {
      if ((await readTokens(h.rt.db, h.rt.cipher, b)).refreshToken !== original.refreshToken) break;
      await sleep(20);
    }
    // Past the old refresh token's 30-minute grace, B refreshes with the token A was given.
    h.clock.advance(31 * 60_000);
    await runSync(h.rt, h.connector, b, limiter, { full: true });
    await expectComplete(a, T.siblingA);
    await expectComplete(b, T.siblingB);

    // Without the sharing B would have held this one, which Xero now refuses.
    const { clientId, clientSecret } = h.sandbox.state.identity.options;
    const stale = await fetch(`${h.sandbox.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: original.refreshToken,
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    expect(stale.status).toBe(400);
    expect(await stale.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
