// The sandbox's sense of time. Token lifetimes, refresh-token grace, rate-limit windows and
// UpdatedDateUTC all read this clock, so tests can jump 30 minutes or 60 days without waiting.

export interface SandboxClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface ManualClock extends SandboxClock {
  advance(ms: number): void;
  set(ms: number): void;
}

export const systemClock: SandboxClock = { now: () => Date.now() };

/** A clock that moves only when told to (never backwards). */
export function createManualClock(startMs: number = Date.now()): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock can only move forward, got ${ms} ms`);
      current += ms;
    },
    set(ms: number) {
      if (ms < current) throw new RangeError('clock can only move forward');
      current = ms;
    },
  };
}

export function isManualClock(clock: SandboxClock): clock is ManualClock {
  return typeof (clock as Partial<ManualClock>).advance === 'function';
}
