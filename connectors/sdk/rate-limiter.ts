// Per-tenant rate limits shared by every worker: sliding windows (e.g. 500 a minute, 5,000 a day)
// and a cap on requests in flight. In Redis (one Lua script, Redis's own clock) when REDIS_URL is
// set, in memory otherwise. A 429 from the platform pauses the tenant for its Retry-After.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

export interface LimitSpec {
  windows: { windowMs: number; max: number }[];
  /** Requests in flight at once; 0 = no cap. */
  concurrent: number;
  /** A crashed worker's slot frees itself after this long. */
  leaseMs?: number;
}

export type Release = () => Promise<void>;

export interface RateLimiter {
  /** Waits for a slot for this tenant; call the returned function when the request is done. */
  acquire(key: string): Promise<Release>;
  /** The platform said "slow down": no slot for this tenant for ms. */
  penalize(key: string, ms: number): Promise<void>;
}

export async function limited<T>(limiter: RateLimiter, key: string, fn: () => Promise<T>): Promise<T> {
  const release = await limiter.acquire(key);
  try {
    return await fn();
  } finally {
    await release();
  }
}

/** How long to wait before a slot is free (0 = take it now), given the request times in the log. */
export function waitFor(
  spec: LimitSpec,
  log: number[],
  inFlight: number,
  blockedUntil: number,
  now: number,
): number {
  if (blockedUntil > now) return blockedUntil - now;
  if (spec.concurrent > 0 && inFlight >= spec.concurrent) return 25;
  let wait = 0;
  for (const w of spec.windows) {
    const inWindow = log.filter((t) => t > now - w.windowMs);
    if (inWindow.length >= w.max) {
      const freeing = inWindow[inWindow.length - w.max] as number; // oldest entry that must age out
      wait = Math.max(wait, freeing + w.windowMs - now + 1);
    }
  }
  return wait;
}

export function createMemoryLimiter(spec: LimitSpec, now: () => number = Date.now): RateLimiter {
  const state = new Map<string, { log: number[]; inFlight: number; blockedUntil: number }>();
  const longest = Math.max(...spec.windows.map((w) => w.windowMs), 0);
  const get = (key: string) => {
    let s = state.get(key);
    if (!s) state.set(key, (s = { log: [], inFlight: 0, blockedUntil: 0 }));
    return s;
  };
  return {
    async acquire(key) {
      const s = get(key);
      for (;;) {
        const t = now();
        while (s.log.length > 0 && (s.log[0] as number) <= t - longest) s.log.shift();
        const wait = waitFor(spec, s.log, s.inFlight, s.blockedUntil, t);
        if (wait <= 0) break;
        await sleep(Math.min(wait, 1000));
      }
      s.log.push(now());
      s.inFlight++;
      let released = false;
      return async () => {
        if (!released) s.inFlight--;
        released = true;
      };
    },
    async penalize(key, ms) {
      const s = get(key);
      s.blockedUntil = Math.max(s.blockedUntil, now() + ms);
    },
  };
}

// KEYS: log, in-flight, blocked. ARGV: token, leaseMs, concurrent, then windowMs/max pairs.
// Returns 0 when the slot was taken, otherwise the milliseconds to wait.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local blocked = redis.call('PTTL', KEYS[3])
if blocked > 0 then return blocked end
local concurrent = tonumber(ARGV[3])
local lease = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if concurrent > 0 and redis.call('ZCARD', KEYS[2]) >= concurrent then return 25 end
local longest = 0
local wait = 0
local i = 4
while ARGV[i] do
  local w = tonumber(ARGV[i]); local max = tonumber(ARGV[i + 1])
  if w > longest then longest = w end
  local count = redis.call('ZCOUNT', KEYS[1], '(' .. (now - w), '+inf')
  if count >= max then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - w), '+inf', 'WITHSCORES', 'LIMIT', count - max, 1)
    local free = tonumber(oldest[2]) + w - now + 1
    if free > wait then wait = free end
  end
  i = i + 2
end
if wait > 0 then return wait end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], longest)
if concurrent > 0 then
  redis.call('ZADD', KEYS[2], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], lease)
end
return 0
`;

export function createRedisLimiter(redis: Redis, name: string, spec: LimitSpec): RateLimiter {
  const lease = spec.leaseMs ?? 120_000;
  const keys = (key: string) => [
    `relance:rl:${name}:${key}:log`,
    `relance:rl:${name}:${key}:inflight`,
    `relance:rl:${name}:${key}:blocked`,
  ];
  const args = spec.windows.flatMap((w) => [String(w.windowMs), String(w.max)]);
  return {
    async acquire(key) {
      const token = randomUUID();
      const [log, inflight, blocked] = keys(key);
      for (;;) {
        const wait = Number(
          await redis.eval(
            ACQUIRE,
            3,
            log as string,
            inflight as string,
            blocked as string,
            token,
            String(lease),
            String(spec.concurrent),
            ...args,
          ),
        );
        if (wait <= 0) break;
        await sleep(Math.min(wait, 1000));
      }
      return async () => {
        if (spec.concurrent > 0) await redis.zrem(inflight as string, token);
      };
    },
    async penalize(key, ms) {
      const blocked = keys(key)[2] as string;
      const current = await redis.pttl(blocked);
      if (ms > current) await redis.set(blocked, '1', 'PX', Math.ceil(ms));
    },
  };
}
