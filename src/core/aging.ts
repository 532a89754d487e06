// Aged balance (balance âgée): open receivables by days past the due date, per currency, as of any
// date. Amounts are integer minor units and currencies are never mixed.
//
// As of a past date the current state is undone: an invoice issued after `at` does not count, and its
// open balance at `at` is today's open balance plus every allocation (payment or credit note) dated
// after `at`, capped at the invoice total. That is exact as far as the allocations are known.
import { daysBetween } from './dates.ts';
import type { LocalDate } from './dates.ts';
import type { Invoice, InvoiceStatus } from './types.ts';

export const AGING_BUCKETS = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/** One line of an aged balance: each bucket and their total, in minor units of one currency. */
export type AgingRow = Record<AgingBucket | 'total', number>;

/** The fields aging reads, so the store can feed narrow rows. */
export type AgingInvoice = Pick<
  Invoice,
  'id' | 'customerId' | 'issueDate' | 'dueDate' | 'currency' | 'total' | 'openBalance' | 'status'
>;

/** A payment or credit-note allocation to one invoice, with the date it took effect. */
export interface DatedAllocation {
  invoiceId: string;
  date: LocalDate;
  amount: number;
}

/** An invoice with a balance open at some date, placed in its bucket. */
export interface OpenItem {
  invoice: AgingInvoice;
  balance: number;
  daysPastDue: number;
  bucket: AgingBucket;
}

/** 0 or fewer days past due is not yet due; then 1–30, 31–60, 61–90, and over 90. */
export function bucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'not_due';
  if (daysPastDue <= 30) return 'd1_30';
  if (daysPastDue <= 60) return 'd31_60';
  if (daysPastDue <= 90) return 'd61_90';
  return 'd90_plus';
}

export function emptyAgingRow(): AgingRow {
  return { not_due: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90_plus: 0, total: 0 };
}

/** An invoice without a due date is due on its issue date. */
export function effectiveDueDate(invoice: Pick<Invoice, 'issueDate' | 'dueDate'>): LocalDate {
  return invoice.dueDate ?? invoice.issueDate;
}

/** Void, deleted and draft invoices are never receivables; open and paid ones are (paid ones as of the past). */
export function isReceivable(status: InvoiceStatus): boolean {
  return status === 'open' || status === 'paid';
}

/** Per invoice, the sum of the allocations dated after `at` (what has to be undone to see `at`). */
export function allocatedAfter(allocations: Iterable<DatedAllocation>, at: LocalDate): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of allocations) {
    if (a.date > at) out.set(a.invoiceId, (out.get(a.invoiceId) ?? 0) + a.amount);
  }
  return out;
}

/** The invoice's open balance at the end of `at`, given what was allocated to it after `at`. */
export function openBalanceAt(invoice: AgingInvoice, allocatedLater: number, at: LocalDate): number {
  if (!isReceivable(invoice.status) || invoice.issueDate > at) return 0;
  return Math.max(0, Math.min(invoice.total, invoice.openBalance + allocatedLater));
}

/** Every invoice with a positive balance at the end of `at`, with its age. */
export function openItemsAt(
  invoices: Iterable<AgingInvoice>,
  allocations: Iterable<DatedAllocation>,
  at: LocalDate,
): OpenItem[] {
  const later = allocatedAfter(allocations, at);
  const items: OpenItem[] = [];
  for (const invoice of invoices) {
    const balance = openBalanceAt(invoice, later.get(invoice.id) ?? 0, at);
    if (balance <= 0) continue;
    const daysPastDue = daysBetween(effectiveDueDate(invoice), at);
    items.push({ invoice, balance, daysPastDue, bucket: bucketOf(daysPastDue) });
  }
  return items;
}

function addTo(rows: Map<string, AgingRow>, item: OpenItem): void {
  let row = rows.get(item.invoice.currency);
  if (!row) {
    row = emptyAgingRow();
    rows.set(item.invoice.currency, row);
  }
  row[item.bucket] += item.balance;
  row.total += item.balance;
}

/** The firm's aged balance at the end of `at`: one row per currency with something open. */
export function agingBuckets(
  invoices: Iterable<AgingInvoice>,
  allocations: Iterable<DatedAllocation>,
  at: LocalDate,
): Map<string, AgingRow> {
  const rows = new Map<string, AgingRow>();
  for (const item of openItemsAt(invoices, allocations, at)) addTo(rows, item);
  return rows;
}

/** The aged balance per customer (customerId → currency → row); customers with nothing open are absent. */
export function agingByCustomer(
  invoices: Iterable<AgingInvoice>,
  allocations: Iterable<DatedAllocation>,
  at: LocalDate,
): Map<string, Map<string, AgingRow>> {
  const out = new Map<string, Map<string, AgingRow>>();
  for (const item of openItemsAt(invoices, allocations, at)) {
    let rows = out.get(item.invoice.customerId);
    if (!rows) {
      rows = new Map();
      out.set(item.invoice.customerId, rows);
    }
    addTo(rows, item);
  }
  return out;
}
