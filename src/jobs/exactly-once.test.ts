// Exactly once, deterministically: an e-mail the relay accepted just before its worker died is
// recorded from the relay's lookup and never sent again; a lease lost to a dead worker is not a
// failed attempt; a temporary refusal (451) is retried after its backoff until it goes through.
// (The soak checks the same under random kills; this pins each case down.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type Relay } from '../../test/soak/relay.ts';
import { openTestStore, type TestStore } from '../../test/support/stores.ts';
import { createSmtpSender, withAcceptanceLookup, type EmailSender } from '../channels/email.ts';
import { createLogger } from '../logger.ts';
import { createFirm, importConnection, setReviewMode } from '../store/repos/firms.ts';
import { upsertCustomers, upsertInvoices } from '../store/repos/ledger.ts';
import { deliverDue, type DeliveryDeps } from './deliver.ts';
import { claimDue, releaseExpired } from './outbox.ts';
import { tick } from './tick.ts';

const T = Date.parse('2026-12-01T09:30:00.000Z');
const at = (ms: number) => new Date(T + ms).toISOString();

describe('exactly once across a dead worker and a refusing relay', () => {
  let store: TestStore;
  let relay: Relay;
  let email: EmailSender;
  let deps: DeliveryDeps;
  // The relay refuses when the draw is below the fail rate (0.5): scripted draws, then accept.
  const draws: number[] = [];
  const action = async (id: string) =>
    (
      await store.db.query<{ status: string; attempts: number; due_at: Date; claimed_by: string | null }>(
        `SELECT status, attempts, due_at, claimed_by FROM actions WHERE id = $1`,
        [id],
      )
    )[0]!;

  beforeAll(async () => {
    store = await openTestStore('postgres');
    relay = await startRelay({ failRate: 0.5, random: () => draws.shift() ?? 1 });
    email = withAcceptanceLookup(createSmtpSender(relay.smtpUrl), relay.lookupUrl);
    const db = store.db;
    const firm = await createFirm(db, {
      name: 'Atelier Roux',
      country: 'FR',
      sender: { email: 'compta@roux.example' },
    });
    await setReviewMode(db, firm.id, false, 'test');
    const conn = await importConnection(db, firm.id);
    const ids = ['C1', 'C2', 'C3'];
    await upsertCustomers(
      db,
      firm.id,
      conn,
      ids.map((c) => ({ externalId: c, name: `Client ${c}`, emails: [`ap@${c.toLowerCase()}.example`] })),
    );
    await upsertInvoices(
      db,
      firm.id,
      conn,
      ids.map((c) => ({
        externalId: `F-${c}`,
        customerExternalId: c,
        number: `F-${c}`,
        issueDate: '2025-10-01',
        dueDate: '2026-11-30',
        currency: 'EUR',
        total: 300_00,
        openBalance: 300_00,
        status: 'open' as const,
      })),
    );
    expect((await tick(db, { at: at(0) })).actions.length).toBe(3);
    deps = {
      db,
      email,
      sms: null,
      mailFrom: 'relances@relance.example',
      domain: 'relance.example',
      hostBalances: () => null,
      workerId: 'w2',
      now: () => at(0),
      log: createLogger('silent'),
      leaseMs: 1_000,
      retryBaseMs: 1_000,
    };
  });
  afterAll(async () => {
    email?.close();
    await relay?.close();
    await store?.drop();
  });

  it('records from the relay an e-mail accepted before its worker died, without sending it again', async () => {
    // A worker claims one action, its e-mail reaches the relay, and it dies before recording it.
    const [doomed] = await claimDue(store.db, {
      now: at(0),
      workerId: 'w1',
      limit: 1,
      leaseMs: 1_000,
      domain: 'relance.example',
    });
    await email.send({
      messageId: doomed!.effectKey,
      from: { name: 'Atelier Roux', address: 'relances@relance.example' },
      replyTo: null,
      to: ['ap@c1.example'],
      subject: 'Rappel',
      text: 'Rappel',
      html: '<p>Rappel</p>',
    });
    expect(relay.accepted.get(doomed!.effectKey)).toBe(1);
    // Its lease runs out; the action comes back with the same key, and no failed attempt.
    expect(await releaseExpired(store.db, at(2_000))).toBe(1);
    expect(await action(doomed!.id)).toMatchObject({ status: 'pending', attempts: 0, claimed_by: null });

    // Another worker delivers what is due: the lost one is recorded from the lookup, not resent.
    draws.push(1, 1);
    const counts = await deliverDue({ ...deps, now: () => at(2_000) });
    expect(counts).toEqual({ sent: 3, cancelled: 0, failed: 0, retried: 0 });
    expect(relay.lookedUpAccepted).toBe(1);
    expect(relay.accepted.size).toBe(3);
    expect([...relay.accepted.values()]).toEqual([1, 1, 1]);
    expect(await action(doomed!.id)).toMatchObject({ status: 'sent', attempts: 0 });
  });

  it('retries a refused e-mail after its backoff until the relay takes it', async () => {
    // Two more reminders due now (as the planner records them).
    const later = 60 * 86_400_000;
    for (const ext of ['F-C2', 'F-C3']) {
      const [a] = await store.db.query<{ id: string }>(
        `INSERT INTO actions (firm_id, customer_id, key, kind, channel, template, tone, target_date, due_at, status)
         SELECT firm_id, customer_id, 'retry-' || id, 'step', 'email', 'reminder_2', 2, $2::date, $2::timestamptz, 'pending'
         FROM invoices WHERE external_id = $1 RETURNING id`,
        [ext, at(later)],
      );
      await store.db.query(
        `INSERT INTO action_invoices (action_id, invoice_id) SELECT $1, id FROM invoices WHERE external_id = $2`,
        [a!.id, ext],
      );
    }
    const [next] = await store.db.query<{ id: string }>(
      `SELECT id FROM actions WHERE status = 'pending' ORDER BY due_at LIMIT 1`,
    );
    expect(next).toBeDefined();
    const pending = (await store.db.query(`SELECT id FROM actions WHERE status = 'pending'`)).length;
    // The relay refuses every message of the first pass and the first of the second.
    draws.push(...Array.from({ length: pending + 1 }, () => 0));
    const first = await deliverDue({ ...deps, now: () => at(later) });
    expect(first).toEqual({ sent: 0, cancelled: 0, failed: 0, retried: pending });
    const refused = await action(next!.id);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1 });
    expect(Date.parse(String(refused.due_at))).toBe(T + later + 1_000);
    expect(pending).toBe(2);
    // Not before its backoff: nothing is claimed.
    expect(await deliverDue({ ...deps, now: () => at(later + 500) })).toEqual({
      sent: 0,
      cancelled: 0,
      failed: 0,
      retried: 0,
    });
    // After it: one more refusal (the backoff doubles), then it goes through.
    const second = await deliverDue({ ...deps, now: () => at(later + 1_000) });
    expect(second.sent + second.retried).toBe(pending);
    const third = await deliverDue({ ...deps, now: () => at(later + 3_000) });
    expect(second.sent + third.sent).toBe(pending);
    const rows = await store.db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM actions GROUP BY status`,
    );
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    expect([...relay.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(relay.accepted.size).toBe(3 + pending);
  });
});
