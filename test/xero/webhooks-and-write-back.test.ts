import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEpochDay } from '../../src/core/dates.ts';
import { signWebhookBody, validateAgainstXeroSpec } from '../../connectors/xero/sandbox/index.ts';
import { expectedPaymentDateRequest, historyRequest } from '../../connectors/xero/xero-write-back.ts';
import { XERO_LIMITS } from '../../connectors/xero/xero-connector.ts';
import { connectionContext, runSync } from '../../src/jobs/sync.ts';
import { getConnection } from '../../src/store/repos/connections.ts';
import { loadXeroManifest } from '../../connectors/xero/manifest.ts';
import { ObjectSerializer } from 'xero-node';
import { startXeroHarness, WEBHOOK_KEY, type XeroHarness } from './harness.ts';

const A = '6f5e7c2a-3333-4a5b-9c3d-000000000003';

describe('Xero: webhooks, write-back, faults', () => {
  let h: XeroHarness;
  let connectionId: string;
  let invoiceId: string;

  beforeAll(async () => {
    h = await startXeroHarness({
      sandbox: { organisations: [{ name: 'Atelier Nord', countryCode: 'FR', tenantId: A, ledger: null }] },
    });
    const org = h.sandbox.state.org(A);
    const c = org.addContact({ name: 'Client Un', email: 'ap@un.example' });
    invoiceId = org.addInvoice({
      contactId: c.id,
      total: '120.00',
      currency: 'EUR',
      date: '2026-02-01',
      dueDate: '2026-03-01',
    }).id;
    connectionId = (await h.connect([A])).body.connected[0]?.connectionId as string;
    await runSync(h.rt, h.connector, connectionId, h.rt.limiter('xero', XERO_LIMITS), { full: true });
  }, 60_000);
  afterAll(() => h?.close());

  const post = (body: string, signature: string) =>
    fetch(`${h.url}${loadXeroManifest().webhookPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
      body,
    });

  it('answers the intent-to-receive probe: 200 empty for a good signature, 401 for a forged one', async () => {
    const probe = JSON.stringify({ events: [], firstEventSequence: 0, lastEventSequence: 0, entropy: 'ABC' });
    const good = await post(probe, signWebhookBody(probe, WEBHOOK_KEY));
    expect(good.status).toBe(200);
    expect(await good.text()).toBe('');
    const forged = await post(probe, signWebhookBody(probe, 'not-the-key'));
    expect(forged.status).toBe(401);
    expect(await forged.text()).toBe('');
  });

  it('re-reads a paid invoice after its webhook (never following resourceUrl), twice harmlessly', async () => {
    h.sandbox.state.org(A).addPayment({ invoiceId, amount: '120.00', date: '2026-03-10' });
    const body = JSON.stringify({
      events: [
        {
          resourceUrl: 'https://evil.example/steal',
          resourceId: invoiceId,
          eventDateUtc: '2026-03-10T10:00:00.000',
          eventType: 'UPDATE',
          eventCategory: 'INVOICE',
          tenantId: A,
          tenantType: 'ORGANISATION',
        },
      ],
      firstEventSequence: 1,
      lastEventSequence: 1,
      entropy: 'XYZ',
    });
    const sig = signWebhookBody(body, WEBHOOK_KEY);
    h.rt.queue.process('xero.webhook', async (job: { connectionId: string; targets: never[] }) => {
      const { rereadTargets } = await import('../../src/jobs/sync.ts');
      await rereadTargets(
        h.rt,
        h.connector,
        job.connectionId,
        job.targets,
        h.rt.limiter('xero', XERO_LIMITS),
      );
    });
    expect((await post(body, sig)).status).toBe(200);
    expect((await post(body, sig)).status).toBe(200);
    let status: string | undefined;
    for (let i = 0; i < 100 && status !== 'paid'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (
        await h.rt.db.query<{ status: string }>(`SELECT status FROM invoices WHERE external_id = $1`, [
          invoiceId,
        ])
      )[0]?.status;
    }
    expect(status).toBe('paid');
  });

  it('writes a note as History (at most 250 characters, idempotent) and a promise as ExpectedPaymentDate', async () => {
    const conn = await getConnection(h.rt.db, connectionId);
    const ctx = connectionContext(h.rt, h.connector, conn!, h.rt.limiter('xero', XERO_LIMITS));
    const org = h.sandbox.state.org(A);
    const open = org.addInvoice({
      contactId: org.invoice(invoiceId).contactId,
      total: '55.00',
      currency: 'EUR',
      date: '2026-03-01',
      dueDate: '2026-03-31',
    }).id;
    const note = {
      kind: 'note' as const,
      invoiceExternalId: open,
      text: 'Called the customer. '.repeat(20),
      idempotencyKey: 'k'.repeat(200),
    };
    await h.connector.writeBack(ctx, note);
    await h.connector.writeBack(ctx, note);
    const notes = org.notes.get(open) ?? [];
    expect(notes).toHaveLength(1);
    expect((notes[0] as { details: string }).details.length).toBeLessThanOrEqual(250);
    await h.connector.writeBack(ctx, {
      kind: 'expected_payment_date',
      invoiceExternalId: open,
      date: '2026-04-15',
      idempotencyKey: 'promise-1',
    });
    expect(org.invoice(open).expectedPaymentDate).toBe(toEpochDay('2026-04-15'));
    const balances = await h.connector.refetchOpenBalance(ctx, [invoiceId, open]);
    expect(balances.get(invoiceId)).toEqual({ amount: 0, currency: 'EUR' });
    expect(balances.get(open)).toEqual({ amount: 5500, currency: 'EUR' });
  });

  it("sends requests that Xero's OpenAPI schemas accept", () => {
    const history = ObjectSerializer.serialize(historyRequest('A note'), 'HistoryRecords');
    const update = ObjectSerializer.serialize(
      expectedPaymentDateRequest(invoiceId, '2026-04-15'),
      'Invoices',
    );
    expect(validateAgainstXeroSpec('createInvoiceHistory', history, { part: 'request' }).errors).toEqual([]);
    expect(validateAgainstXeroSpec('updateInvoice', update, { part: 'request' }).errors).toEqual([]);
  });

  it('survives a 503, a minute 429 and a malformed invoice, recording the bad record', async () => {
    const org = h.sandbox.state.org(A);
    h.clock.advance(60_000);
    org.addInvoice({ contactId: org.invoice(invoiceId).contactId, total: '10.00', date: '2026-03-20' });
    h.sandbox.state.faults.inject({ kind: 'status-503' });
    h.sandbox.state.faults.inject({ kind: 'rate-limit-minute', retryAfterSeconds: 1 });
    h.sandbox.state.faults.inject({ kind: 'invalid-invoice', path: '/Invoices' });
    const summary = await runSync(h.rt, h.connector, connectionId, h.rt.limiter('xero', XERO_LIMITS));
    expect(summary.invalid).toBe(1);
    const issues = await h.rt.db.query<{ entity: string; reason: string }>(
      `SELECT entity, reason FROM sync_issues WHERE connection_id = $1`,
      [connectionId],
    );
    expect(issues[0]?.entity).toBe('invoice');
  });

  it('recovers from a lost refresh response, and marks an expired refresh token needs_reconnect', async () => {
    h.sandbox.state.faults.inject({ kind: 'lose-token-response' });
    const conn = await getConnection(h.rt.db, connectionId);
    const ctx = connectionContext(h.rt, h.connector, conn!, h.rt.limiter('xero', XERO_LIMITS));
    await expect(ctx.tokens.forceRefresh()).resolves.toEqual(expect.any(String));
    h.clock.advance(61 * 86_400_000);
    h.sandbox.state.identity.expireAccessTokens();
    await runSync(h.rt, h.connector, connectionId, h.rt.limiter('xero', XERO_LIMITS));
    expect((await getConnection(h.rt.db, connectionId))?.status).toBe('needs_reconnect');
  });
});
