// The last step of generating a ledger: QuickBooks-style Ids in creation order, payments applied to
// invoices and credit memos in that order (so LinkedTxn lists them oldest first), customer balances.
import { fromEpochDay as dayToDate } from '../../../src/core/dates.ts';
import type { LedgerRecords } from './company.ts';
import type { PayerBehaviour, PaymentDraft } from './generate-payments.ts';
import type { Random } from './random.ts';
import type { CreditMemoRecord, CustomerRecord, InvoiceRecord, PaymentRecord } from './records.ts';

export interface GeneratedLedger extends LedgerRecords {
  homeCurrency: string;
  /** How each customer (by Id) was generated to pay: the ground truth for tests and benchmarks. */
  behaviours: Map<number, PayerBehaviour>;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
// Units of US dollars per unit; exchange rates between any two follow from these.
const USD_PER_UNIT: Record<string, number> = {
  USD: 1,
  EUR: 1.08,
  GBP: 1.27,
  CAD: 0.73,
  AUD: 0.66,
  CHF: 1.12,
  JPY: 0.0067,
};

/** A time during Pacific business hours on that day (about 08:00 to 18:00, UTC-7/-8). */
export function businessTime(random: Random, day: number): number {
  return day * DAY_MS + 15 * HOUR_MS + random.int(0, 10 * HOUR_MS);
}

// Dates repeat across a ledger (a year has 365 of them): format each once.
const dateText = new Map<number, string>();
export function fromEpochDay(day: number): string {
  let text = dateText.get(day);
  if (text === undefined) dateText.set(day, (text = dayToDate(day)));
  return text;
}

export function exchangeRate(currency: string, home: string, day: number): number {
  if (currency === home) return 1;
  const base = (USD_PER_UNIT[currency] ?? 1) / (USD_PER_UNIT[home] ?? 1);
  return Math.round(base * (1 + 0.02 * Math.sin(day / 29)) * 1e6) / 1e6;
}

export interface Parts {
  random: Random;
  home: string;
  customers: CustomerRecord[];
  invoices: InvoiceRecord[];
  creditMemos: CreditMemoRecord[];
  creditFor: { memo: number; invoice: number; day: number; amountMinor: number }[];
  received: PaymentDraft[];
  behaviourOf: PayerBehaviour[];
}

/** Gives Ids in creation order (as QuickBooks does), then applies payments and sums balances. */
export function assemble(p: Parts): GeneratedLedger {
  const payments: PaymentRecord[] = [];
  for (const draft of p.received) {
    const createdMs = businessTime(p.random, draft.day);
    const customer = p.customers[draft.customer] as CustomerRecord;
    const applied = draft.lines.reduce((s, l) => s + l.amountMinor, 0);
    payments.push({
      id: 0,
      syncToken: 0,
      createdMs,
      updatedMs: createdMs,
      txnDate: fromEpochDay(draft.day),
      customerId: customer.id,
      currency: customer.currency,
      exchangeRate: exchangeRate(customer.currency, p.home, draft.day),
      totalMinor: applied + draft.unappliedMinor,
      unappliedMinor: draft.unappliedMinor,
      lines: draft.lines,
      reference: p.random.chance(0.6) ? String(p.random.int(10000, 99999)) : null,
      privateNote: null,
    });
  }
  for (const credit of p.creditFor) {
    const memo = p.creditMemos[credit.memo] as CreditMemoRecord;
    const createdMs = memo.createdMs + 60_000;
    payments.push({
      id: 0,
      syncToken: 0,
      createdMs,
      updatedMs: createdMs,
      txnDate: memo.txnDate,
      customerId: memo.customerId,
      currency: memo.currency,
      exchangeRate: memo.exchangeRate,
      totalMinor: 0,
      unappliedMinor: 0,
      lines: [
        { kind: 'Invoice', txnId: credit.invoice, amountMinor: credit.amountMinor },
        { kind: 'CreditMemo', txnId: credit.memo, amountMinor: credit.amountMinor },
      ],
      reference: null,
      privateNote: null,
    });
  }
  // Order every transaction by creation time: one 64-bit key per transaction (milliseconds since
  // the earliest, then its position), sorted natively without a comparator.
  const counts = [p.invoices.length, p.creditMemos.length, payments.length] as const;
  const stamps = [...p.invoices, ...p.creditMemos, ...payments].map((t) => t.createdMs);
  const earliest = stamps.reduce((min, ms) => Math.min(min, ms), Infinity);
  const keys = new BigUint64Array(stamps.length);
  stamps.forEach((ms, i) => (keys[i] = (BigInt(ms - earliest) << 22n) | BigInt(i)));
  keys.sort();
  const order = Array.from(keys, (key) => Number(key & 0x3fffffn));

  const invoicesById: InvoiceRecord[] = [];
  const memosById: CreditMemoRecord[] = [];
  const paymentsById: PaymentRecord[] = [];
  let nextDoc = 1001;
  order.forEach((t, position) => {
    const id = position + 1;
    if (t < counts[0]) {
      const inv = p.invoices[t] as InvoiceRecord;
      inv.id = id;
      inv.docNumber = String(nextDoc++);
      invoicesById.push(inv);
    } else if (t < counts[0] + counts[1]) {
      const memo = p.creditMemos[t - counts[0]] as CreditMemoRecord;
      memo.id = id;
      memo.docNumber = String(nextDoc++);
      memosById.push(memo);
    } else {
      const pay = payments[t - counts[0] - counts[1]] as PaymentRecord;
      pay.id = id;
      paymentsById.push(pay);
    }
  });
  // Apply payments in Id order, so every invoice lists its payments oldest first.
  for (const pay of paymentsById) {
    for (const line of pay.lines) {
      if (line.kind === 'Invoice') {
        const inv = p.invoices[line.txnId] as InvoiceRecord;
        line.txnId = inv.id;
        inv.balanceMinor -= line.amountMinor;
        inv.paymentIds.push(pay.id);
        inv.syncToken += 1;
        inv.updatedMs = Math.max(inv.updatedMs, pay.createdMs);
      } else {
        const memo = p.creditMemos[line.txnId] as CreditMemoRecord;
        line.txnId = memo.id;
        memo.remainingMinor -= line.amountMinor;
        memo.paymentIds.push(pay.id);
        memo.syncToken += 1;
        memo.updatedMs = Math.max(memo.updatedMs, pay.createdMs);
      }
    }
  }
  for (const inv of invoicesById)
    (p.customers[inv.customerId - 1] as CustomerRecord).balanceMinor += inv.balanceMinor;
  for (const memo of memosById)
    (p.customers[memo.customerId - 1] as CustomerRecord).balanceMinor -= memo.remainingMinor;
  for (const pay of paymentsById)
    (p.customers[pay.customerId - 1] as CustomerRecord).balanceMinor -= pay.unappliedMinor;

  return {
    homeCurrency: p.home,
    customers: p.customers,
    invoices: invoicesById,
    payments: paymentsById,
    creditMemos: memosById,
    behaviours: new Map(p.behaviourOf.map((b, i) => [i + 1, b])),
  };
}
