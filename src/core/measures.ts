// Collection measures: DSO (count-back), CEI and recovery rate per currency; average days late per
// customer and worsening payers from payment history.
// "Credit sales" are the totals of receivable invoices (open or paid) by issue date; credit notes are
// not netted off, since the aging input carries invoices only.
import { addDays, addMonths, daysBetween } from './dates.ts';
import type { LocalDate } from './dates.ts';
import { agingBuckets, effectiveDueDate, isReceivable, openItemsAt } from './aging.ts';
import type { AgingInvoice, DatedAllocation } from './aging.ts';

/** An inclusive date range: from the start of `from` to the end of `to`. */
export interface Period {
  from: LocalDate;
  to: LocalDate;
}

/** Credit sales per currency of invoices issued after `afterDate` and on or before `through`. */
export function creditSales(
  invoices: Iterable<AgingInvoice>,
  afterDate: LocalDate,
  through: LocalDate,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const inv of invoices) {
    if (!isReceivable(inv.status) || inv.issueDate <= afterDate || inv.issueDate > through) continue;
    out.set(inv.currency, (out.get(inv.currency) ?? 0) + inv.total);
  }
  return out;
}

export interface MonthSales {
  days: number;
  sales: number;
}

export interface Dso {
  receivables: number;
  days: number;
  /** True when the months given did not absorb the receivables: `days` is then a lower bound. */
  capped: boolean;
}

/**
 * DSO by the count-back (exhaustion) method, as taught in UK credit-management practice (Institute of
 * Credit Management) rather than the averaged "receivables / sales × days": starting with the most
 * recent month, subtract each month's
 * credit sales from the receivables balance while the balance covers them, counting that month's days;
 * the month that exhausts the balance adds its days × (remaining balance / that month's sales).
 * `months` runs from the most recent backwards.
 */
export function dsoCountBackFromMonths(receivables: number, months: readonly MonthSales[]): Dso {
  let remaining = receivables;
  let days = 0;
  for (const month of months) {
    if (remaining <= 0) return { receivables, days, capped: false };
    if (remaining >= month.sales) {
      remaining -= month.sales;
      days += month.days;
    } else {
      return { receivables, days: days + (month.days * remaining) / month.sales, capped: false };
    }
  }
  return { receivables, days, capped: remaining > 0 };
}

/**
 * DSO per currency at the end of `at`. Months are the trailing calendar months ending on `at`
 * (e.g. at 2025-03-31: March, February, January …), each with its real number of days.
 */
export function dsoCountBack(
  invoices: readonly AgingInvoice[],
  allocations: readonly DatedAllocation[],
  at: LocalDate,
  maxMonths = 24,
): Map<string, Dso> {
  const bounds = Array.from({ length: maxMonths + 1 }, (_, k) => addMonths(at, -k));
  const salesByCurrency = new Map<string, number[]>();
  for (const inv of invoices) {
    if (!isReceivable(inv.status) || inv.issueDate > at) continue;
    const k = bounds.findIndex((_, i) => i < maxMonths && inv.issueDate > (bounds[i + 1] as LocalDate));
    if (k < 0) continue;
    let months = salesByCurrency.get(inv.currency);
    if (!months) {
      months = new Array<number>(maxMonths).fill(0);
      salesByCurrency.set(inv.currency, months);
    }
    months[k] = (months[k] ?? 0) + inv.total;
  }
  const out = new Map<string, Dso>();
  for (const [currency, row] of agingBuckets(invoices, allocations, at)) {
    const sales = salesByCurrency.get(currency) ?? new Array<number>(maxMonths).fill(0);
    const months = sales.map((s, k) => ({
      sales: s,
      days: daysBetween(bounds[k + 1] as LocalDate, bounds[k] as LocalDate),
    }));
    out.set(currency, dsoCountBackFromMonths(row.total, months));
  }
  return out;
}

export interface Cei {
  opening: number;
  creditSales: number;
  closingTotal: number;
  closingCurrent: number;
  /** Percent; null when there was nothing to collect. */
  cei: number | null;
}

/**
 * Collection effectiveness index over a period, per currency, by its standard definition in credit
 * management (as used in Credit Research Foundation and trade-credit literature):
 *   CEI = (opening receivables + credit sales − closing total receivables)
 *       / (opening receivables + credit sales − closing current receivables) × 100
 * Opening is the balance at the end of the day before `from`; closing at the end of `to`;
 * "current" means not yet due.
 */
export function collectionEffectivenessIndex(
  invoices: readonly AgingInvoice[],
  allocations: readonly DatedAllocation[],
  period: Period,
): Map<string, Cei> {
  const start = addDays(period.from, -1);
  const opening = agingBuckets(invoices, allocations, start);
  const closing = agingBuckets(invoices, allocations, period.to);
  const sales = creditSales(invoices, start, period.to);
  const currencies = new Set([...opening.keys(), ...closing.keys(), ...sales.keys()]);
  const out = new Map<string, Cei>();
  for (const currency of currencies) {
    const o = opening.get(currency)?.total ?? 0;
    const s = sales.get(currency) ?? 0;
    const closingTotal = closing.get(currency)?.total ?? 0;
    const closingCurrent = closing.get(currency)?.not_due ?? 0;
    const denominator = o + s - closingCurrent;
    const cei = denominator > 0 ? ((o + s - closingTotal) / denominator) * 100 : null;
    out.set(currency, { opening: o, creditSales: s, closingTotal, closingCurrent, cei });
  }
  return out;
}

export interface Recovery {
  overdueAtStart: number;
  recovered: number;
  /** Percent. */
  ratePercent: number;
}

/**
 * Recovery rate over a period, per currency. There is no single standard; this is the collections
 * convention of measuring the overdue book's cure: of the amount overdue at the period's start (end of the
 * day before `from`, at least one day past due), the share paid or credited by the end of `to`.
 * Each invoice's recovery is capped at what was overdue on it. A currency with nothing overdue at the
 * start has no row.
 */
export function recoveryRate(
  invoices: readonly AgingInvoice[],
  allocations: readonly DatedAllocation[],
  period: Period,
): Map<string, Recovery> {
  const start = addDays(period.from, -1);
  const allocatedInPeriod = new Map<string, number>();
  for (const a of allocations) {
    if (a.date > start && a.date <= period.to) {
      allocatedInPeriod.set(a.invoiceId, (allocatedInPeriod.get(a.invoiceId) ?? 0) + a.amount);
    }
  }
  const out = new Map<string, Recovery>();
  for (const item of openItemsAt(invoices, allocations, start)) {
    if (item.daysPastDue <= 0) continue;
    const r = out.get(item.invoice.currency) ?? { overdueAtStart: 0, recovered: 0, ratePercent: 0 };
    r.overdueAtStart += item.balance;
    r.recovered += Math.min(item.balance, Math.max(0, allocatedInPeriod.get(item.invoice.id) ?? 0));
    out.set(item.invoice.currency, r);
  }
  for (const r of out.values()) r.ratePercent = (r.recovered / r.overdueAtStart) * 100;
  return out;
}

/** An invoice fully settled by its allocations, with when and how late. */
export interface SettledInvoice {
  invoiceId: string;
  customerId: string;
  currency: string;
  total: number;
  dueDate: LocalDate;
  paidDate: LocalDate;
  daysLate: number;
}

/**
 * Invoices settled on or before `at`. The paid date is the date of the allocation that brought the
 * balance to zero (allocations taken in date order); days late = max(0, paid date − due date).
 * An invoice whose known allocations never reach its total (written off, or history incomplete) has no
 * paid date and is left out rather than guessed.
 */
export function settledInvoices(
  invoices: readonly AgingInvoice[],
  allocations: readonly DatedAllocation[],
  at: LocalDate,
): SettledInvoice[] {
  const byInvoice = new Map<string, DatedAllocation[]>();
  for (const a of allocations) {
    if (a.date > at) continue;
    const list = byInvoice.get(a.invoiceId);
    if (list) list.push(a);
    else byInvoice.set(a.invoiceId, [a]);
  }
  const out: SettledInvoice[] = [];
  for (const inv of invoices) {
    if (!isReceivable(inv.status) || inv.total <= 0) continue;
    const list = (byInvoice.get(inv.id) ?? []).sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
    );
    let paid = 0;
    for (const a of list) {
      paid += a.amount;
      if (paid >= inv.total) {
        const dueDate = effectiveDueDate(inv);
        const daysLate = Math.max(0, daysBetween(dueDate, a.date));
        out.push({
          invoiceId: inv.id,
          customerId: inv.customerId,
          currency: inv.currency,
          total: inv.total,
          dueDate,
          paidDate: a.date,
          daysLate,
        });
        break;
      }
    }
  }
  return out;
}

export interface DaysLate {
  settled: number;
  /** Simple mean of days late over the settled invoices. */
  meanDaysLate: number;
  /**
   * Amount-weighted mean (Σ total × days late / Σ total) within each currency. With several currencies,
   * and no exchange rates in the core, each currency's figure is weighted by its number of invoices.
   */
  weightedDaysLate: number;
}

/**
 * Average days late over some settled invoices ("average days beyond terms", ADBT, in credit-management
 * usage: amount-weighted, alongside the simple mean); null when there are none.
 */
export function averageDaysLate(settled: readonly SettledInvoice[]): DaysLate | null {
  if (settled.length === 0) return null;
  const perCurrency = new Map<string, { n: number; amount: number; weighted: number }>();
  let sumDays = 0;
  for (const s of settled) {
    sumDays += s.daysLate;
    const c = perCurrency.get(s.currency) ?? { n: 0, amount: 0, weighted: 0 };
    c.n += 1;
    c.amount += s.total;
    c.weighted += s.total * s.daysLate;
    perCurrency.set(s.currency, c);
  }
  let weightedSum = 0;
  for (const c of perCurrency.values()) weightedSum += c.n * (c.weighted / c.amount);
  return {
    settled: settled.length,
    meanDaysLate: sumDays / settled.length,
    weightedDaysLate: weightedSum / settled.length,
  };
}

/** Average days late per customer as of `at`; a customer with invoices but no settled history maps to null. */
export function averageDaysLateByCustomer(
  invoices: readonly AgingInvoice[],
  allocations: readonly DatedAllocation[],
  at: LocalDate,
): Map<string, DaysLate | null> {
  const byCustomer = groupByCustomer(settledInvoices(invoices, allocations, at));
  const out = new Map<string, DaysLate | null>();
  for (const inv of invoices) {
    if (!isReceivable(inv.status) || inv.issueDate > at) continue;
    out.set(inv.customerId, averageDaysLate(byCustomer.get(inv.customerId) ?? []));
  }
  return out;
}

export interface WorseningPayer {
  customerId: string;
  previousDaysLate: number;
  recentDaysLate: number;
  increase: number;
}

/**
 * Customers whose amount-weighted days late over their last `n` settled invoices (by paid date)
 * exceeds that over the `n` before by at least `minIncreaseDays`. Customers with fewer than 2n settled
 * invoices are not judged. Worst first.
 */
export function worseningPayers(
  settled: readonly SettledInvoice[],
  options: { n?: number; minIncreaseDays?: number } = {},
): WorseningPayer[] {
  const n = options.n ?? 5;
  const minIncrease = options.minIncreaseDays ?? 5;
  const out: WorseningPayer[] = [];
  for (const [customerId, list] of groupByCustomer(settled)) {
    if (list.length < 2 * n) continue;
    const ordered = [...list].sort((a, b) =>
      a.paidDate !== b.paidDate ? (a.paidDate < b.paidDate ? -1 : 1) : a.invoiceId < b.invoiceId ? -1 : 1,
    );
    const recent = averageDaysLate(ordered.slice(-n));
    const previous = averageDaysLate(ordered.slice(-2 * n, -n));
    if (!recent || !previous) continue;
    const increase = recent.weightedDaysLate - previous.weightedDaysLate;
    if (increase >= minIncrease) {
      out.push({
        customerId,
        previousDaysLate: previous.weightedDaysLate,
        recentDaysLate: recent.weightedDaysLate,
        increase,
      });
    }
  }
  return out.sort((a, b) => b.increase - a.increase || (a.customerId < b.customerId ? -1 : 1));
}

function groupByCustomer(settled: readonly SettledInvoice[]): Map<string, SettledInvoice[]> {
  const out = new Map<string, SettledInvoice[]>();
  for (const s of settled) {
    const list = out.get(s.customerId);
    if (list) list.push(s);
    else out.set(s.customerId, [s]);
  }
  return out;
}
