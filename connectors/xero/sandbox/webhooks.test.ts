import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateAgainstXeroSpec } from './contract.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { startXeroSandbox, type RunningXeroSandbox } from './sandbox.ts';
import type { WebhookPayload } from './webhooks.ts';

const KEY = 'test-webhook-key-0123456789';

type Mode = 'verify' | 'accept-all' | 'fail';

/** A receiver that does what Relance's webhook route must: verify the signature on the raw body. */
async function receiver(): Promise<{
  url: string;
  payloads: WebhookPayload[];
  probes: WebhookPayload[];
  mode: { value: Mode };
  close: () => Promise<void>;
}> {
  const payloads: WebhookPayload[] = [];
  const probes: WebhookPayload[] = [];
  const mode = { value: 'verify' as Mode };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = createHmac('sha256', KEY).update(raw).digest();
      const given = Buffer.from(String(req.headers['x-xero-signature'] ?? ''), 'base64');
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      if (mode.value === 'fail') return void res.writeHead(500).end('down');
      if (!valid && mode.value === 'verify') return void res.writeHead(401).end();
      const payload = JSON.parse(raw.toString('utf8')) as WebhookPayload;
      (payload.events.length > 0 ? payloads : probes).push(payload);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/xero`,
    payloads,
    probes,
    mode,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('Xero sandbox webhooks', () => {
  let sandbox: RunningXeroSandbox;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let org: OrganisationLedger;

  beforeEach(async () => {
    hook = await receiver();
    sandbox = await startXeroSandbox({
      webhookKey: KEY,
      webhookUrl: hook.url,
      webhookDeliveryDelayMs: 0,
      organisations: [
        { name: 'A', countryCode: 'BE', ledger: { seed: 'hooks', contacts: 3, invoices: 10, payments: 5 } },
      ],
    });
    org = sandbox.state.ledger.list()[0] as OrganisationLedger;
  });
  afterEach(async () => {
    await sandbox.close();
    await hook.close();
  });

  it('passes intent to receive when the receiver verifies signatures', async () => {
    const result = await sandbox.state.webhooks.intentToReceive();
    expect(result.ok).toBe(true);
    expect(result.checks.map((c) => [c.signature, c.status, c.bodyLength])).toEqual([
      ['valid', 200, 0],
      ['invalid', 401, 0],
    ]);
    expect(sandbox.state.webhooks.status).toBe('ok');
    expect(hook.probes[0]).toMatchObject({ events: [], firstEventSequence: 0, lastEventSequence: 0 });
    expect(hook.probes[0]?.entropy).toMatch(/^[A-Z]{20}$/);
    expect(validateAgainstXeroSpec('webhooks:WebhookEvent', hook.probes[0]).errors).toEqual([]);
  });

  it('fails intent to receive, and delivers nothing, when the receiver accepts a bad signature', async () => {
    hook.mode.value = 'accept-all';
    org.addContact({ name: 'Anyone' });
    expect(await sandbox.state.webhooks.flush()).toEqual([]);
    expect(sandbox.state.webhooks.lastIntent?.ok).toBe(false);
    expect(sandbox.state.webhooks.lastIntent?.checks[1]?.problem).toBe('answered 200, expected 401');
    expect(hook.payloads).toHaveLength(0);
  });

  it('delivers signed INVOICE, CONTACT and CREDITNOTE events after ledger changes, in sequence', async () => {
    const contact = org.addContact({ name: 'Brasserie du Parc SRL', email: 'ap@brasserie.example' });
    const invoice = org.addInvoice({ contactId: contact.id, total: '500.00', date: '2026-01-10' });
    org.addPayment({ invoiceId: invoice.id, amount: '200.00', date: '2026-01-20' });
    const note = org.addCreditNote({
      contactId: contact.id,
      total: '50.00',
      allocations: [{ invoiceId: invoice.id, amount: '50.00' }],
    });
    const deliveries = await sandbox.state.webhooks.flush();
    expect(deliveries.every((d) => d.ok)).toBe(true);
    const events = hook.payloads.flatMap((p) => p.events);
    expect(events.map((e) => `${e.eventCategory}:${e.eventType}:${e.resourceId}`)).toEqual([
      `CONTACT:CREATE:${contact.id}`,
      `INVOICE:CREATE:${invoice.id}`,
      `INVOICE:UPDATE:${invoice.id}`,
      `CREDITNOTE:CREATE:${note.id}`,
      `INVOICE:UPDATE:${invoice.id}`,
      `CREDITNOTE:UPDATE:${note.id}`,
    ]);
    expect(events[1]).toMatchObject({
      tenantId: org.tenantId,
      tenantType: 'ORGANISATION',
      resourceUrl: `${sandbox.apiUrl}/Invoices/${invoice.id}`,
    });
    expect(events[3]?.data).toEqual({ Type: 'ACCRECCREDIT', Status: 'AUTHORISED' });
    expect(events[5]?.data).toEqual({ Type: 'ACCRECCREDIT', Status: 'PAID' }); // fully allocated
    const payload = hook.payloads[0] as WebhookPayload;
    expect(payload.firstEventSequence).toBe(1);
    expect(payload.lastEventSequence).toBe(6);
    const check = validateAgainstXeroSpec('webhooks:WebhookEvent', payload);
    expect(check.errors).toEqual([]);
    expect(
      validateAgainstXeroSpec('webhooks:CreditNoteWebhookEvent', {
        ...payload,
        events: events.filter((e) => e.eventCategory === 'CREDITNOTE'),
      }).errors,
    ).toEqual([]);
  });

  it('keeps events after a failed delivery and sends them on the next attempt', async () => {
    await sandbox.state.webhooks.intentToReceive();
    hook.mode.value = 'fail';
    org.addContact({ name: 'Late Payer Ltd' });
    const failed = await sandbox.state.webhooks.flush();
    expect(failed).toMatchObject([{ ok: false, status: 500, events: 1 }]);
    expect(sandbox.state.webhooks.pendingEvents()).toHaveLength(1);
    hook.mode.value = 'verify';
    const retried = await sandbox.state.webhooks.flush();
    expect(retried).toMatchObject([{ ok: true, status: 200, events: 1, firstEventSequence: 1 }]);
    expect(hook.payloads).toHaveLength(1);
  });

  it('delivers on its own shortly after a change when a delivery delay is set', async () => {
    sandbox.state.webhooks.close();
    await sandbox.close();
    sandbox = await startXeroSandbox({
      webhookKey: KEY,
      webhookUrl: hook.url,
      webhookDeliveryDelayMs: 20,
      organisations: [{ name: 'A', countryCode: 'BE', ledger: null }],
    });
    sandbox.state.ledger.list()[0]?.addContact({ name: 'Auto Delivered BV' });
    for (let i = 0; i < 100 && hook.payloads.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hook.payloads[0]?.events[0]?.eventCategory).toBe('CONTACT');
  });
});
