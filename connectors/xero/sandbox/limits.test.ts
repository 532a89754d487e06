import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from './clock.ts';
import type { XeroLimits } from './limits.ts';
import { startXeroSandbox, type RunningXeroSandbox } from './sandbox.ts';
import { plainAccessToken } from './xero-node-harness.ts';

describe('Xero sandbox rate limits (plain HTTP)', () => {
  let sandbox: RunningXeroSandbox;
  let clock: ManualClock;
  let token: string;
  let tenants: string[];

  async function start(limits: Partial<XeroLimits> | false): Promise<void> {
    clock = createManualClock(Date.UTC(2026, 0, 31, 9));
    sandbox = await startXeroSandbox({
      clock,
      limits,
      organisations: [
        { name: 'A', countryCode: 'BE', ledger: { seed: 'lim-a', contacts: 2, invoices: 3, payments: 1 } },
        { name: 'B', countryCode: 'GB', ledger: { seed: 'lim-b', contacts: 2, invoices: 3, payments: 1 } },
      ],
    });
    tenants = sandbox.state.ledger.list().map((o) => o.tenantId);
    token = await plainAccessToken(sandbox);
  }

  const call = (tenantId: string, init: RequestInit = {}) =>
    fetch(`${sandbox.apiUrl}/Organisation`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': tenantId },
    });

  afterEach(async () => {
    await sandbox.close();
  });

  it('sends the remaining-call headers and answers 429 minute with Retry-After at the 61st call', async () => {
    await start({});
    const first = await call(tenants[0] as string);
    expect(first.headers.get('x-minlimit-remaining')).toBe('59');
    expect(first.headers.get('x-daylimit-remaining')).toBe('4999');
    expect(first.headers.get('x-appminlimit-remaining')).toBe('9999');
    for (let i = 2; i <= 60; i++) {
      clock.advance(500);
      expect((await call(tenants[0] as string)).status).toBe(200);
    }
    const refused = await call(tenants[0] as string);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-rate-limit-problem')).toBe('minute');
    expect(refused.headers.get('x-minlimit-remaining')).toBe('0');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // The other organisation has its own minute budget.
    expect((await call(tenants[1] as string)).status).toBe(200);
    clock.advance(retryAfter * 1000);
    expect((await call(tenants[0] as string)).status).toBe(200);
    expect(sandbox.state.limits.usage(tenants[0] as string)).toMatchObject({ calls: 61, rejected: 1 });
  });

  it('answers 429 day once the daily budget is spent, with a Retry-After in hours', async () => {
    await start({ perDay: 3 });
    for (let i = 0; i < 3; i++) expect((await call(tenants[0] as string)).status).toBe(200);
    const refused = await call(tenants[0] as string);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-rate-limit-problem')).toBe('day');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(80_000);
  });

  it('answers 429 appminute when all organisations together exceed the app limit', async () => {
    await start({ appPerMinute: 3 });
    await call(tenants[0] as string);
    await call(tenants[1] as string);
    await call(tenants[0] as string);
    const refused = await call(tenants[1] as string);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-rate-limit-problem')).toBe('appminute');
  });

  it('answers 429 concurrent when five calls are already in flight for the organisation', async () => {
    await start({});
    sandbox.state.faults.inject({ kind: 'hang', times: 5 });
    const aborts = Array.from({ length: 5 }, () => new AbortController());
    const hanging = aborts.map((a) => call(tenants[0] as string, { signal: a.signal }).catch(() => null));
    for (let i = 0; i < 50 && sandbox.state.limits.usage(tenants[0] as string).inFlight < 5; i++)
      await new Promise((r) => setTimeout(r, 20));
    const refused = await call(tenants[0] as string);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-rate-limit-problem')).toBe('concurrent');
    for (const a of aborts) a.abort();
    await Promise.all(hanging);
    for (let i = 0; i < 50 && sandbox.state.limits.usage(tenants[0] as string).inFlight > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await call(tenants[0] as string)).status).toBe(200);
  });

  it('never refuses when limits are disabled, but still counts calls', async () => {
    await start(false);
    for (let i = 0; i < 70; i++) expect((await call(tenants[0] as string)).status).toBe(200);
    expect(sandbox.state.limits.usage(tenants[0] as string).calls).toBe(70);
  });
});
