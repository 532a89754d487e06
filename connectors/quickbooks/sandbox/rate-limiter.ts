// Intuit's throttles, per company: at most `perMinute` requests in any sliding minute and at most
// `concurrent` in flight at once (batch calls have their own, smaller minute budget). Rejected
// requests do not use up the budget. The counters are what a benchmark reports as "API calls used".
import type { Clock } from './clock.ts';

export interface RateLimitConfig {
  perMinute: number;
  concurrent: number;
  batchPerMinute: number;
  /** Send Retry-After on 429s; Intuit's documentation does not promise it, so off by default. */
  retryAfter: boolean;
}

export type Admission = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number };

export interface RealmStats {
  /** Every request to the company's API, whatever its answer. */
  calls: number;
  /** Requests answered 429 (by the limits or by an injected storm). */
  throttled: number;
  byStatus: Record<string, number>;
  inFlight: number;
  peakInFlight: number;
}

const WINDOW_MS = 60_000;

class SlidingWindow {
  private readonly stamps: number[] = [];
  private head = 0;

  constructor(private readonly limit: number) {}

  /** Seconds until a slot frees, or 0 when one is free now. */
  wait(now: number): number {
    while (this.head < this.stamps.length && (this.stamps[this.head] as number) <= now - WINDOW_MS)
      this.head++;
    if (this.head > 1024) {
      this.stamps.splice(0, this.head);
      this.head = 0;
    }
    if (this.stamps.length - this.head < this.limit) return 0;
    const oldest = this.stamps[this.head] as number;
    return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
  }

  add(now: number): void {
    this.stamps.push(now);
  }
}

interface RealmState {
  api: SlidingWindow;
  batch: SlidingWindow;
  stats: RealmStats;
}

export class RateLimiter {
  private readonly realms = new Map<string, RealmState>();

  constructor(
    private readonly clock: Clock,
    readonly config: RateLimitConfig | null,
  ) {}

  private realm(realmId: string): RealmState {
    let state = this.realms.get(realmId);
    if (!state) {
      const limits = this.config ?? { perMinute: Infinity, batchPerMinute: Infinity };
      state = {
        api: new SlidingWindow(limits.perMinute),
        batch: new SlidingWindow(limits.batchPerMinute),
        stats: { calls: 0, throttled: 0, byStatus: {}, inFlight: 0, peakInFlight: 0 },
      };
      this.realms.set(realmId, state);
    }
    return state;
  }

  /** Counts a request to a company's API, whatever happens to it next. */
  countCall(realmId: string): void {
    this.realm(realmId).stats.calls++;
  }

  /** Admits a request or says how long to wait. Call `release` when its response ends. */
  admit(realmId: string, kind: 'api' | 'batch' = 'api'): Admission {
    const state = this.realm(realmId);
    if (this.config) {
      const now = this.clock.now().getTime();
      if (state.stats.inFlight >= this.config.concurrent) return { ok: false, retryAfterSeconds: 1 };
      const wait = Math.max(state.api.wait(now), kind === 'batch' ? state.batch.wait(now) : 0);
      if (wait > 0) return { ok: false, retryAfterSeconds: wait };
      state.api.add(now);
      if (kind === 'batch') state.batch.add(now);
    }
    state.stats.inFlight++;
    state.stats.peakInFlight = Math.max(state.stats.peakInFlight, state.stats.inFlight);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        state.stats.inFlight--;
      },
    };
  }

  recordStatus(realmId: string, status: number): void {
    const stats = this.realm(realmId).stats;
    stats.byStatus[String(status)] = (stats.byStatus[String(status)] ?? 0) + 1;
    if (status === 429) stats.throttled++;
  }

  stats(realmId: string): RealmStats {
    const s = this.realm(realmId).stats;
    return { ...s, byStatus: { ...s.byStatus } };
  }

  resetStats(realmId?: string): void {
    for (const [id, state] of this.realms) {
      if (realmId !== undefined && id !== realmId) continue;
      state.stats = {
        calls: 0,
        throttled: 0,
        byStatus: {},
        inFlight: state.stats.inFlight,
        peakInFlight: state.stats.inFlight,
      };
    }
  }
}
