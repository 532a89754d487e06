// What Xero says is left of each organisation's allowance (X-DayLimit-Remaining,
// X-MinLimit-Remaining), as last seen by this process: the sync plans its daily budget from it.
export interface TenantAllowance {
  dayRemaining: number | null;
  minuteRemaining: number | null;
  at: number;
}

export class XeroUsage {
  private readonly seen = new Map<string, TenantAllowance>();
  constructor(private readonly now: () => number = Date.now) {}

  observe(tenantId: string, headers: Record<string, unknown> | undefined): TenantAllowance | null {
    if (!headers) return null;
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

  /** Calls left today for this organisation, if Xero has said. */
  dayRemaining(tenantId: string): number | null {
    return this.seen.get(tenantId)?.dayRemaining ?? null;
  }
}
