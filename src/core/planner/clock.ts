// One customer's view of `now`: its zone, local day, whether the send window is open, and the
// first window instant after now. Everything else in the planner is epoch-day arithmetic.
import { instantAtMs, isValidTimeZone, localDayMinutes, nextSendMs, workCalendar } from '../calendar.ts';
import type { WorkCalendar } from '../calendar.ts';
import type { Customer } from '../types.ts';
import type { PlanContext } from './types.ts';

export interface PlanClock {
  zone: string;
  cal: WorkCalendar;
  nowMs: number;
  /** Local epoch day at now, in the send zone. */
  today: number;
  /** Now lies inside the send window of a business day: only then is anything due. */
  inWindow: boolean;
  /** The first window instant strictly after now, and its local day. */
  laterMs: number;
  laterDay: number;
}

/** Reminders go out in the customer's zone when it is known (and valid), else the firm's. */
export function sendZone(customer: Customer, ctx: PlanContext): string {
  const own = customer.timeZone;
  return own !== null && isValidTimeZone(own) ? own : ctx.firm.timeZone;
}

export function planClock(customer: Customer, ctx: PlanContext, nowMs: number): PlanClock {
  const zone = sendZone(customer, ctx);
  const cal = workCalendar(ctx.firm.businessHours, ctx.holidays);
  const today = localDayMinutes(nowMs, zone).day;
  const laterMs = nextSendMs(nowMs + 1, cal, zone);
  return {
    zone,
    cal,
    nowMs,
    today,
    inWindow: nextSendMs(nowMs, cal, zone) === nowMs,
    laterMs,
    laterDay: localDayMinutes(laterMs, zone).day,
  };
}

/** The earliest window instant after now on a local day ≥ `day`. */
export function wakeMs(clock: PlanClock, day: number): number {
  if (day <= clock.laterDay) return clock.laterMs;
  return nextSendMs(instantAtMs(day, 0, clock.zone), clock.cal, clock.zone);
}

/**
 * When an action whose target is a business day may be carried out: that day's window while it
 * lasts, else the window open now or next (a missed day is caught up in the next window, once).
 */
export function dueAtMs(clock: PlanClock, targetDay: number): number {
  const { cal, zone, nowMs } = clock;
  if (nowMs < instantAtMs(targetDay, cal.endMinutes, zone))
    return instantAtMs(targetDay, cal.startMinutes, zone);
  return nextSendMs(nowMs, cal, zone);
}
