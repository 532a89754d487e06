// The sandbox reads time only through a Clock, so tests can pin token expiry, the CDC look-back and
// the rate-limit window to a date they choose instead of waiting for the wall clock.

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface ManualClock extends Clock {
  /** Moves the clock forward (or back, with a negative value) by this many milliseconds. */
  advance(ms: number): void;
  set(at: Date | string): void;
}

export function createManualClock(start: Date | string): ManualClock {
  let current = new Date(start).getTime();
  if (!Number.isFinite(current)) throw new RangeError(`not a date: "${String(start)}"`);
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
    set(at) {
      const next = new Date(at).getTime();
      if (!Number.isFinite(next)) throw new RangeError(`not a date: "${String(at)}"`);
      current = next;
    },
  };
}

export function nowMs(clock: Clock): number {
  return clock.now().getTime();
}
