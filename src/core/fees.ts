// Statutory late-payment interest and fixed recovery compensation (B2B), computed for display on a
// reminder. They are never written into the invoice: a firm that wants them invoiced issues a separate
// document.
//
// Interest is simple interest on the open amount, day by day from the day after the due date up to and
// including `at`: open amount × annual rate × days / 365. The rate is the reference rate fixed for each
// half-year plus the points in force, so a late period crossing 1 January or 1 July (or a change of
// points) is split and summed. Each period's interest is rounded half-up to the minor unit and the
// total is the sum of the periods, so a statement that lists them adds up.
import { addDays, daysBetween, maxDate, minDate } from './dates.ts';
import type { LocalDate } from './dates.ts';
import type { Money } from './money.ts';
import {
  DEFAULT_RATE_TABLE,
  countryRule,
  nextHalfYearStart,
  pointsChangesBetween,
  statutoryRateOn,
} from './interest-rates.ts';
import type { CountryRule, RateTable } from './interest-rates.ts';

export interface LateFeesInput {
  /** The creditor's country (the firm's), whose law sets the rate: ISO 3166-1 alpha-2. */
  country: string;
  currency: string;
  /** Open amount in minor units. */
  openAmount: number;
  dueDate: LocalDate;
  at: LocalDate;
  rates?: RateTable;
}

export interface InterestPeriod {
  /** First and last day of interest in this period (inclusive). */
  from: LocalDate;
  to: LocalDate;
  days: number;
  referenceSeries: string;
  referencePercent: number;
  /** True when the reference rate is the last known one, past the table's checked range. */
  provisional: boolean;
  points: number;
  ratePercent: number;
  /** Minor units, rounded half-up. */
  interest: number;
}

export interface LateFees {
  /** Days late at `at` (0 when not yet late). */
  days: number;
  /** Annual rate for display: the one running at `at` (or from the day after the due date, if not late yet). */
  ratePercent: number;
  /** Minor units, rounded half-up: the sum of the periods. */
  interest: number;
  /** Fixed compensation for recovery costs, owed once the invoice is late; null when none is configured. */
  compensation: Money | null;
  periods: InterestPeriod[];
  /** The law the figures follow, for the statement. */
  law: string;
}

export function lateFees(input: LateFeesInput): LateFees {
  const table = input.rates ?? DEFAULT_RATE_TABLE;
  const rule = countryRule(input.country, table);
  const firstLateDay = addDays(input.dueDate, 1);
  const days = Math.max(0, daysBetween(input.dueDate, input.at));
  const periods: InterestPeriod[] = [];
  let day = firstLateDay;
  while (day <= input.at) {
    const boundaries = [nextHalfYearStart(day), ...pointsChangesBetween(input.country, day, input.at, table)];
    const end = minDate(addDays(boundaries.sort()[0] as LocalDate, -1), input.at);
    periods.push(period(input, day, end, table));
    day = addDays(end, 1);
  }
  const running = statutoryRateOn(input.country, maxDate(input.at, firstLateDay), table);
  const late = days > 0 && input.openAmount > 0;
  return {
    days,
    ratePercent: running.ratePercent,
    interest: periods.reduce((sum, p) => sum + p.interest, 0),
    compensation: late ? compensationFor(rule.compensation, input.currency, input.openAmount) : null,
    periods,
    law: rule.law,
  };
}

function period(input: LateFeesInput, from: LocalDate, to: LocalDate, table: RateTable): InterestPeriod {
  const rate = statutoryRateOn(input.country, from, table);
  const days = daysBetween(from, to) + 1;
  const amount = Math.max(0, input.openAmount);
  return {
    from,
    to,
    days,
    referenceSeries: rate.reference.series,
    referencePercent: rate.reference.ratePercent,
    provisional: rate.reference.provisional,
    points: rate.points,
    ratePercent: rate.ratePercent,
    // amount × (milli-percent / 100 000) × days / 365, exactly, in integers.
    interest: roundHalfUp(BigInt(amount) * BigInt(rate.rateMilliPercent) * BigInt(days), 36_500_000n),
  };
}

/** numerator / denominator rounded half-up (towards +∞ on a tie), for a positive denominator. */
function roundHalfUp(numerator: bigint, denominator: bigint): number {
  const twice = 2n * numerator + denominator;
  const twiceDen = 2n * denominator;
  let q = twice / twiceDen; // truncates towards zero
  if (twice % twiceDen !== 0n && twice < 0n) q -= 1n; // floor for negatives
  return Number(q);
}

function compensationFor(
  rules: CountryRule['compensation'],
  currency: string,
  openAmount: number,
): Money | null {
  const rule = rules.find((r) => r.currency === currency);
  if (!rule) return null;
  let best: { fromAmount: number; amount: number } | undefined;
  for (const t of rule.tiers)
    if (t.fromAmount <= openAmount && (!best || t.fromAmount > best.fromAmount)) best = t;
  return best ? { amount: best.amount, currency } : null;
}
