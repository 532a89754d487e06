// The loop a firm pays for, end to end on real PostgreSQL and SMTP, against the QuickBooks sandbox
// over HTTP: 120 simulated days of syncs, ticks and deliveries. Every expected message arrives once,
// in the firm's name; none for invoices paid, credited, disputed, promised or paused before their
// send time; the notes are written back to the sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickbooksLimiter } from '../../src/jobs/quickbooks-jobs.ts';
import { connectionContext, runSync } from '../../src/jobs/sync.ts';
import { createSmtpSender } from '../../src/channels/email.ts';
import { decodeWords } from '../../src/channels/raw-mail.ts';
import { addDays } from '../../src/core/dates.ts';
import { deliverDue } from '../../src/jobs/deliver.ts';
import { tick } from '../../src/jobs/tick.ts';
import { drainWriteBacks } from '../../src/jobs/write-back.ts';
import { createLogger } from '../../src/logger.ts';
import type { Platforms } from '../../src/platforms.ts';
import { getConnection } from '../../src/store/repos/connections.ts';
import { openDispute, recordPromise, setPaused } from '../../src/store/repos/decisions.ts';
import { getFirm, setReviewMode } from '../../src/store/repos/firms.ts';
import { connectThroughOAuth, startHarness, type Harness } from '../quickbooks/harness.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp.ts';

const START = '2026-12-01';
const DAYS = 120;
// 15:00 UTC is inside the send window of the sandbox company's firm (10:00 in New York).
const at = (day: string, hhmm = '15:00') => `${day}T${hhmm}:00.000Z`;

describe('120 days of reminders, from QuickBooks to the customer’s inbox', () => {
  let h: Harness;
  let smtp: SmtpCatcher;
  let firmId: string;
  let connectionId: string;
  const inv: Record<string, string> = {};
  const cust: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness('postgres');
    smtp = await startSmtpCatcher();
    const l = h.sandbox.state.ledger();
    // Seven long-standing customers, each with one invoice due ten days in.
    for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf']) {
      cust[name] = String(
        l.addCustomer({ displayName: `${name} Supplies`, email: `ap@${name.toLowerCase()}.example` }).Id,
      );
      inv[name] = String(
        l.addInvoice({
          customerId: cust[name],
          amount: '1200.00',
          txnDate: '2026-11-01',
          dueDate: addDays(START, 10),
        }).Id,
      );
      // An invoice paid last year makes them established customers (the standard procedure).
      const old = String(
        l.addInvoice({
          customerId: cust[name],
          amount: '100.00',
          txnDate: '2025-06-01',
          dueDate: '2025-07-01',
        }).Id,
      );
      l.recordPayment({ txnDate: '2025-07-01', lines: [{ invoiceId: old, amount: '100.00' }] });
    }
    const res = await connectThroughOAuth(h);
    expect(res.status).toBeLessThan(400);
    await h.rt.queue.idle();
    const [conn] = await h.rt.db.query<{ id: string; firm_id: string }>(
      `SELECT id, firm_id FROM connections WHERE platform = 'quickbooks'`,
    );
    connectionId = conn!.id;
    firmId = conn!.firm_id;
    await setReviewMode(h.rt.db, firmId, false, 'owner');
  });
  afterAll(async () => {
    await smtp?.close();
    await h?.close();
  });

  it('sends each expected message once and nothing to anyone who settled, disputed, promised or was paused', async () => {
    const db = h.rt.db;
    const email = createSmtpSender(smtp.url);
    const platforms: Pick<Platforms, 'context' | 'hostBalances'> = {
      context: async (id) => {
        const conn = await getConnection(db, id);
        return conn
          ? {
              connector: h.qb.connector,
              ctx: connectionContext(h.rt, h.qb.connector, conn, quickbooksLimiter(h.rt)),
            }
          : null;
      },
      hostBalances: (conn, ids) =>
        platforms.context(conn.connectionId).then((c) => c!.connector.refetchOpenBalance(c!.ctx, ids)),
    };
    const l = h.sandbox.state.ledger();
    const localId = async (externalId: string) =>
      (
        (
          await db.query<{ id: string }>(
            `SELECT id FROM invoices WHERE external_id = $1 AND connection_id = $2`,
            [externalId, connectionId],
          )
        )[0] as { id: string }
      ).id;
    const customerId = async (externalId: string) =>
      (
        (
          await db.query<{ id: string }>(`SELECT id FROM customers WHERE external_id = $1`, [externalId])
        )[0] as { id: string }
      ).id;

    for (let d = 0; d < DAYS; d++) {
      const day = addDays(START, d);
      // What happens in the firm and its customers' world on some days.
      if (d === 5) {
        l.recordPayment({ txnDate: day, lines: [{ invoiceId: inv.Bravo!, amount: '1200.00' }] }); // Bravo pays
        const memo = String(
          l.addCreditMemo({ customerId: cust.Charlie!, amount: '1200.00', txnDate: day }).Id,
        );
        l.applyCreditMemo({ creditMemoId: memo, invoiceId: inv.Charlie!, txnDate: day }); // Charlie is credited
        await openDispute(db, firmId, 'controller', {
          invoiceId: await localId(inv.Delta!),
          reasonCode: 'quality',
          reason: 'damaged delivery',
        });
        await recordPromise(
          db,
          firmId,
          'controller',
          {
            customerId: await customerId(cust.Echo!),
            invoiceIds: [await localId(inv.Echo!)],
            promisedDate: addDays(day, 20),
          },
          day,
        );
        await setPaused(
          db,
          firmId,
          'controller',
          { customerId: await customerId(cust.Foxtrot!) },
          true,
          'owner in hospital',
        );
      }
      if (d === 24) l.recordPayment({ txnDate: day, lines: [{ invoiceId: inv.Echo!, amount: '1200.00' }] }); // Echo keeps the promise
      // Golf pays on the morning of its first reminder (Monday 14 December: the due date +1 fell on a
      // Saturday), after the night's sync: only the pre-send check can know.
      if (d !== 13) await runSync(h.rt, h.qb.connector, connectionId, quickbooksLimiter(h.rt));
      if (d === 13) l.recordPayment({ txnDate: day, lines: [{ invoiceId: inv.Golf!, amount: '1200.00' }] });
      const now = at(day);
      await tick(db, { at: now });
      await deliverDue({
        db,
        email,
        sms: null,
        mailFrom: 'relances@relance.example',
        domain: 'relance.example',
        hostBalances: platforms.hostBalances,
        workerId: 'e2e',
        now: () => now,
        log: createLogger('silent'),
      });
      await drainWriteBacks(db, platforms, () => now);
    }
    email.close();

    // Who got what: the action behind each message, by its Message-ID.
    const actions = await db.query<{ effect_key: string; template: string; customer: string }>(
      `SELECT a.effect_key, a.template, c.external_id AS customer FROM actions a JOIN customers c ON c.id = a.customer_id WHERE a.status = 'sent'`,
    );
    const byKey = new Map(actions.map((a) => [a.effect_key, a]));
    const received = smtp.messages.map((m) => byKey.get(m.messageId ?? ''));
    expect(received.every(Boolean)).toBe(true);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(smtp.messages.length); // no duplicates
    const templatesOf = (name: string) =>
      received.filter((a) => a!.customer === cust[name]).map((a) => a!.template);

    // Alpha never pays: the whole procedure, each step once, with calls and the agency review as tasks.
    expect(templatesOf('Alpha')).toEqual([
      'heads_up',
      'reminder_1',
      'reminder_2',
      'formal_reminder',
      'formal_notice',
    ]);
    const tasks = await db.query<{ kind: string }>(
      `SELECT t.kind FROM tasks t JOIN customers c ON c.id = t.customer_id WHERE c.external_id = $1 ORDER BY t.created_at`,
      [cust.Alpha],
    );
    expect(tasks.map((t) => t.kind)).toEqual(['call', 'agency_review']);
    expect((await db.query(`SELECT registered FROM letters`)).length).toBe(1);
    // Everyone else heard only the friendly heads-up, sent before anything happened to their invoice.
    for (const name of ['Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'])
      expect(templatesOf(name)).toEqual(['heads_up']);
    const [golfCancelled] = await db.query<{ status_reason: string }>(
      `SELECT a.status_reason FROM actions a JOIN customers c ON c.id = a.customer_id WHERE c.external_id = $1 AND a.status = 'cancelled'`,
      [cust.Golf],
    );
    expect(golfCancelled?.status_reason).toBe('paid or credited');

    // In the firm's name, replies to the firm.
    const firm = await getFirm(db, firmId);
    for (const m of smtp.messages) {
      const from = /^"?(.*?)"? <(.+)>$/.exec(decodeWords(m.header('From') ?? ''));
      expect([from?.[1], from?.[2]]).toEqual([firm!.name, 'relances@relance.example']);
    }

    // The host shows what was sent: one dated note per message on the invoice.
    const notes = [...h.sandbox.state.company().attachables.values()].filter((a) =>
      a.refs.some((r) => r.value === inv.Alpha),
    );
    expect(notes).toHaveLength(5);
    expect(notes.map((n) => n.note?.replace(/ \[relance:\w+\]$/, ''))).toEqual([
      'Relance 2026-12-04: payment reminder (before due date) sent by email.',
      'Relance 2026-12-14: 1st reminder sent by email.',
      'Relance 2026-12-21: 2nd reminder sent by email.',
      'Relance 2027-01-11: formal reminder sent by email.',
      'Relance 2027-01-25: formal notice sent by registered letter and e-mail.',
    ]);
  });
});
