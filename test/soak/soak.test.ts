// The delivery soak at CI size: 300 reminders through two `relance worker` processes on bull and
// their own Redis, workers killed (SIGKILL) and replaced, Redis restarted once, the relay refusing
// 10 % of messages. Every reminder arrives exactly once and is recorded as sent; the relay saw
// nothing the actions table does not know of. (`npm run soak` runs the full 10,000.)
import { describe, expect, it } from 'vitest';
import { runSoak } from './soak.ts';

describe('delivery under kills, a Redis restart and a flaky relay', () => {
  it('delivers every reminder exactly once', async () => {
    const r = await runSoak({
      reminders: 300,
      workers: 2,
      killEveryMs: 4000,
      maxKills: 3,
      failRate: 0.1,
      timeoutMs: 170_000,
    });
    expect(r.planned).toBe(300);
    expect(r.redisRestarts).toBe(1);
    expect(r.clockBackAfterRestart).toBe(true);
    expect(r.kills).toBeGreaterThan(0);
    expect(r.refusedBySmtp).toBeGreaterThan(0);
    expect({ duplicates: r.duplicates, lost: r.lost, unrecorded: r.unrecorded, failed: r.failed }).toEqual({
      duplicates: 0,
      lost: 0,
      unrecorded: 0,
      failed: 0,
    });
    expect(r.sent).toBe(300);
    expect(r.receivedUnique).toBe(300);
  }, 180_000);
});
