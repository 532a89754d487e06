// Builds a realistic receivables ledger from a seed: customers with accounts-payable e-mails, terms
// (Net 15/30/45/60) and a payment behaviour (prompt, late, partial, never, batch), invoices across a
// date range, payments (some settling several invoices, some partial, some on account), credit
// memos (most applied through zero-amount payments), voids, and a second currency for a few
// customers. The same options always give the same ledger; 100,000 invoices take a second or two.
import { z } from 'zod';
import { isLocalDate, toEpochDay } from '../../../src/core/dates.ts';
import { isCurrencyCode, minorDigits } from '../../../src/core/money.ts';
import {
  assemble,
  businessTime,
  DAY_MS,
  exchangeRate,
  fromEpochDay,
  HOUR_MS,
  type GeneratedLedger,
} from './generate-assemble.ts';
import { countryForCurrency, generateParty } from './generate-names.ts';
import {
  fitPaymentCount,
  paymentEvents,
  type PayerBehaviour,
  type PaymentDraft,
} from './generate-payments.ts';
import { createRandom } from './random.ts';
import type { CreditMemoRecord, CustomerRecord, EmailStatus, InvoiceRecord } from './records.ts';
import { STANDARD_TERMS } from './records.ts';

const localDate = z.string().refine(isLocalDate, 'must be a YYYY-MM-DD date');
const rate = z.number().min(0).max(1);

export const generateLedgerOptionsSchema = z
  .object({
    seed: z.union([z.string(), z.number()]),
    customers: z.number().int().min(1).max(1_000_000),
    invoices: z.number().int().min(0).max(1_000_000),
    payments: z.number().int().min(0).max(1_000_000),
    /** The first is the home currency; the others are billed to a few customers. */
    currencies: z
      .array(z.string().refine(isCurrencyCode, 'must be an ISO 4217 code'))
      .min(1)
      .default(['USD']),
    startDate: localDate,
    endDate: localDate,
    voidRate: rate.default(0.01),
    creditMemoRate: rate.default(0.015),
    foreignCustomerRate: rate.default(0.04),
  })
  .refine((o) => o.startDate <= o.endDate, {
    message: 'startDate must not be after endDate',
    path: ['startDate'],
  });

export type GenerateLedgerOptions = z.input<typeof generateLedgerOptionsSchema>;
export type { GeneratedLedger };

// Net 15 (Id 2), Net 30 (3), Net 45 (5), Net 60 (4), as in a new QuickBooks company.
const TERM_WEIGHTS: readonly (readonly [number, number])[] = [
  [2, 20],
  [3, 50],
  [5, 15],
  [4, 15],
];
const DUE_DAYS = new Map(STANDARD_TERMS.map((t) => [t.id, t.dueDays]));
const BEHAVIOUR_WEIGHTS: readonly (readonly [PayerBehaviour, number])[] = [
  ['prompt', 45],
  ['late', 28],
  ['partial', 9],
  ['never', 6],
  ['batch', 12],
];
const EMAIL_STATUS_WEIGHTS: readonly (readonly [EmailStatus, number])[] = [
  ['EmailSent', 93],
  ['NotSet', 5],
  ['NeedToSend', 2],
];
const DESCRIPTIONS = [
  'Consulting services',
  'Monthly retainer',
  'Design and build',
  'Maintenance contract',
  'Equipment hire',
  'Training workshop',
  'Installation and setup',
  'Software licences',
  'Delivery and freight',
  'Project milestone',
];

export function generateLedger(input: GenerateLedgerOptions): GeneratedLedger {
  const o = generateLedgerOptionsSchema.parse(input);
  const random = createRandom(o.seed);
  const home = o.currencies[0] as string;
  const startDay = toEpochDay(o.startDate);
  const endDay = toEpochDay(o.endDate);
  const endMs = (endDay + 1) * DAY_MS - 1;

  // Customers, each with a share of the invoices (a few large accounts, a long tail).
  const taken = new Set<string>();
  const customers: CustomerRecord[] = [];
  const behaviourOf: PayerBehaviour[] = [];
  const typicalMinor: number[] = [];
  const cumulative = new Float64Array(o.customers);
  let weightSum = 0;
  for (let c = 0; c < o.customers; c++) {
    const foreign = o.currencies.length > 1 && random.chance(o.foreignCustomerRate);
    const currency = foreign ? random.pick(o.currencies.slice(1)) : home;
    const party = generateParty(random, countryForCurrency(currency, random), taken);
    const createdMs = businessTime(random, startDay - random.int(1, 400));
    customers.push({
      id: c + 1,
      syncToken: 0,
      createdMs,
      updatedMs: createdMs,
      displayName: party.displayName,
      companyName: party.companyName,
      givenName: party.givenName,
      familyName: party.familyName,
      email: party.email,
      phone: party.phone,
      currency,
      active: true,
      termId: random.weighted(TERM_WEIGHTS),
      preferredDelivery: party.email ? 'Email' : 'Print',
      address: party.address,
      balanceMinor: 0,
    });
    behaviourOf.push(random.weighted(BEHAVIOUR_WEIGHTS));
    typicalMinor.push(Math.round(random.logNormal(900, 0.8) * 10 ** minorDigits(currency)));
    weightSum += random.logNormal(1, 1);
    cumulative[c] = weightSum;
  }
  const pickCustomer = (): number => {
    const target = random.next() * weightSum;
    let lo = 0;
    let hi = o.customers - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  // Invoices, with what happens to each: voided, credited, paid (or not yet).
  const invoices: InvoiceRecord[] = [];
  const invoiceCustomer: number[] = [];
  const creditMemos: CreditMemoRecord[] = [];
  const creditFor: { memo: number; invoice: number; day: number; amountMinor: number }[] = [];
  const drafts: PaymentDraft[] = [];
  const batches = new Map<number, PaymentDraft>();
  for (let i = 0; i < o.invoices; i++) {
    const c = pickCustomer();
    const customer = customers[c] as CustomerRecord;
    const txnDay = startDay + random.int(0, endDay - startDay);
    const withTerm = random.chance(0.97);
    const termId = withTerm ? customer.termId : null;
    const dueDay = txnDay + (termId === null ? 30 : (DUE_DAYS.get(termId) ?? 30));
    const totalMinor = Math.max(2500, Math.round(random.logNormal(typicalMinor[c] as number, 0.5)));
    const createdMs = businessTime(random, txnDay);
    const billEmail = random.chance(0.97) ? customer.email : null;
    const emailStatus = billEmail === null ? 'NotSet' : random.weighted(EMAIL_STATUS_WEIGHTS);
    const sentMs =
      emailStatus === 'EmailSent' ? Math.min(endMs, createdMs + random.int(60_000, 2 * HOUR_MS)) : null;
    const voided = random.chance(o.voidRate);
    const invoice: InvoiceRecord = {
      id: 0,
      syncToken: sentMs === null ? 0 : 1,
      createdMs,
      updatedMs: sentMs ?? createdMs,
      docNumber: '',
      txnDate: fromEpochDay(txnDay),
      dueDate: fromEpochDay(dueDay),
      customerId: customer.id,
      currency: customer.currency,
      exchangeRate: exchangeRate(customer.currency, home, txnDay),
      totalMinor: voided ? 0 : totalMinor,
      balanceMinor: voided ? 0 : totalMinor,
      termId,
      billEmail,
      emailStatus,
      printStatus: 'NotSet',
      sentMs,
      privateNote: voided ? 'Voided' : null,
      customerMemo: null,
      description: random.pick(DESCRIPTIONS),
      onlinePayment: random.chance(0.65),
      voided,
      customFields: null,
      paymentIds: [],
    };
    invoices.push(invoice);
    invoiceCustomer.push(c);
    if (voided) {
      invoice.syncToken += 1;
      invoice.updatedMs = Math.min(
        endMs,
        Math.max(invoice.updatedMs, createdMs + random.int(1, 10) * DAY_MS),
      );
      continue;
    }
    let openMinor = totalMinor;
    if (random.chance(o.creditMemoRate)) {
      const memoDay = Math.min(endDay, txnDay + random.int(3, 40));
      const amountMinor = Math.max(1, Math.round(totalMinor * (0.1 + random.next() * 0.9)));
      const memoCreated = businessTime(random, memoDay);
      creditMemos.push({
        id: 0,
        syncToken: 0,
        createdMs: memoCreated,
        updatedMs: memoCreated,
        docNumber: '',
        txnDate: fromEpochDay(memoDay),
        customerId: customer.id,
        currency: customer.currency,
        exchangeRate: exchangeRate(customer.currency, home, memoDay),
        totalMinor: amountMinor,
        remainingMinor: amountMinor,
        description: `Credit against invoice (${random.pick(['pricing adjustment', 'returned goods', 'service credit'])})`,
        privateNote: null,
        paymentIds: [],
      });
      if (random.chance(0.8)) {
        creditFor.push({ memo: creditMemos.length - 1, invoice: i, day: memoDay, amountMinor });
        openMinor -= amountMinor;
      }
    }
    if (openMinor <= 0) continue;
    const behaviour = behaviourOf[c] as PayerBehaviour;
    const facts = { customer: c, txnDay, dueDay, openMinor };
    paymentEvents(random, behaviour, facts, endDay, (day, amountMinor) => {
      const line = { kind: 'Invoice' as const, txnId: i, amountMinor };
      if (behaviour !== 'batch') {
        drafts.push({ customer: c, day, lines: [line], unappliedMinor: 0 });
        return;
      }
      const key = c * 1_000_000 + day;
      const batch = batches.get(key);
      if (batch) batch.lines.push(line);
      else {
        const draft: PaymentDraft = { customer: c, day, lines: [line], unappliedMinor: 0 };
        batches.set(key, draft);
        drafts.push(draft);
      }
    });
  }

  // Credit applications are payments too; the rest of the budget goes to money received.
  // (A credit left unapplied simply leaves its invoice that much more open.)
  creditFor.length = Math.min(creditFor.length, o.payments);
  const received = fitPaymentCount(random, drafts, o.payments - creditFor.length, (inv) =>
    toEpochDay((invoices[inv] as InvoiceRecord).txnDate),
  );
  for (const draft of received) {
    if (random.chance(0.005)) {
      const applied = draft.lines.reduce((s, l) => s + l.amountMinor, 0);
      draft.unappliedMinor = Math.max(1, Math.round(applied * (0.05 + random.next() * 0.15)));
    }
  }
  return assemble({ random, home, customers, invoices, creditMemos, creditFor, received, behaviourOf });
}
