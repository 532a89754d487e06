// Payment plans replace the procedure for their invoices. Each instalment has a reminder a few
// business days before it falls due and a follow-up the business day after, both only while the
// payments received do not yet cover it. Like steps, the latest due one supersedes earlier ones.
import { addWorkDays, nextWorkDay } from '../calendar.ts';
import type { WorkCalendar } from '../calendar.ts';
import { toEpochDay } from '../dates.ts';
import type { PaymentPlan } from '../types.ts';
import { instalmentKey } from './keys.ts';

export const INSTALMENT_REMINDER_LEAD_DAYS = 3;

export interface InstalmentEvent {
  kind: 'reminder' | 'missed';
  /** Position of the instalment in plan.instalments. */
  index: number;
  /** Business day on which the event falls due. */
  day: number;
  /** Due date of the instalment (epoch day): a reminder after it is pointless. */
  dueDay: number;
  /** Amount that must have been paid, since the plan began, for this instalment to be covered. */
  cumulative: number;
  key: string;
}

/** The plan's reminders and follow-ups in the order they fall due (a follow-up after a reminder on the same day). */
export function instalmentSchedule(plan: PaymentPlan, cal: WorkCalendar): InstalmentEvent[] {
  const ordered = plan.instalments
    .map((inst, index) => ({ inst, index, dueDay: toEpochDay(inst.dueDate) }))
    .sort((a, b) => a.dueDay - b.dueDay || a.index - b.index);
  const events: InstalmentEvent[] = [];
  let cumulative = 0;
  for (const { inst, index, dueDay } of ordered) {
    cumulative += inst.amount;
    const common = { index, dueDay, cumulative };
    events.push({
      ...common,
      kind: 'reminder',
      day: addWorkDays(dueDay, -INSTALMENT_REMINDER_LEAD_DAYS, cal),
      key: instalmentKey(plan.id, index, 'reminder'),
    });
    events.push({
      ...common,
      kind: 'missed',
      day: addWorkDays(nextWorkDay(dueDay, cal), 1, cal),
      key: instalmentKey(plan.id, index, 'missed'),
    });
  }
  return events.sort(
    (a, b) => a.day - b.day || (a.kind === b.kind ? a.dueDay - b.dueDay : a.kind === 'reminder' ? -1 : 1),
  );
}

export function instalmentsTotal(plan: PaymentPlan): number {
  return plan.instalments.reduce((sum, i) => sum + i.amount, 0);
}

/** The day of the latest event already recorded: everything up to it is done or superseded. */
export function progressDay(schedule: readonly InstalmentEvent[], done: ReadonlySet<string>): number {
  let day = -Infinity;
  for (const e of schedule) if (done.has(e.key) && e.day > day) day = e.day;
  return day;
}

function open(e: InstalmentEvent, paid: number, progress: number): boolean {
  return e.day > progress && paid < e.cumulative;
}

/** The event to carry out on `day`: the latest one fallen due, not covered, not superseded. */
export function dueInstalmentEvent(
  schedule: readonly InstalmentEvent[],
  paid: number,
  done: ReadonlySet<string>,
  day: number,
): InstalmentEvent | null {
  const progress = progressDay(schedule, done);
  let found: InstalmentEvent | null = null;
  for (const e of schedule) {
    if (e.day > day) break;
    if (open(e, paid, progress) && (e.kind === 'missed' || day <= e.dueDay)) found = e;
  }
  return found;
}

/** The first day ≥ from on which some event would be due (null: none will). */
export function nextInstalmentDay(
  schedule: readonly InstalmentEvent[],
  paid: number,
  done: ReadonlySet<string>,
  from: number,
): number | null {
  const progress = progressDay(schedule, done);
  let best: number | null = null;
  for (const e of schedule) {
    if (!open(e, paid, progress)) continue;
    const day = Math.max(e.day, from);
    if (e.kind === 'reminder' && day > e.dueDay) continue;
    if (best === null || day < best) best = day;
  }
  return best;
}
