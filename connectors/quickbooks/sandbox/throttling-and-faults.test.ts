import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from './clock.ts';
import type { SandboxOptions } from './options.ts';
import { call, sdkClient, type SdkFailure } from './sdk-test-client.ts';
import { startQuickBooksSandbox, type RunningQuickBooksSandbox } from './server.ts';

let sandbox: RunningQuickBooksSandbox | null = null;
let accessToken = '';

async function start(options: SandboxOptions): Promise<RunningQuickBooksSandbox> {
  sandbox = await startQuickBooksSandbox(options);
  accessToken = sandbox.state.oauth.issueTokens(sandbox.state.company().realmId).access_token;
  return sandbox;
}
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

function get(sb: RunningQuickBooksSandbox, path = '/companyinfo/1', signal?: AbortSignal): Promise<Response> {
  const url = `${sb.urls.v3Endpoint}${sb.state.company().realmId}${path}`;
  return fetch(url, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal,
  });
}

describe('rate limits', () => {
  it('answers 429 ThrottleExceeded past the per-minute budget, without Retry-After by default, until the minute has passed', async () => {
    const clock = createManualClock('2026-02-02T10:00:00Z');
    const sb = await start({ clock, rateLimit: { perMinute: 5 } });
    for (let i = 0; i < 5; i++) expect((await get(sb)).status).toBe(200);
    const throttled = await get(sb);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBeNull();
    expect(await throttled.json()).toMatchObject({
      Fault: {
        Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' }],
        type: 'SERVICE',
      },
    });
    clock.advance(59_000);
    expect((await get(sb)).status).toBe(429);
    clock.advance(1_000);
    expect((await get(sb)).status).toBe(200);
    expect(sb.state.stats()).toMatchObject({ calls: 8, throttled: 2, byStatus: { '200': 6, '429': 2 } });
  });

  it('sends Retry-After with the seconds until a slot frees when configured to', async () => {
    const clock = createManualClock('2026-02-02T10:00:00Z');
    const sb = await start({ clock, rateLimit: { perMinute: 2, retryAfter: true } });
    await get(sb);
    clock.advance(20_000);
    await get(sb);
    const throttled = await get(sb);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('40');
  });

  it('admits at most the concurrent limit at once and throttles the rest', async () => {
    const sb = await start({ rateLimit: { concurrent: 2 }, latencyMs: 400 });
    const statuses = await Promise.all(Array.from({ length: 5 }, () => get(sb).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(sb.state.stats()).toMatchObject({ peakInFlight: 2, inFlight: 0, calls: 5 });
  });

  it('shows node-quickbooks a 429 as an error carrying the status and the fault', async () => {
    const sb = await start({ rateLimit: { perMinute: 1 } });
    const qbo = sdkClient(sb);
    await call((cb) => qbo.getPreferences(cb));
    const failure = await call((cb) => qbo.getPreferences(cb)).catch((e: SdkFailure) => e);
    expect(failure).toMatchObject({ status: 429, body: { Fault: { Error: [{ code: '3001' }] } } });
  });
});

describe('injected faults', () => {
  it('answers the next requests 500, then 503 as an HTML gateway page, then normally', async () => {
    const sb = await start({ rateLimit: false });
    sb.state.faults.inject({ kind: 'http-500', count: 1 });
    sb.state.faults.inject({ kind: 'http-503', count: 1 });
    const first = await get(sb);
    expect(first.status).toBe(500);
    expect(await first.json()).toMatchObject({ Fault: { type: 'SystemFault', Error: [{ code: '10000' }] } });
    const second = await get(sb);
    expect(second.status).toBe(503);
    expect(second.headers.get('content-type')).toContain('text/html');
    expect((await get(sb)).status).toBe(200);
  });

  it('throttles a storm of N requests regardless of the budget', async () => {
    const sb = await start({ rateLimit: false });
    sb.state.faults.inject({ kind: 'throttle', count: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(sb)).status);
    expect(statuses).toEqual([429, 429, 429, 200]);
  });

  it('cuts a JSON body short, and slips one malformed entity into a query page', async () => {
    const sb = await start({
      rateLimit: false,
      companies: [
        {
          ledger: {
            seed: 'faults',
            customers: 5,
            invoices: 30,
            payments: 20,
            startDate: '2026-01-01',
            endDate: '2026-03-31',
          },
        },
      ],
    });
    sb.state.faults.inject({ kind: 'invalid-json', count: 1, pathIncludes: '/query' });
    const truncated = await get(sb, `/query?query=${encodeURIComponent('select * from Invoice')}`);
    expect(truncated.status).toBe(200);
    await expect(truncated.json()).rejects.toThrow();

    sb.state.faults.inject({ kind: 'malformed-entity', count: 1 });
    const page = (await (
      await get(sb, `/query?query=${encodeURIComponent('select * from Invoice')}`)
    ).json()) as {
      QueryResponse: { Invoice: Record<string, unknown>[] };
    };
    const broken = page.QueryResponse.Invoice.filter((i) => i.TotalAmt === 'NaN');
    expect(broken).toHaveLength(1);
    expect(broken[0]).not.toHaveProperty('CustomerRef');
    const clean = (await (
      await get(sb, `/query?query=${encodeURIComponent('select * from Invoice')}`)
    ).json()) as typeof page;
    expect(clean.QueryResponse.Invoice.every((i) => typeof i.TotalAmt === 'number')).toBe(true);
  });

  it('hangs a request until the client gives up, and still closes cleanly', async () => {
    const sb = await start({ rateLimit: false });
    sb.state.faults.inject({ kind: 'hang', count: 1 });
    await expect(get(sb, '/companyinfo/1', AbortSignal.timeout(300))).rejects.toThrow(/abort|timeout/i);
    expect((await get(sb)).status).toBe(200);
    sb.state.faults.inject({ kind: 'hang', count: 1 });
    const pending = get(sb).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sb.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('expires access tokens on demand: the next call is a 401', async () => {
    const sb = await start({ rateLimit: false });
    expect((await get(sb)).status).toBe(200);
    expect(sb.state.oauth.expireAccessTokens(sb.state.company().realmId)).toBe(1);
    const res = await get(sb);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ fault: { error: [{ detail: 'Token expired' }] } });
  });
});
