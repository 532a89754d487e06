// The generator's second half: exactly N payments placed on posted invoices by each customer's
// payment behaviour (prompt, late, slow, bad, never), oldest invoices settled first; extra
// payments become instalments and partial payments; then credit notes allocated to open invoices.
import type {
  AllocationRecord,
  CreditNoteRecord,
  InvoiceRecord,
  OrganisationRecord,
  PaymentRecord,
} from './ledger-types.ts';
import type { Random } from './random.ts';
import { buildLine, documentTotals } from './tax.ts';
import { startOfEpochDay } from './xero-format.ts';

export type Behaviour = 'prompt' | 'late' | 'slow' | 'bad' | 'never';

/** Days after the due date a customer of each kind pays; null = does not pay. */
const LATENESS: Record<Behaviour, readonly [number, number] | null> = {
  prompt: [-6, 3],
  late: [5, 35],
  slow: [30, 90],
  bad: [60, 200],
  never: null,
};

function at(random: Random, day: number): number {
  return startOfEpochDay(day) + random.int(7, 19) * 3_600_000 + random.int(0, 3_599_999);
}

/** Splits `total` minor units into `parts` positive amounts of roughly equal size. */
function split(random: Random, total: number, parts: number): number[] {
  if (parts > total) throw new RangeError(`cannot split ${total} minor units into ${parts} payments`);
  const weights = Array.from({ length: parts }, () => 0.6 + random.next());
  const sum = weights.reduce((a, b) => a + b, 0);
  const amounts = weights.map((w) => Math.max(1, Math.floor((total * w) / sum)));
  let rest = total - amounts.reduce((a, b) => a + b, 0);
  for (let i = 0; rest !== 0; i = (i + 1) % parts) {
    const step = rest > 0 ? 1 : amounts[i]! > 1 ? -1 : 0;
    amounts[i]! += step;
    rest -= step;
  }
  return amounts;
}

export function placePayments(
  random: Random,
  invoices: InvoiceRecord[],
  behaviours: Map<string, Behaviour>,
  count: number,
  asOfDay: number,
): PaymentRecord[] {
  const full: { inv: InvoiceRecord; day: number }[] = [];
  const open: InvoiceRecord[] = [];
  for (const inv of invoices) {
    if (inv.status !== 'AUTHORISED') continue;
    const lateness = LATENESS[inv.type === 'ACCPAY' ? 'prompt' : (behaviours.get(inv.contactId) ?? 'late')];
    const day = lateness
      ? Math.max(inv.date, (inv.dueDate ?? inv.date) + random.int(lateness[0], lateness[1]))
      : Infinity;
    if (day <= asOfDay) full.push({ inv, day });
    else open.push(inv);
  }
  // About 6 % of payments are part-payments of invoices still open; the rest settle invoices in
  // full, oldest first (invoices are in date order) when payments are scarce. Payments beyond one
  // per settled invoice become instalments.
  const partialTargets = open.filter((inv) => inv.date < asOfDay - 7 && inv.total >= 2);
  let partialBudget = Math.min(Math.round(count * 0.06), partialTargets.length);
  const paid = full.slice(0, Math.min(count - partialBudget, full.length));
  for (const { inv } of full.slice(paid.length)) open.push(inv);
  let splitBudget = count - partialBudget - paid.length;
  if (splitBudget > 0 && paid.length === 0) {
    partialBudget += splitBudget;
    splitBudget = 0;
  }
  if (partialBudget > 0 && partialTargets.length === 0) {
    throw new RangeError(
      `payments: cannot place ${count} payments on ${invoices.length} invoices (none can take a payment)`,
    );
  }
  const partials = new Map<InvoiceRecord, number>();
  for (let i = 0; i < partialBudget; i++) {
    const inv = partialTargets[i % partialTargets.length] as InvoiceRecord;
    partials.set(inv, (partials.get(inv) ?? 0) + 1);
  }
  const instalments = paid.map(() => 1);
  for (let i = 0; i < splitBudget; i++) instalments[i % paid.length]! += 1;

  const payments: PaymentRecord[] = [];
  const batches = new Map<number, string>();
  const record = (inv: InvoiceRecord, amount: number, day: number): void => {
    let batchPaymentId: string | null = null;
    if (inv.type === 'ACCPAY' && random.chance(0.6)) {
      batchPaymentId = batches.get(day) ?? random.uuid();
      batches.set(day, batchPaymentId);
    }
    const payment: PaymentRecord = {
      id: random.uuid(),
      invoiceId: inv.id,
      date: day,
      amount,
      currencyRate:
        inv.currencyRate === 1 ? 1 : Math.round(inv.currencyRate * (0.99 + random.next() * 0.02) * 1e6) / 1e6,
      reference: inv.type === 'ACCREC' ? (random.chance(0.5) ? inv.number : '') : `Payment run ${day}`,
      status: 'AUTHORISED',
      isReconciled: random.chance(day < asOfDay - 5 ? 0.95 : 0.3),
      batchPaymentId,
      updatedAt: at(random, day),
    };
    payments.push(payment);
    inv.paymentIds.push(payment.id);
    inv.amountPaid += amount;
    if (payment.updatedAt > inv.updatedAt) inv.updatedAt = payment.updatedAt;
  };
  paid.forEach(({ inv, day }, i) => {
    const k = instalments[i] as number;
    const amounts = split(random, inv.total, k);
    amounts.forEach((amount, j) =>
      record(inv, amount, j === k - 1 ? day : inv.date + Math.floor(((day - inv.date) * (j + 1)) / k)),
    );
    inv.status = 'PAID';
    inv.fullyPaidOn = day;
  });
  for (const [inv, k] of partials) {
    const portion = Math.max(k, Math.min(inv.total - 1, Math.round(inv.total * (0.2 + random.next() * 0.5))));
    if (portion >= inv.total)
      throw new RangeError(`payments: too many partial payments (${k}) for invoice ${inv.number}`);
    split(random, portion, k).forEach((amount, j) =>
      record(
        inv,
        amount,
        Math.min(asOfDay, inv.date + 1 + Math.floor(((asOfDay - inv.date - 1) * (j + 1)) / (k + 1))),
      ),
    );
  }
  return payments;
}

export function placeCreditNotes(
  random: Random,
  invoices: InvoiceRecord[],
  count: number,
  asOfDay: number,
  org: OrganisationRecord,
): { creditNotes: CreditNoteRecord[]; allocations: AllocationRecord[] } {
  const candidates = invoices.filter(
    (inv) => inv.type === 'ACCREC' && inv.status === 'AUTHORISED' && inv.total - inv.amountPaid > 0,
  );
  const n = Math.min(count, candidates.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random.next() * (candidates.length - i));
    [candidates[i], candidates[j]] = [candidates[j] as InvoiceRecord, candidates[i] as InvoiceRecord];
  }
  const creditNotes: CreditNoteRecord[] = [];
  const allocations: AllocationRecord[] = [];
  const lineAmountTypes = org.salesTaxBasisPoints === 0 ? 'NoTax' : 'Inclusive';
  for (let i = 0; i < n; i++) {
    const inv = candidates[i] as InvoiceRecord;
    const due = inv.total - inv.amountPaid - inv.amountCredited;
    const total = random.chance(0.3) ? due : Math.max(1, Math.round(due * (0.1 + random.next() * 0.8)));
    const date = Math.min(asOfDay, inv.date + random.int(3, 40));
    const line = buildLine(
      {
        description: `Credit for ${inv.number}`,
        quantity: 1,
        unitAmount: total,
        accountCode: org.salesAccountCode,
        taxType: org.salesTaxType,
      },
      lineAmountTypes,
      org.salesTaxBasisPoints,
    );
    const allocated = random.chance(0.85);
    const note: CreditNoteRecord = {
      id: random.uuid(),
      number: `CN-${String(i + 1).padStart(4, '0')}`,
      type: 'ACCRECCREDIT',
      status: allocated ? 'PAID' : 'AUTHORISED',
      contactId: inv.contactId,
      date,
      currency: inv.currency,
      currencyRate: inv.currencyRate,
      reference: `Credit for ${inv.number}`,
      lineAmountTypes,
      lines: [line],
      ...documentTotals([line], lineAmountTypes),
      allocationIds: [],
      allocated: 0,
      fullyPaidOn: allocated ? date : null,
      sentToContact: false,
      updatedAt: at(random, date),
    };
    if (allocated) {
      const allocation: AllocationRecord = {
        id: random.uuid(),
        creditNoteId: note.id,
        invoiceId: inv.id,
        amount: note.total,
        date,
      };
      allocations.push(allocation);
      note.allocationIds.push(allocation.id);
      note.allocated = note.total;
      inv.allocationIds.push(allocation.id);
      inv.amountCredited += note.total;
      if (inv.total - inv.amountPaid - inv.amountCredited === 0) {
        inv.status = 'PAID';
        inv.fullyPaidOn = date;
      }
      if (note.updatedAt > inv.updatedAt) inv.updatedAt = note.updatedAt;
    }
    creditNotes.push(note);
  }
  return { creditNotes, allocations };
}
