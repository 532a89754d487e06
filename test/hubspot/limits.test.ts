// HubSpot's burst limit answered with a 429: the account pauses for Retry-After (shared through the
// limiter) and every call still succeeds, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCompany } from '../../connectors/hubspot/crm.ts';
import { installed, startHubSpotHarness, type HubSpotHarness } from './harness.ts';

describe('HubSpot rate limit', () => {
  let h: HubSpotHarness;
  beforeAll(async () => {
    h = await startHubSpotHarness();
    await installed(h);
  });
  afterAll(async () => h?.close());

  it('waits out a 429 and its Retry-After, then carries on', async () => {
    // A tighter limit than Relance's own (110 per 10 s), so HubSpot's 429 is what slows it down.
    h.sandbox.state.tenSecondLimit = 3;
    h.sandbox.state.rateWindowMs = 1_000;
    const ctx = await h.hs.service.contextFor(
      (await h.store.db.query<{ id: string }>(`SELECT id FROM connections WHERE platform = 'hubspot'`))[0]!
        .id,
    );
    const ids = [...h.sandbox.state.store('companies').keys()];
    const from = h.sandbox.state.requests.length;
    const read = await Promise.all([...ids, ...ids].map((id) => getCompany(h.hs.service.settings, ctx!, id)));
    expect(read.map((c) => c?.id)).toEqual([...ids, ...ids]);
    const log = h.sandbox.state.requests.slice(from);
    const limited = log.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    // With 4 retries 5-50 ms apart, only waiting out each Retry-After lets all ten calls through; the
    // 429s stay at about one per call and window (3 of the waiting calls get in per second).
    expect(limited.length).toBeLessThanOrEqual(ids.length * 3);
    expect(log.filter((r) => r.status === 200)).toHaveLength(ids.length * 2);
    // After the first 429 nothing was sent until its Retry-After (1 s) had passed.
    const first = limited[0]!;
    const next = log.find((r) => r.at > first.at && r.status !== 429 && log.indexOf(r) > log.indexOf(first));
    expect(next!.at - first.at).toBeGreaterThanOrEqual(900);
  });
});
