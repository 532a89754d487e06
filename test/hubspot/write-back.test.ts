import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpSender } from '../../src/channels/email.ts';
import { deliverDue } from '../../src/jobs/deliver.ts';
import { marker } from '../../src/jobs/hubspot-write-back.ts';
import { tick } from '../../src/jobs/tick.ts';
import { drainWriteBacks } from '../../src/jobs/write-back.ts';
import { createLogger } from '../../src/logger.ts';
import { recordPromise } from '../../src/store/repos/decisions.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp.ts';
import { installed, startHubSpotHarness, type HubSpotHarness } from './harness.ts';

describe('HubSpot write-back', () => {
  let h: HubSpotHarness;
  let smtp: SmtpCatcher;
  let now = Date.parse('2026-11-23T08:00:00Z');
  const iso = () => new Date(now).toISOString();
  const company = () =>
    [...h.sandbox.state.store('companies').values()].find(
      (c) => c.properties.domain === 'dupont-boulangerie.fr',
    )!;
  const contact = () =>
    [...h.sandbox.state.store('contacts').values()].find(
      (c) => c.properties.email === 'compta@dupont-boulangerie.fr',
    )!;
  const drain = () => drainWriteBacks(h.store.db, { context: async () => null, modules: [h.hs] }, iso);

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    h = await startHubSpotHarness({ clock: () => now });
    await installed(h);
    await h.store.db.query(
      `UPDATE firms SET review_mode = false, sender = sender || '{"email":"credit@lumen.example"}'`,
    );
    const email = createSmtpSender(smtp.url);
    const deliver = (at: string) =>
      deliverDue({
        db: h.store.db,
        email,
        sms: null,
        mailFrom: 'relances@relance.example',
        domain: 'relance.example',
        hostBalances: () => null,
        workerId: 'test',
        now: () => at,
        log: createLogger('silent'),
      });
    // Monday 23 November: reminders for F-1001 (8 days late) and F-1002 (4 days late) go out.
    await tick(h.store.db, { at: '2026-11-23T09:30:00Z' });
    await deliver('2026-11-23T09:30:00Z');
    // A week later (the first token long expired): F-1001 is 15 days late, a call is planned.
    now = Date.parse('2026-11-30T10:00:00Z');
    await tick(h.store.db, { at: '2026-11-30T09:30:00Z' });
    await deliver('2026-11-30T09:30:00Z');
    await recordPromise(
      h.store.db,
      h.firmId,
      'controller',
      {
        customerId: h.customers.c1,
        invoiceIds: [h.invoices['F-1001'], h.invoices['F-1002']],
        promisedDate: '2026-12-10',
      },
      '2026-11-30',
    );
    email.close();
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('puts each note, the call task and the property values on the company, once, however often it drains', async () => {
    expect(smtp.messages.length).toBeGreaterThan(0);
    const first = await drain();
    expect(first.failed + first.retried).toBe(0);
    const second = await drain();
    expect(second.done).toBe(0);

    const c = company();
    const notes = h.sandbox.state.forCompany('notes', c.id);
    const bodies = notes.map((n) => n.properties.hs_note_body as string);
    const sent = await h.store.db.query<{ id: string }>(
      `SELECT id FROM actions WHERE customer_id = $1 AND status = 'sent'`,
      [h.customers.c1],
    );
    expect(sent.length).toBeGreaterThan(0);
    // One note per reminder sent, one for the promise; no more.
    expect(bodies.filter((b) => / sent by email\./.test(b))).toHaveLength(sent.length);
    expect(bodies.filter((b) => b.includes('promise to pay by 2026-12-10'))).toHaveLength(1);
    expect(notes).toHaveLength(sent.length + 1);
    // Each note also sits on the customer's contact, found by e-mail.
    for (const n of notes)
      expect(h.sandbox.state.associated('notes', n.id, 'contacts').map((a) => [a.toId, a.typeId])).toEqual([
        [contact().id, 202],
      ]);

    const tasks = h.sandbox.state.forCompany('tasks', c.id);
    // Each call task of the customer's procedure (its segment calls at +8) is one HubSpot CALL task.
    const calls = await h.store.db.query<{ due_date: string }>(
      `SELECT due_date::text FROM tasks WHERE kind = 'call' AND customer_id = $1 ORDER BY due_date`,
      [h.customers.c1],
    );
    expect(calls.length).toBeGreaterThan(0);
    expect(tasks.map((t) => t.properties.hs_timestamp).sort()).toEqual(
      calls.map((t) => `${t.due_date}T09:00:00.000Z`),
    );
    const task = tasks[0]!.properties;
    expect(task).toMatchObject({
      hs_task_type: 'CALL',
      hs_task_status: 'NOT_STARTED',
      hubspot_owner_id: c.properties.hubspot_owner_id,
    });
    expect(task.hs_task_subject).toContain('Boulangerie Dupont');
    expect(task.hs_task_body).toContain(
      'F-1001: EUR 1200.00 open of EUR 1200.00, due 2026-11-15, 15 days late',
    );
    expect(task.hs_task_body).toContain('F-1002');
    expect(task.hs_task_body).toMatch(/Last contact: 2026-11-30 .*\(email\)/);
    expect(task.hs_task_body).toContain('promised 2026-12-10 (open)');

    expect(c.properties).toMatchObject({
      relance_collection_status: 'promised',
      relance_overdue_amount: '1650.50',
      relance_overdue_currency: 'EUR',
      relance_oldest_overdue_days: '15',
    });
    const moreau = [...h.sandbox.state.store('companies').values()].find(
      (x) => x.properties.name === 'Atelier Moreau',
    )!;
    expect(moreau.properties.relance_collection_status).toBe('overdue');
  });

  it('finds its own note after a lost answer instead of writing it again', async () => {
    const [row] = await h.store.db.query<{ id: string; external_id: string; idempotency_key: string }>(
      `SELECT id, external_id, idempotency_key FROM hubspot_writebacks WHERE kind = 'note' AND status = 'done' LIMIT 1`,
    );
    const before = h.sandbox.state.store('notes').size;
    expect(h.sandbox.state.store('notes').get(row!.external_id)?.properties.hs_note_body).toContain(
      marker(row!.idempotency_key),
    );
    // As if the process died after HubSpot created the note but before the row was marked.
    await h.store.db.query(
      `UPDATE hubspot_writebacks SET status = 'pending', external_id = NULL WHERE id = $1`,
      [row!.id],
    );
    expect((await drain()).done).toBe(1);
    expect(h.sandbox.state.store('notes').size).toBe(before);
    const [after] = await h.store.db.query<{ external_id: string }>(
      `SELECT external_id FROM hubspot_writebacks WHERE id = $1`,
      [row!.id],
    );
    expect(after!.external_id).toBe(row!.external_id);
  });

  it('completes the HubSpot task when the call is done in Relance, and updates only what changed', async () => {
    const [task] = await h.store.db.query<{ id: string; hubspot_id: string }>(
      `SELECT t.id, w.external_id AS hubspot_id FROM tasks t
       JOIN hubspot_writebacks w ON w.idempotency_key = 'hubspot:task:' || t.id
       WHERE t.kind = 'call' AND t.customer_id = $1 LIMIT 1`,
      [h.customers.c1],
    );
    const { completeTask } = await import('../../src/store/repos/decisions.ts');
    await completeTask(h.store.db, h.firmId, 'controller', task!.id, 'will pay on the 10th');
    const calls = h.sandbox.state.requests.length;
    await drain();
    const hsTasks = h.sandbox.state.forCompany('tasks', company().id);
    expect(hsTasks.find((t) => t.id === task!.hubspot_id)?.properties.hs_task_status).toBe('COMPLETED');
    expect(hsTasks.filter((t) => t.properties.hs_task_status === 'COMPLETED')).toHaveLength(1);
    const notes = h.sandbox.state
      .forCompany('notes', company().id)
      .map((n) => n.properties.hs_note_body as string);
    expect(notes.filter((b) => b.includes('call made by controller: will pay on the 10th'))).toHaveLength(1);
    const used = h.sandbox.state.requests.slice(calls).map((r) => `${r.method} ${r.path}`);
    expect(used.filter((u) => u.includes('batch/update'))).toHaveLength(0); // nothing changed
    await drain();
    expect(h.sandbox.state.requests.length).toBe(calls + used.length); // a quiet drain costs nothing
  });
});
