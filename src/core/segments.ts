// Segments tie customers to procedures. A person's choice wins; otherwise rules are tried by
// position and the first that matches decides.
import { addDays, daysBetween } from './dates.ts';
import type { LocalDate } from './dates.ts';
import type { Money } from './money.ts';
import type { Customer, Segment, SegmentRule } from './types.ts';

export interface CustomerStats {
  firstInvoiceDate: LocalDate | null;
  /** Average days late over the customer's paid invoices; null when there is no history. */
  avgDaysLate: number | null;
  /** Open balance per currency. */
  openBalance: Money[];
}

export type DefaultProcedureKey = 'standard' | 'gentle' | 'strict';

export function defaultSegments(
  procedureIdByKey: Readonly<Record<DefaultProcedureKey, string>>,
): Omit<Segment, 'id'>[] {
  const id = (key: DefaultProcedureKey): string => {
    const found = procedureIdByKey[key];
    if (!found) throw new RangeError(`defaultSegments: no procedure id for "${key}"`);
    return found;
  };
  return [
    {
      key: 'key-accounts',
      name: 'Key accounts',
      procedureId: id('gentle'),
      rule: { kind: 'manual' },
      position: 0,
    },
    {
      key: 'habitually-late',
      name: 'Habitually late',
      procedureId: id('strict'),
      rule: { kind: 'avg_days_late_over', days: 15 },
      position: 1,
    },
    {
      key: 'new-customers',
      name: 'New customers',
      procedureId: id('strict'),
      rule: { kind: 'new_customer', maxAgeDays: 90 },
      position: 2,
    },
    {
      key: 'everyone-else',
      name: 'Everyone else',
      procedureId: id('standard'),
      rule: { kind: 'default' },
      position: 3,
    },
  ];
}

/** Whether a rule puts the customer in its segment on date `at`. Manual segments are never matched by rule. */
export function ruleMatches(rule: SegmentRule, stats: CustomerStats, at: LocalDate): boolean {
  switch (rule.kind) {
    case 'manual':
      return false;
    case 'new_customer':
      // No invoice yet counts as new; a customer stays new for maxAgeDays after its first invoice.
      return stats.firstInvoiceDate === null || daysBetween(stats.firstInvoiceDate, at) < rule.maxAgeDays;
    case 'open_balance_over':
      return stats.openBalance.some(
        (m) => m.currency === rule.amount.currency && m.amount > rule.amount.amount,
      );
    case 'avg_days_late_over':
      return stats.avgDaysLate !== null && stats.avgDaysLate > rule.days;
    case 'default':
      return true;
  }
}

function byPosition(segments: readonly Segment[]): Segment[] {
  return [...segments].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function assignSegment(
  customer: Customer,
  stats: CustomerStats,
  segments: readonly Segment[],
  at: LocalDate,
): Segment {
  if (customer.segmentManual && customer.segmentId !== null) {
    const chosen = segments.find((s) => s.id === customer.segmentId);
    if (chosen) return chosen;
  }
  for (const segment of byPosition(segments)) if (ruleMatches(segment.rule, stats, at)) return segment;
  throw new RangeError(
    `no segment matches customer ${customer.id}: the firm needs a segment with the "default" rule`,
  );
}

/**
 * The first date after `at` on which the rules place the customer in another segment (a new
 * customer growing old), or null when only a change in the ledger or by a person can move it.
 */
export function nextSegmentChange(
  customer: Customer,
  stats: CustomerStats,
  segments: readonly Segment[],
  at: LocalDate,
): LocalDate | null {
  const first = stats.firstInvoiceDate;
  if (first === null) return null;
  const current = assignSegment(customer, stats, segments, at).id;
  const ageAt = daysBetween(first, at);
  const flips = segments
    .flatMap((s) =>
      s.rule.kind === 'new_customer' && ageAt < s.rule.maxAgeDays ? [s.rule.maxAgeDays - ageAt] : [],
    )
    .sort((a, b) => a - b);
  for (const days of flips) {
    const date = addDays(at, days);
    if (assignSegment(customer, stats, segments, date).id !== current) return date;
  }
  return null;
}
