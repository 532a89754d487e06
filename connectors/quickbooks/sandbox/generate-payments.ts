// How a generated customer pays its invoices. Each behaviour yields payment events (day, amount)
// for an invoice's open amount; events after the ledger's end date have not happened yet, so those
// invoices stay open and age. The count of payments is then brought to exactly what was asked by
// splitting full payments into instalments or dropping some, always from the seeded generator.
import type { Random } from './random.ts';
import type { PaymentLineRecord } from './records.ts';

export const PAYER_BEHAVIOURS = ['prompt', 'late', 'partial', 'never', 'batch'] as const;
export type PayerBehaviour = (typeof PAYER_BEHAVIOURS)[number];

/** A payment line while generating: `txnId` holds the invoice's index until Ids are given. */
export type PaymentLineDraft = PaymentLineRecord;

export interface PaymentDraft {
  customer: number;
  day: number;
  lines: PaymentLineDraft[];
  /** Received on top of the lines (an overpayment left on account). */
  unappliedMinor: number;
}

export interface InvoiceFacts {
  customer: number;
  txnDay: number;
  dueDay: number;
  openMinor: number;
}

/** Calls `emit(day, amount)` for each payment of one invoice, in date order, none after `endDay`. */
export function paymentEvents(
  random: Random,
  behaviour: PayerBehaviour,
  inv: InvoiceFacts,
  endDay: number,
  emit: (day: number, amountMinor: number) => void,
): void {
  const at = (offsetFromDue: number): number => Math.max(inv.txnDay, inv.dueDay + offsetFromDue);
  const push = (day: number, amount: number): boolean => {
    if (day > endDay || amount <= 0) return false;
    emit(day, amount);
    return true;
  };
  switch (behaviour) {
    case 'prompt':
      push(random.chance(0.97) ? at(random.int(-10, 3)) : at(random.int(5, 20)), inv.openMinor);
      break;
    case 'late':
      if (random.chance(0.92)) push(at(random.int(8, 75)), inv.openMinor);
      break;
    case 'never':
      if (random.chance(0.4)) push(at(random.int(60, 150)), inv.openMinor);
      break;
    case 'batch':
      // Pays everything due in a month a few days into the next month, in one payment.
      push(nextMonthRun(inv.dueDay, random.int(0, 4), inv.txnDay), inv.openMinor);
      break;
    case 'partial': {
      const instalments = random.int(2, 3);
      let left = inv.openMinor;
      let day = at(random.int(0, 20));
      for (let k = 0; k < instalments && left > 0; k++) {
        const last = k === instalments - 1;
        if (!last && k > 0 && random.chance(0.15)) break; // stopped paying
        const amount = last ? left : Math.max(1, Math.round(left * (0.3 + random.next() * 0.3)));
        if (!push(day, amount)) break;
        left -= amount;
        day += random.int(15, 45);
      }
      break;
    }
  }
}

const DAY_MS = 86_400_000;

/** The day `offset` days after the start of the month following `dueDay` (never before the invoice). */
function nextMonthRun(dueDay: number, offset: number, txnDay: number): number {
  const due = new Date(dueDay * DAY_MS);
  const firstOfNext = Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 1) / DAY_MS;
  return Math.max(txnDay, firstOfNext + offset);
}

/**
 * Brings the number of payments to `target`: drops payments (their invoices stay open) when there
 * are too many, splits single-invoice payments into two instalments when there are too few.
 */
export function fitPaymentCount(
  random: Random,
  drafts: PaymentDraft[],
  target: number,
  invoiceTxnDay: (invoice: number) => number,
): PaymentDraft[] {
  if (drafts.length > target) {
    const keep = new Uint8Array(drafts.length).fill(1);
    const order = random.shuffle(drafts.map((_, i) => i));
    for (let k = 0; k < drafts.length - target; k++) keep[order[k] as number] = 0;
    return drafts.filter((_, i) => keep[i] === 1);
  }
  const out = [...drafts];
  while (out.length < target) {
    const before = out.length;
    const candidates = random.shuffle(out.map((_, i) => i).filter((i) => splittable(out[i] as PaymentDraft)));
    for (const i of candidates) {
      if (out.length >= target) break;
      const draft = out[i] as PaymentDraft;
      const line = draft.lines[0] as PaymentLineDraft;
      const first = Math.round(line.amountMinor * (0.3 + random.next() * 0.4));
      const earliest = invoiceTxnDay(line.txnId);
      const day = earliest + Math.floor(random.next() * (draft.day - earliest + 1));
      out.push({
        customer: draft.customer,
        day,
        lines: [{ kind: 'Invoice', txnId: line.txnId, amountMinor: first }],
        unappliedMinor: 0,
      });
      line.amountMinor -= first;
    }
    if (out.length === before) {
      throw new RangeError(
        `cannot generate ${target} payments: the invoices only support ${out.length} (ask for fewer payments or more invoices)`,
      );
    }
  }
  return out;
}

function splittable(draft: PaymentDraft): boolean {
  const line = draft.lines[0];
  return (
    draft.lines.length === 1 && draft.unappliedMinor === 0 && line !== undefined && line.amountMinor >= 200
  );
}
