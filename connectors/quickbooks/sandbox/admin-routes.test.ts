import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQuickBooksSandbox, type RunningQuickBooksSandbox } from './server.ts';

let sandbox: RunningQuickBooksSandbox;
let realm: string;

beforeAll(async () => {
  sandbox = await startQuickBooksSandbox({ rateLimit: false });
  realm = sandbox.state.company().realmId;
});
afterAll(async () => {
  await sandbox.close();
});

/** A response body read loosely: tests check its shape with toMatchObject. */
type Body = Record<string, Record<string, unknown>> & Record<string, unknown>;

async function admin(path: string, body?: unknown): Promise<{ status: number; json: Body }> {
  const res = await fetch(`${sandbox.urls.admin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Body };
}

async function api(path: string, token: string): Promise<{ status: number; json: Body }> {
  const res = await fetch(`${sandbox.urls.v3Endpoint}${realm}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, json: (await res.json()) as Body };
}

describe('the /__sandbox admin routes', () => {
  it('changes the ledger from another process: customer, invoice, partial payment, credit, void', async () => {
    const customer = await admin(`/companies/${realm}/customers`, {
      displayName: 'Westgate Realty Group',
      email: 'ap@westgate.example',
    });
    expect(customer.status).toBe(201);
    const customerId = customer.json.Customer?.Id as string;
    const invoice = await admin(`/companies/${realm}/invoices`, {
      customerId,
      amount: '1000.00',
      txnDate: '2026-03-01',
    });
    const invoiceId = invoice.json.Invoice?.Id as string;
    const payment = await admin(`/companies/${realm}/payments`, { lines: [{ invoiceId, amount: '400' }] });
    expect(payment.json.Payment).toMatchObject({ TotalAmt: 400 });
    const memo = await admin(`/companies/${realm}/credit-memos`, { customerId, amount: '100' });
    const applied = await admin(
      `/companies/${realm}/credit-memos/${memo.json.CreditMemo?.Id as string}/apply`,
      { invoiceId },
    );
    expect(applied.json.Payment).toMatchObject({ TotalAmt: 0 });

    const token = (await admin(`/companies/${realm}/tokens`, {})).json.access_token as unknown as string;
    const read = await api(`/invoice/${invoiceId}`, token);
    expect(read.json.Invoice).toMatchObject({
      Balance: 500,
      LinkedTxn: [{ TxnType: 'Payment' }, { TxnType: 'Payment' }],
    });

    const voided = await admin(`/companies/${realm}/invoices/${invoiceId}/void`, {});
    expect(voided.json.Invoice).toMatchObject({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' });
    const stats = await admin(`/companies/${realm}/stats`);
    expect(stats.json).toMatchObject({ calls: 1, throttled: 0 });
  });

  it('loads a generated ledger into a new company', async () => {
    const created = await admin('/companies', {
      companyName: 'Meridian Studios',
      currency: 'EUR',
      country: 'FR',
    });
    expect(created.status).toBe(201);
    const loaded = await admin(`/companies/${created.json.realmId as unknown as string}/ledger`, {
      seed: 7,
      customers: 12,
      invoices: 90,
      payments: 70,
      currencies: ['EUR'],
      startDate: '2026-01-01',
      endDate: '2026-04-30',
    });
    expect(loaded.json).toMatchObject({ currency: 'EUR', customers: 12, invoices: 90, payments: 70 });
  });

  it('answers a bad body with a 400 naming the field, and changes nothing', async () => {
    const before = sandbox.state.company().invoices.size;
    const bad = await admin(`/companies/${realm}/invoices`, { customerId: '1', amount: 'ten dollars' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('amount');
    expect(sandbox.state.company().invoices.size).toBe(before);
    const unknownKind = await admin('/faults', { kind: 'meteor-strike' });
    expect(unknownKind.status).toBe(400);
    expect(JSON.stringify(unknownKind.json)).toContain('kind');
  });

  it('plans faults and expires tokens over HTTP', async () => {
    const token = (await admin(`/companies/${realm}/tokens`, {})).json.access_token as unknown as string;
    await admin('/faults', { kind: 'http-500', count: 1, realmId: realm });
    expect((await admin('/faults')).json.faults).toEqual([{ kind: 'http-500', count: 1, realmId: realm }]);
    expect((await api('/preferences', token)).status).toBe(500);
    expect((await api('/preferences', token)).status).toBe(200);
    await admin(`/companies/${realm}/expire-tokens`, {});
    expect((await api('/preferences', token)).status).toBe(401);
  });
});
