import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxOptions } from './options.ts';
import { startQuickBooksSandbox, type RunningQuickBooksSandbox } from './server.ts';

const VERIFIER = 'verifier-token-for-tests';

interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

let receiver: Server;
let receiverUrl: string;
let received: Received[];
let sandbox: RunningQuickBooksSandbox;

beforeEach(async () => {
  received = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/quickbooks`;
});
afterEach(async () => {
  await sandbox.close();
  receiver.close();
});

async function start(webhooks: SandboxOptions['webhooks']): Promise<void> {
  sandbox = await startQuickBooksSandbox({ rateLimit: false, webhookVerifierToken: VERIFIER, webhooks });
}

/** What the connector must do: HMAC-SHA256 over the raw bytes with the verifier token, compared in constant time. */
function verifies(r: Received, token = VERIFIER): boolean {
  const expected = createHmac('sha256', token).update(r.raw).digest();
  const given = Buffer.from(String(r.headers['intuit-signature']), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function seedInvoice(): { customerId: string; invoiceId: string } {
  const ledger = sandbox.state.ledger();
  const customerId = String(
    ledger.addCustomer({ displayName: 'Summit Freight Inc.', email: 'ap@summit-freight.example' }).Id,
  );
  const invoiceId = String(ledger.addInvoice({ customerId, amount: '120.00', txnDate: '2026-06-01' }).Id);
  return { customerId, invoiceId };
}

describe('webhooks', () => {
  it('delivers a burst of changes in one classic notification, signed with the verifier token', async () => {
    await start({ url: receiverUrl, format: 'classic', autoDeliver: true });
    const { invoiceId } = seedInvoice();
    await sandbox.state.webhooks.idle();
    expect(received).toHaveLength(1);
    const [delivery] = received as [Received];
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(verifies(delivery)).toBe(true);
    expect(verifies(delivery, 'another-token')).toBe(false);
    const body = JSON.parse(delivery.raw.toString('utf8'));
    expect(body).toEqual({
      eventNotifications: [
        {
          realmId: sandbox.state.company().realmId,
          dataChangeEvent: {
            entities: [
              {
                name: 'Customer',
                id: '1',
                operation: 'Create',
                lastUpdated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]00$/),
              },
              { name: 'Invoice', id: invoiceId, operation: 'Create', lastUpdated: expect.any(String) },
            ],
          },
        },
      ],
    });
  });

  it('sends CloudEvents when configured: one event per change, typed qbo.<entity>.<past tense>.v1', async () => {
    await start({ url: receiverUrl, format: 'cloudevents', autoDeliver: false });
    const { invoiceId } = seedInvoice();
    sandbox.state.ledger().voidInvoice(invoiceId);
    await sandbox.state.webhooks.flush();
    const [delivery] = received as [Received];
    expect(delivery.headers['content-type']).toBe('application/cloudevents+json');
    expect(verifies(delivery)).toBe(true);
    const events = JSON.parse(delivery.raw.toString('utf8')) as Record<string, unknown>[];
    expect(events.map((e) => e.type)).toEqual([
      'qbo.customer.created.v1',
      'qbo.invoice.created.v1',
      'qbo.invoice.voided.v1',
    ]);
    expect(events[2]).toMatchObject({
      specversion: '1.0',
      intuitentityid: invoiceId,
      intuitaccountid: sandbox.state.company().realmId,
      datacontenttype: 'application/json',
    });
  });

  it('can deliver late, twice, in reverse order, and replay a delivery byte for byte', async () => {
    await start({ url: receiverUrl, format: 'classic', autoDeliver: false });
    const { invoiceId } = seedInvoice();
    sandbox.state.ledger().recordPayment({ lines: [{ invoiceId, amount: '120.00' }] });
    expect(received).toHaveLength(0);
    expect(sandbox.state.webhooks.pending.length).toBe(4);

    const deliveries = await sandbox.state.webhooks.flush({
      order: 'reversed',
      onePerEvent: true,
      duplicate: true,
    });
    expect(deliveries).toHaveLength(4);
    expect(received).toHaveLength(8);
    const names = received.map(
      (r) => JSON.parse(r.raw.toString('utf8')).eventNotifications[0].dataChangeEvent.entities[0],
    );
    expect(names.map((e: { name: string; operation: string }) => `${e.name} ${e.operation}`)).toEqual([
      'Invoice Update',
      'Invoice Update',
      'Payment Create',
      'Payment Create',
      'Invoice Create',
      'Invoice Create',
      'Customer Create',
      'Customer Create',
    ]);
    expect(received.every((r) => verifies(r))).toBe(true);

    await sandbox.state.webhooks.replay((deliveries[0] as { id: number }).id);
    const replayed = received.at(-1) as Received;
    expect(replayed.raw.equals((received[0] as Received).raw)).toBe(true);
    expect(replayed.headers['intuit-signature']).toBe((received[0] as Received).headers['intuit-signature']);
    expect(sandbox.state.webhooks.deliveries[0]?.attempts.map((a) => a.status)).toEqual([200, 200, 200]);
  });
});
