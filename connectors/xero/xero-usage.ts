// What Xero says is left of each organisation's allowance (X-DayLimit-Remaining,
// X-MinLimit-Remaining), as last seen by this process: the sync plans its daily budget from it.
export interface TenantAllowance {
  dayRemaining: number | null;
  minuteRemaining: number | null;
  at: number;
}

const MINUTE_MS = 60_000;

export class XeroUsage {
  private readonly seen = new Map<string, TenantAllowance>();
  /** When this process's calls of the last minute were answered, oldest first, per organisation. */
  private readonly recent = new Map<string, number[]>();
  constructor(private readonly now: () => number = Date.now) {}

  observe(tenantId: string, headers: Record<string, unknown> | undefined): TenantAllowance | null {
    if (!headers) return null;
    const at = this.now();
    const recent = (this.recent.get(tenantId) ?? []).filter((t) => t > at - MINUTE_MS);
    recent.push(at);
    this.recent.set(tenantId, recent);
    const read = (name: string) => {
      const v = headers[name] ?? headers[name.toLowerCase()];
      const n = Number(v);
      return v === undefined || v === null || v === '' || !Number.isFinite(n) ? null : n;
    };
    const next = {
      dayRemaining: read('x-daylimit-remaining'),
      minuteRemaining: read('x-minlimit-remaining'),
      at: this.now(),
    };
    if (next.dayRemaining === null && next.minuteRemaining === null) return null;
    this.seen.set(tenantId, next);
    return next;
  }

  /**
   * With no calls left in the minute, how long until the oldest call seen leaves Xero's sliding
   * window (a full minute when none was seen): the next call waits that long, not a whole minute.
   */
  minuteFreesInMs(tenantId: string): number {
    const now = this.now();
    const oldest = this.recent.get(tenantId)?.find((t) => t > now - MINUTE_MS);
    return oldest === undefined ? MINUTE_MS : oldest + MINUTE_MS - now;
  }

  /** Calls left today for this organisation, if Xero has said. */
  dayRemaining(tenantId: string): number | null {
    return this.seen.get(tenantId)?.dayRemaining ?? null;
  }
}
