import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { XeroClient } from 'xero-node';
import { startXeroSandbox, type RunningXeroSandbox } from './sandbox.ts';
import { connectXeroNode, xeroNodeRejection } from './xero-node-harness.ts';

describe('Xero sandbox fault injection', () => {
  let sandbox: RunningXeroSandbox;
  let xero: XeroClient;
  let tenantId: string;
  let token: string;

  beforeAll(async () => {
    sandbox = await startXeroSandbox({
      limits: false,
      organisations: [
        { name: 'A', countryCode: 'BE', ledger: { seed: 'faults', contacts: 5, invoices: 30, payments: 20 } },
      ],
    });
    tenantId = sandbox.state.ledger.list()[0]?.tenantId as string;
    xero = await connectXeroNode(sandbox);
    token = String(xero.readTokenSet().access_token);
  });
  beforeEach(() => sandbox.state.faults.clear());
  afterAll(async () => {
    await sandbox.close();
  });

  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${sandbox.apiUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': tenantId },
    });

  it('answers the next N calls with 500 or 503, then normally again', async () => {
    sandbox.state.faults.inject({ kind: 'status-503', times: 2 });
    expect((await raw('/Invoices')).status).toBe(503);
    expect((await xeroNodeRejection(xero.accountingApi.getInvoices(tenantId))).status).toBe(503);
    expect((await raw('/Invoices')).status).toBe(200);
    sandbox.state.faults.inject({ kind: 'status-500' });
    expect((await raw('/Organisation')).status).toBe(500);
  });

  it('aims a fault at one path only', async () => {
    sandbox.state.faults.inject({ kind: 'status-500', path: '/Payments' });
    expect((await raw('/Invoices')).status).toBe(200);
    expect((await raw('/Payments')).status).toBe(500);
    expect((await raw('/Payments')).status).toBe(200);
  });

  it('answers 429 for each kind of limit with Retry-After and X-Rate-Limit-Problem', async () => {
    for (const problem of ['minute', 'day', 'appminute', 'concurrent'] as const) {
      sandbox.state.faults.inject({ kind: `rate-limit-${problem}`, retryAfterSeconds: 7 });
      const res = await raw('/Invoices');
      expect(res.status).toBe(429);
      expect(res.headers.get('x-rate-limit-problem')).toBe(problem);
      expect(res.headers.get('retry-after')).toBe('7');
    }
  });

  it('sends invoice JSON cut short, which xero-node cannot read', async () => {
    sandbox.state.faults.inject({ kind: 'malformed-json' });
    const res = await raw('/Invoices?page=1');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    sandbox.state.faults.inject({ kind: 'malformed-json' });
    const viaSdk = await xero.accountingApi.getInvoices(
      tenantId,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      1,
    );
    // axios hands xero-node the raw text, which deserializes to an Invoices with no invoices and no
    // pagination: a connector that trusts the SDK would read an empty page.
    expect(viaSdk.body.invoices).toBeUndefined();
    expect(viaSdk.body.pagination).toBeUndefined();
  });

  it('sends one invoice with broken fields among good ones', async () => {
    sandbox.state.faults.inject({ kind: 'invalid-invoice' });
    const body = (await (await raw('/Invoices?page=1')).json()) as { Invoices: Record<string, unknown>[] };
    expect(body.Invoices[0]?.InvoiceID).toBeUndefined();
    expect(body.Invoices[0]?.Total).toBe('twelve hundred');
    expect(body.Invoices.slice(1).every((i) => typeof i.InvoiceID === 'string')).toBe(true);
  });

  it('hangs a call and, with hangMs, ends it with 504', async () => {
    sandbox.state.faults.inject({ kind: 'hang', hangMs: 150 });
    const started = Date.now();
    const res = await raw('/Invoices');
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sandbox.state.faults.inject({ kind: 'hang' });
    await expect(raw('/Invoices', { signal: AbortSignal.timeout(200) })).rejects.toThrow();
  });

  it('takes faults over the admin route too, and refuses an unknown kind naming the field', async () => {
    const bad = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'meteor' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('kind');
    const ok = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'status-503', times: 1 }),
    });
    expect(ok.status).toBe(201);
    expect((await raw('/Contacts')).status).toBe(503);
  });
});
