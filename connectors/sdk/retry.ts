// Retries with exponential backoff and full jitter, honouring a platform's Retry-After. Only errors
// the policy table calls retryable are retried; the rest surface at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { ConnectorError, isRetryable } from './errors.ts';

export interface RetryOptions {
  retries?: number;
  baseMs?: number;
  maxMs?: number;
  /** Injected in tests. */
  random?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
  onRetry?: (err: ConnectorError, attempt: number, waitMs: number) => void;
}

export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** attempt));
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const retries = opts.retries ?? 6;
  const baseMs = opts.baseMs ?? 500;
  const maxMs = opts.maxMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const wait = opts.sleep ?? ((ms: number) => sleep(ms));
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= retries || !isRetryable(err)) throw err;
      const e = err as ConnectorError;
      // A server's Retry-After is a floor; jitter on top keeps many workers from waking together.
      const waitMs = Math.max(e.retryAfterMs ?? 0, backoffMs(attempt, baseMs, maxMs, random));
      opts.onRetry?.(e, attempt + 1, waitMs);
      await wait(waitMs);
    }
  }
}
