import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCatcher, type SmtpCatcher } from '../../test/support/smtp.ts';
import { openTestStore, storeKinds, type TestStore } from '../../test/support/stores.ts';
import { createSmtpSender, type EmailSender } from '../channels/email.ts';
import { decodeWords } from '../channels/raw-mail.ts';
import { createLogger } from '../logger.ts';
import { createFirm, importConnection, setReviewMode } from '../store/repos/firms.ts';
import { upsertCustomers, upsertInvoices } from '../store/repos/ledger.ts';
import { deliverDue, type DeliveryDeps } from './deliver.ts';
import { tick } from './tick.ts';

const T = '2026-12-01T09:30:00.000Z';

describe.each(storeKinds)('delivery on %s with a real SMTP server', (kind) => {
  let store: TestStore;
  let smtp: SmtpCatcher;
  let email: EmailSender;
  let deps: DeliveryDeps;
  let paidByHost = new Set<string>();
  beforeAll(async () => {
    store = await openTestStore(kind);
    smtp = await startSmtpCatcher();
    email = createSmtpSender(smtp.url);
    const db = store.db;
    const firm = await createFirm(db, {
      name: 'Boulangerie Martin',
      country: 'FR',
      sender: { email: 'compta@martin.example', iban: 'FR7630006000011234567890189' },
    });
    await setReviewMode(db, firm.id, false, 'test');
    const quiet = await createFirm(db, { name: 'Still Reviewing', country: 'FR' });
    for (const f of [firm.id, quiet.id]) {
      const conn = await importConnection(db, f);
      await upsertCustomers(db, f, conn, [
        {
          externalId: 'C1',
          name: 'Café <Le Port>',
          emails: ['comptabilite@port.example', 'patron@port.example'],
          language: 'fr',
        },
        { externalId: 'C2', name: 'Hôtel Central', emails: ['ap@central.example'] },
      ]);
      await upsertInvoices(db, f, conn, [
        {
          externalId: 'F1',
          customerExternalId: 'C1',
          number: 'F-2026-001',
          issueDate: '2025-10-01',
          dueDate: '2026-11-30',
          currency: 'EUR',
          total: 480_00,
          openBalance: 480_00,
          status: 'open',
        },
        {
          externalId: 'F2',
          customerExternalId: 'C2',
          number: 'F-2026-002',
          issueDate: '2025-10-01',
          dueDate: '2026-11-30',
          currency: 'EUR',
          total: 120_00,
          openBalance: 120_00,
          status: 'open',
        },
      ]);
    }
    await tick(db, { at: T });
    deps = {
      db,
      email,
      sms: null,
      mailFrom: 'relances@relance.example',
      domain: 'relance.example',
      // The host's word on balances: what the store has, except invoices paid since the last sync.
      hostBalances: (_c, ids) =>
        Promise.resolve(
          new Map(
            ids.map((id) => [
              id,
              { amount: paidByHost.has(id) ? 0 : id === 'F1' ? 480_00 : 120_00, currency: 'EUR' },
            ]),
          ),
        ),
      workerId: 'w1',
      now: () => T,
      log: createLogger('silent'),
    };
  });
  afterAll(async () => {
    email?.close();
    await smtp?.close();
    await store?.drop();
  });

  it('sends once, in the firm’s name, with replies to the firm, and never to a customer who paid in the meantime', async () => {
    // The host says F2 was paid after the reminder was planned; its balance is re-read before sending.
    paidByHost = new Set(['F2']);
    const counts = await deliverDue(deps);
    expect(counts).toEqual({ sent: 1, cancelled: 1, failed: 0, retried: 0 });
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(decodeWords(mail.header('From') ?? '')).toBe('Boulangerie Martin <relances@relance.example>');
    expect(mail.header('Reply-To')).toBe('compta@martin.example');
    expect(mail.to).toEqual(['comptabilite@port.example', 'patron@port.example']);
    expect(mail.raw).toContain('F-2026-001');
    expect(mail.raw).toContain('Content-ID: <sepa-qr@relance.invalid>');
    const [action] = await store.db.query<{ status: string; effect_key: string }>(
      `SELECT status, effect_key FROM actions WHERE provider_id IS NOT NULL`,
    );
    expect(action?.status).toBe('sent');
    expect(mail.messageId).toBe(action?.effect_key);
    const [cancelled] = await store.db.query(`SELECT status_reason FROM actions WHERE status = 'cancelled'`);
    expect(cancelled).toEqual({ status_reason: 'paid or credited' });
  });

  it('sends nothing more when delivery runs again, and nothing for a firm in review mode', async () => {
    expect(await deliverDue(deps)).toEqual({ sent: 0, cancelled: 0, failed: 0, retried: 0 });
    expect(smtp.messages).toHaveLength(1);
    const pending = await store.db.query(
      `SELECT a.status FROM actions a JOIN firms f ON f.id = a.firm_id WHERE f.name = 'Still Reviewing'`,
    );
    expect(pending.map((p) => (p as { status: string }).status)).toEqual(['pending', 'pending']);
  });
});
