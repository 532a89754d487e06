// Xero's API limits, per organisation (tenant) for one app: 60 calls in any 60 seconds, 5 in
// flight at once, 5,000 in any 24 hours; and 10,000 per minute across all organisations. Every
// answer carries X-DayLimit-Remaining, X-MinLimit-Remaining and X-AppMinLimit-Remaining; a call
// over a limit gets 429 with Retry-After (seconds) and X-Rate-Limit-Problem.
import type { SandboxClock } from './clock.ts';

export interface XeroLimits {
  perMinute: number;
  concurrent: number;
  perDay: number;
  appPerMinute: number;
}

export const XERO_LIMITS: XeroLimits = { perMinute: 60, concurrent: 5, perDay: 5000, appPerMinute: 10_000 };

export type LimitProblem = 'minute' | 'day' | 'appminute' | 'concurrent';

export type LimitDecision =
  | { ok: true; headers: Record<string, string>; release: () => void }
  | { ok: false; problem: LimitProblem; retryAfterSeconds: number; headers: Record<string, string> };

export interface TenantUsage {
  /** Calls answered (including ones answered with an injected fault). */
  calls: number;
  /** Calls refused with 429 by the limiter. */
  rejected: number;
  inFlight: number;
  minuteRemaining: number;
  dayRemaining: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Timestamps inside a sliding window, oldest first. */
class Window {
  private stamps: number[] = [];
  private head = 0;
  constructor(private readonly span: number) {}

  count(now: number): number {
    while (this.head < this.stamps.length && (this.stamps[this.head] as number) <= now - this.span)
      this.head++;
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
    return this.stamps.length - this.head;
  }

  add(now: number): void {
    this.stamps.push(now);
  }

  /** Seconds until the oldest call leaves the window. */
  retryAfter(now: number): number {
    const oldest = this.stamps[this.head] ?? now;
    return Math.max(1, Math.ceil((oldest + this.span - now) / 1000));
  }
}

interface TenantState {
  minute: Window;
  day: Window;
  inFlight: number;
  calls: number;
  rejected: number;
}

export class XeroRateLimiter {
  private readonly tenants = new Map<string, TenantState>();
  private app = new Window(MINUTE);
  readonly limits: XeroLimits;
  readonly enforced: boolean;

  constructor(
    limits: Partial<XeroLimits> | false,
    private readonly clock: SandboxClock,
  ) {
    this.enforced = limits !== false;
    this.limits = { ...XERO_LIMITS, ...(limits || {}) };
  }

  private tenant(tenantId: string): TenantState {
    let t = this.tenants.get(tenantId);
    if (!t) {
      t = { minute: new Window(MINUTE), day: new Window(DAY), inFlight: 0, calls: 0, rejected: 0 };
      this.tenants.set(tenantId, t);
    }
    return t;
  }

  private headers(t: TenantState, now: number): Record<string, string> {
    const l = this.limits;
    return {
      'X-DayLimit-Remaining': String(Math.max(0, l.perDay - t.day.count(now))),
      'X-MinLimit-Remaining': String(Math.max(0, l.perMinute - t.minute.count(now))),
      'X-AppMinLimit-Remaining': String(Math.max(0, l.appPerMinute - this.app.count(now))),
    };
  }

  /** Admits a call for a tenant, or says which limit it is over and for how long. */
  acquire(tenantId: string): LimitDecision {
    const now = this.clock.now();
    const t = this.tenant(tenantId);
    const l = this.limits;
    if (this.enforced) {
      let refusal: { problem: LimitProblem; retryAfterSeconds: number } | null = null;
      if (t.day.count(now) >= l.perDay)
        refusal = { problem: 'day', retryAfterSeconds: t.day.retryAfter(now) };
      else if (this.app.count(now) >= l.appPerMinute)
        refusal = { problem: 'appminute', retryAfterSeconds: this.app.retryAfter(now) };
      else if (t.minute.count(now) >= l.perMinute)
        refusal = { problem: 'minute', retryAfterSeconds: t.minute.retryAfter(now) };
      else if (t.inFlight >= l.concurrent) refusal = { problem: 'concurrent', retryAfterSeconds: 1 };
      if (refusal) {
        t.rejected++;
        return { ok: false, ...refusal, headers: this.headers(t, now) };
      }
    }
    t.minute.add(now);
    t.day.add(now);
    this.app.add(now);
    t.inFlight++;
    t.calls++;
    let released = false;
    return {
      ok: true,
      headers: this.headers(t, now),
      release: () => {
        if (!released) t.inFlight--;
        released = true;
      },
    };
  }

  /** The headers for a tenant right now (for answers that did not pass through acquire). */
  currentHeaders(tenantId: string): Record<string, string> {
    return this.headers(this.tenant(tenantId), this.clock.now());
  }

  usage(tenantId: string): TenantUsage {
    const now = this.clock.now();
    const t = this.tenant(tenantId.toLowerCase());
    return {
      calls: t.calls,
      rejected: t.rejected,
      inFlight: t.inFlight,
      minuteRemaining: Math.max(0, this.limits.perMinute - t.minute.count(now)),
      dayRemaining: Math.max(0, this.limits.perDay - t.day.count(now)),
    };
  }

  /** Forgets all windows and counters (not calls in flight). */
  reset(): void {
    for (const t of this.tenants.values()) {
      t.minute = new Window(MINUTE);
      t.day = new Window(DAY);
      t.calls = 0;
      t.rejected = 0;
    }
    this.app = new Window(MINUTE);
  }
}
