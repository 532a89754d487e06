// Webhooks (signed, classic and CloudEvents, duplicated, reordered, forged, replayed), write-back
// (notes once per key, the status without destroying the firm's text), balances before a send,
// and the browser endpoints (state checks, launch, disconnect).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudEventsPayload, signWebhookBody } from '../../connectors/quickbooks/sandbox/index.ts';
import { signState, stateKey } from '../../connectors/quickbooks/oauth-state.ts';
import { quickbooksLimiter } from '../../src/jobs/quickbooks-jobs.ts';
import { connectionContext, runSync } from '../../src/jobs/sync.ts';
import { getConnection, readTokens } from '../../src/store/repos/connections.ts';
import { connectDirect, startHarness, type Harness } from './harness.ts';
import { buildLedger } from './ledger.ts';

let h: Harness;
let realm: string;
let conn: { connectionId: string; firmId: string };
let ids: ReturnType<typeof buildLedger>;

const invoice = async (externalId: string) =>
  (
    await h.rt.db.query<{ id: string; status: string; open_balance: number; updated_at: Date }>(
      `SELECT id, status, open_balance, updated_at FROM invoices WHERE connection_id = $1 AND external_id = $2`,
      [conn.connectionId, externalId],
    )
  )[0];
const post = (body: string, headers: Record<string, string>) =>
  fetch(`${h.appUrl}/webhooks/quickbooks`, { method: 'POST', body, headers });
const ctx = async () =>
  connectionContext(
    h.rt,
    h.qb.connector,
    (await getConnection(h.rt.db, conn.connectionId))!,
    quickbooksLimiter(h.rt),
  );

beforeAll(async () => {
  h = await startHarness('postgres', { companies: [{ currency: 'USD' }, { customFields: [] }] });
  realm = h.sandbox.state.company().realmId;
  ids = buildLedger(h.sandbox.state.ledger(realm));
  conn = await connectDirect(h, realm);
  await runSync(h.rt, h.qb.connector, conn.connectionId, quickbooksLimiter(h.rt));
  await h.sandbox.state.webhooks.flush(); // what the ledger building announced: nothing new
  await h.rt.queue.idle();
});
afterAll(() => h.close());

describe('QuickBooks webhooks', () => {
  it('re-reads a payment and the invoices it settles, whatever the order or the duplicates, and cancels what was planned for them', async () => {
    const i3 = (await invoice(ids.i3))!;
    const [action] = await h.rt.db.query<{ id: string }>(
      `INSERT INTO actions (firm_id, customer_id, key, kind, channel, template, tone, target_date, due_at, status)
       SELECT firm_id, customer_id, 'test-reminder', 'step', 'email', 'reminder_1', 1, '2026-12-01', now(), 'pending' FROM invoices WHERE id = $1
       RETURNING id`,
      [i3.id],
    );
    await h.rt.db.query(`INSERT INTO action_invoices (action_id, invoice_id) VALUES ($1, $2)`, [
      action!.id,
      i3.id,
    ]);
    h.sandbox.state
      .ledger(realm)
      .recordPayment({ txnDate: '2026-11-25', lines: [{ invoiceId: ids.i3, amount: '200.00' }] });
    h.sandbox.state.ledger(realm).editInvoice(ids.i8, { amount: '350.00' });
    const sent = await h.sandbox.state.webhooks.flush({ order: 'reversed', duplicate: true });
    expect(sent.every((d) => d.attempts.at(-1)?.status === 200)).toBe(true);
    await h.rt.queue.idle();
    expect(await invoice(ids.i3)).toMatchObject({ status: 'paid', open_balance: 0 });
    expect(Number((await invoice(ids.i8))?.open_balance)).toBe(35_000);
    const [after] = await h.rt.db.query<{ status: string }>(`SELECT status FROM actions WHERE id = $1`, [
      action!.id,
    ]);
    expect(after?.status).toBe('cancelled');
    expect(h.failures).toEqual([]);
  });

  it('accepts CloudEvents posted as application/cloudevents+json', async () => {
    h.sandbox.state.ledger(realm).editInvoice(ids.i8, { amount: '360.00' });
    const body = cloudEventsPayload([
      { realmId: realm, entity: 'Invoice', id: ids.i8, operation: 'Update', atMs: Date.now() } as never,
    ]);
    const res = await post(body, {
      'content-type': 'application/cloudevents+json',
      'intuit-signature': signWebhookBody(body, h.sandbox.state.options.webhookVerifierToken),
    });
    expect(res.status).toBe(200);
    await h.rt.queue.idle();
    expect(Number((await invoice(ids.i8))?.open_balance)).toBe(36_000);
  });

  it('rejects a forged signature with 401 and changes nothing', async () => {
    h.sandbox.state.ledger(realm).editInvoice(ids.i8, { amount: '999.00' });
    const body = cloudEventsPayload([
      { realmId: realm, entity: 'Invoice', id: ids.i8, operation: 'Update', atMs: Date.now() } as never,
    ]);
    for (const signature of [signWebhookBody(body, 'not-the-verifier'), '', 'AAAA']) {
      const res = await post(body, { 'content-type': 'application/json', 'intuit-signature': signature });
      expect(res.status).toBe(401);
    }
    await h.rt.queue.idle();
    expect(Number((await invoice(ids.i8))?.open_balance)).toBe(36_000);
  });

  it('is harmless when a delivery is replayed', async () => {
    const delivery = h.sandbox.state.webhooks.deliveries[0]!;
    const before = await invoice(ids.i3);
    const replayed = await h.sandbox.state.webhooks.replay(delivery.id);
    expect(replayed.attempts.at(-1)?.status).toBe(200);
    await h.rt.queue.idle();
    expect(await invoice(ids.i3)).toEqual(before);
  });

  it('acknowledges a realm it does not know without doing anything', async () => {
    const body = JSON.stringify({
      eventNotifications: [
        {
          realmId: '999999',
          dataChangeEvent: { entities: [{ name: 'Invoice', id: '1', operation: 'Update' }] },
        },
      ],
    });
    const res = await post(body, {
      'content-type': 'application/json',
      'intuit-signature': signWebhookBody(body, h.sandbox.state.options.webhookVerifierToken),
    });
    expect(res.status).toBe(200);
  });
});

describe('QuickBooks write-back', () => {
  it('adds the note once per idempotency key, even when retried', async () => {
    const c = await ctx();
    const action = {
      kind: 'note' as const,
      invoiceExternalId: ids.i1,
      text: 'Relance 2026-12-01: 2nd reminder sent',
      idempotencyKey: 'action-42:sent',
    };
    const first = await h.qb.connector.writeBack(c, action);
    const second = await h.qb.connector.writeBack(c, action);
    expect(second.externalId).toBe(first.externalId);
    const notes = [...h.sandbox.state.company(realm).attachables.values()].filter((a) =>
      a.refs.some((r) => r.value === ids.i1),
    );
    expect(notes).toHaveLength(1);
    expect(notes[0]?.note).toMatch(/^Relance \d{4}-\d{2}-\d{2}: 2nd reminder sent \[relance:[0-9a-f]{12}\]$/);
  });

  it("writes the collection status into the firm's Collection status custom field", async () => {
    await h.qb.connector.writeBack(await ctx(), {
      kind: 'status',
      invoiceExternalId: ids.i1,
      status: '2nd reminder sent 2026-12-01',
      idempotencyKey: 's1',
    });
    expect(h.sandbox.state.company(realm).invoice(Number(ids.i1)).customFields?.[0]).toBe(
      '2nd reminder sent 2026-12-01',
    );
  });

  it('without a custom field, replaces only its own PrivateNote line and keeps what the firm wrote', async () => {
    const other = [...h.sandbox.state.companies.keys()][1]!;
    const l = h.sandbox.state.ledger(other);
    const cust = String(l.addCustomer({ displayName: 'Zed' }).Id);
    const inv = String(
      l.addInvoice({ customerId: cust, amount: '10.00', privateNote: 'Call Anna before chasing' }).Id,
    );
    const c2 = await connectDirect(h, other);
    const c = connectionContext(
      h.rt,
      h.qb.connector,
      (await getConnection(h.rt.db, c2.connectionId))!,
      quickbooksLimiter(h.rt),
    );
    await h.qb.connector.writeBack(c, {
      kind: 'status',
      invoiceExternalId: inv,
      status: '1st reminder sent 2026-11-01',
      idempotencyKey: 'a',
    });
    await h.qb.connector.writeBack(c, {
      kind: 'status',
      invoiceExternalId: inv,
      status: '2nd reminder sent 2026-12-01',
      idempotencyKey: 'b',
    });
    expect(h.sandbox.state.company(other).invoice(Number(inv)).privateNote).toBe(
      'Call Anna before chasing\nRelance: 2nd reminder sent 2026-12-01',
    );
  });

  it('re-reads open balances just before a send', async () => {
    const balances = await h.qb.connector.refetchOpenBalance(await ctx(), [ids.i1, ids.i7, ids.i6]);
    expect(balances.get(ids.i1)).toEqual({ amount: 60_000, currency: 'USD' });
    expect(balances.get(ids.i7)).toEqual({ amount: 150_000, currency: 'EUR' });
  });
});

describe('QuickBooks browser endpoints', () => {
  const callback = (state: string) =>
    fetch(
      `${h.appUrl}/oauth/quickbooks/callback?code=x&realmId=${realm}&state=${encodeURIComponent(state)}`,
      { headers: { accept: 'application/json' } },
    );

  it('refuses a missing, forged or expired state with 400', async () => {
    const key = stateKey(Buffer.from('ab'.repeat(32), 'hex'));
    const cases = [
      ['', /missing/],
      [signState(stateKey('another secret')), /invalid/],
      [signState(key, {}, Date.now() - 11 * 60_000), /expired/],
    ] as const;
    for (const [state, reason] of cases) {
      const res = await callback(state);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(reason);
    }
  });

  it('sends a connected realm through Sign in with Intuit and others to connect', async () => {
    const known = await fetch(`${h.appUrl}/launch/quickbooks?realmId=${realm}`, { redirect: 'manual' });
    const to = new URL(known.headers.get('location') as string);
    expect(`${to.origin}${to.pathname}`).toBe(h.sandbox.urls.authorize);
    expect(to.searchParams.get('scope')?.split(' ')).toContain('openid');
    const unknown = await fetch(`${h.appUrl}/launch/quickbooks?realmId=123456`, { redirect: 'manual' });
    expect(unknown.headers.get('location')).toBe('/connect/quickbooks');
  });

  it('disconnects once QuickBooks has revoked the grant: stops activity and keeps the history', async () => {
    // The firm disconnects the app inside QuickBooks; Intuit revokes the tokens and opens the URL.
    h.sandbox.state.oauth.revoke((await readTokens(h.rt.db, h.rt.cipher, conn.connectionId)).refreshToken);
    const res = await fetch(`${h.appUrl}/disconnect/quickbooks?realmId=${realm}`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect((await getConnection(h.rt.db, conn.connectionId))?.status).toBe('disconnected');
    const calls = h.sandbox.state.stats(realm).calls;
    expect((await runSync(h.rt, h.qb.connector, conn.connectionId, quickbooksLimiter(h.rt))).pages).toBe(0);
    expect(h.sandbox.state.stats(realm).calls).toBe(calls);
    expect(await invoice(ids.i1)).toBeDefined();
  });
});
