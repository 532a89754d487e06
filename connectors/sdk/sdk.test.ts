import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../test/support/stores.ts';
import { ConnectorError, errorFromStatus, parseRetryAfter } from './errors.ts';
import { createMemoryLimiter, createRedisLimiter, waitFor } from './rate-limiter.ts';
import { withRetry } from './retry.ts';
import { TokenCipher } from './token-crypto.ts';

describe('typed connector errors', () => {
  it('maps statuses to what the caller must do', () => {
    expect(errorFromStatus(429, 'slow', '7').kind).toBe('rate_limited');
    expect(errorFromStatus(429, 'slow', '7').retryAfterMs).toBe(7000);
    expect(errorFromStatus(401, 'x').kind).toBe('auth_revoked');
    expect(errorFromStatus(503, 'x').kind).toBe('upstream_unavailable');
    expect(errorFromStatus(400, 'x').kind).toBe('invalid_payload');
    expect(parseRetryAfter('Wed, 01 Jan 2031 00:00:10 GMT', Date.parse('2031-01-01T00:00:00Z'))).toBe(10_000);
  });
});

describe('retries', () => {
  it('retries what is retryable, waiting at least Retry-After, and gives up on the rest at once', async () => {
    const waits: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new ConnectorError('rate_limited', 'slow', { retryAfterMs: 2000 });
        if (calls === 2) throw new ConnectorError('upstream_unavailable', 'down');
        return 'ok';
      },
      { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
    );
    expect(value).toBe('ok');
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
    let revoked = 0;
    await expect(
      withRetry(async () => {
        revoked++;
        throw new ConnectorError('auth_revoked', 'gone');
      }),
    ).rejects.toThrow('gone');
    expect(revoked).toBe(1);
  });
});

describe('token encryption at rest', () => {
  const cipher = new TokenCipher(randomBytes(32));
  it('round-trips, hides the token, and refuses a blob moved to another connection or tampered with', () => {
    const blob = cipher.encrypt({ refreshToken: 'rt-secret-123' }, 'quickbooks:1');
    expect(blob.toString('latin1')).not.toContain('rt-secret-123');
    expect(cipher.decrypt(blob, 'quickbooks:1')).toEqual({ refreshToken: 'rt-secret-123' });
    expect(() => cipher.decrypt(blob, 'quickbooks:2')).toThrow();
    const tampered = Buffer.from(blob);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    expect(() => cipher.decrypt(tampered, 'quickbooks:1')).toThrow();
  });
});

describe('rate limits', () => {
  it('computes the wait until the oldest request in a full window ages out', () => {
    const spec = { windows: [{ windowMs: 60_000, max: 3 }], concurrent: 0 };
    expect(waitFor(spec, [1000, 2000], 0, 0, 5000)).toBe(0);
    expect(waitFor(spec, [1000, 2000, 3000], 0, 0, 5000)).toBe(56_001);
    expect(waitFor(spec, [], 0, 9000, 5000)).toBe(4000);
  });

  it('caps requests in flight in memory', async () => {
    const limiter = createMemoryLimiter({ windows: [{ windowMs: 60_000, max: 100 }], concurrent: 2 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        const release = await limiter.acquire('realm-1');
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 20));
        inFlight--;
        await release();
      }),
    );
    expect(peak).toBe(2);
  });

  describe('in Redis, shared by workers', () => {
    const redis = new Redis(TEST_REDIS_URL);
    const name = `test-${randomBytes(4).toString('hex')}`;
    afterAll(async () => {
      const keys = await redis.keys(`relance:rl:${name}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    });

    it('admits no more than the window allows across two limiters (two workers)', async () => {
      const spec = { windows: [{ windowMs: 1000, max: 5 }], concurrent: 0 };
      const a = createRedisLimiter(redis, name, spec);
      const b = createRedisLimiter(redis, name, spec);
      const started = Date.now();
      const times: number[] = [];
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const release = await (i % 2 ? a : b).acquire('tenant');
          times.push(Date.now() - started);
          await release();
        }),
      );
      times.sort((x, y) => x - y);
      // The sixth request had to wait for the first to leave the one-second window.
      expect(times[5]).toBeGreaterThanOrEqual(900);
    });

    it('pauses a tenant after the platform said 429', async () => {
      const l = createRedisLimiter(redis, `${name}-p`, {
        windows: [{ windowMs: 1000, max: 100 }],
        concurrent: 0,
      });
      await l.penalize('tenant', 400);
      const t0 = Date.now();
      await (
        await l.acquire('tenant')
      )();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    });
  });
});
