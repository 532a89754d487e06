// fast-check generators for planner properties: firms in several zones and countries, the default
// procedures plus a random one, and customer ledgers with every kind of invoice state, promises,
// payment plans and progress, around 2025-2027. Exported for reuse by other test suites.
import fc from 'fast-check';
import { instantAt } from '../calendar.ts';
import { addDays, fromEpochDay, toEpochDay } from '../dates.ts';
import { CHANNELS } from '../types.ts';
import type {
  Firm,
  Instalment,
  InvoiceStatus,
  Procedure,
  ProcedureStep,
  PromiseToPay,
  PaymentPlan,
} from '../types.ts';
import { testContext, testCustomer, testFirm, testInvoice } from './fixtures.ts';
import { instalmentKey } from './keys.ts';
import type { CustomerLedger, InvoiceProgress, PlanContext } from './types.ts';

export const ZONES = [
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Auckland',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'UTC',
] as const;

/** Dates in play: invoices, promises, instalments and clocks all fall around this span. */
const FIRST_DAY = toEpochDay('2025-06-01');
const LAST_DAY = toEpochDay('2027-01-31');

/** True with the given probability (0-1), reproducibly (fast-check's own randomness). */
export function chance(probability: number): fc.Arbitrary<boolean> {
  return fc.integer({ min: 1, max: 1000 }).map((n) => n <= probability * 1000);
}

export const dayArb = fc.integer({ min: FIRST_DAY, max: LAST_DAY });
export const dateArb = dayArb.map(fromEpochDay);

/** Any instant in the span, to the millisecond. */
export const instantArb = fc
  .integer({ min: FIRST_DAY * 86_400_000, max: (LAST_DAY + 1) * 86_400_000 - 1 })
  .map((ms) => new Date(ms).toISOString());

export const firmArb: fc.Arbitrary<Firm> = fc
  .record({
    country: fc.constantFrom('FR', 'BE', 'NL', 'DE', 'GB', 'US', 'ZZ'),
    timeZone: fc.constantFrom(...ZONES),
    days: fc.oneof(
      { weight: 4, arbitrary: fc.constant([1, 2, 3, 4, 5]) },
      {
        weight: 1,
        arbitrary: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
      },
    ),
    start: fc.constantFrom('07:00', '08:00', '08:30', '09:00', '10:15'),
    end: fc.constantFrom('16:00', '17:00', '17:30', '18:00', '20:00'),
  })
  .map(({ country, timeZone, days, start, end }) =>
    testFirm({ country, timeZone, businessHours: { days: [...days].sort(), start, end } }),
  );

const stepArb: fc.Arbitrary<Omit<ProcedureStep, 'id' | 'offsetDays'>> = fc.record({
  channel: fc.constantFrom(...CHANNELS),
  template: fc.constantFrom('reminder_1', 'reminder_2', 'call', 'formal_notice'),
  tone: fc.constantFrom<1 | 2 | 3 | 4 | 5>(1, 2, 3, 4, 5),
  statesFees: fc.boolean(),
  requiresApproval: fc.boolean(),
  registered: fc.constant(false),
  conditions: fc
    .option(
      fc.record({ amount: fc.integer({ min: 0, max: 500_000 }), currency: fc.constantFrom('EUR', 'USD') }),
      { nil: undefined },
    )
    .map((minAmount) => (minAmount ? { minAmount } : {})),
});

/** A firm's own procedure: 1-6 steps, strictly increasing offsets, some with amount conditions. */
export const procedureArb: fc.Arbitrary<Procedure> = fc
  .uniqueArray(fc.integer({ min: -20, max: 120 }), { minLength: 1, maxLength: 6 })
  .chain((offsets) =>
    fc.array(stepArb, { minLength: offsets.length, maxLength: offsets.length }).map((drafts) => ({
      id: 'proc-custom',
      key: 'custom',
      name: 'Custom',
      steps: [...offsets]
        .sort((a, b) => a - b)
        .map((offsetDays, i) => ({ ...(drafts[i] as (typeof drafts)[number]), id: `s${i}`, offsetDays })),
    })),
  );

/** A firm with the default procedures and segments; sometimes "Everyone else" runs a random procedure. */
export const contextArb: fc.Arbitrary<PlanContext> = fc
  .record({ firm: firmArb, custom: fc.option(procedureArb, { nil: null }) })
  .map(({ firm, custom }) => {
    const ctx = testContext(firm, custom ? [custom] : []);
    if (!custom) return ctx;
    return {
      ...ctx,
      segments: ctx.segments.map((s) => (s.rule.kind === 'default' ? { ...s, procedureId: custom.id } : s)),
    };
  });

/** Mostly open, as a firm's ledger of interest is. */
const STATUSES: InvoiceStatus[] = [
  'open',
  'open',
  'open',
  'open',
  'open',
  'paid',
  'void',
  'draft',
  'deleted',
];
const OFFSETS_SEEN = [-10, -7, -1, 1, 3, 5, 7, 8, 14, 15, 25, 30, 40, 45, 60, 75, 90];

/** null stays null; a fraction picks one of the offsets reached by `ageDays`; an integer is kept. */
function consistentProgress(progress: number | null, ageDays: number): number | null {
  if (progress === null || Number.isInteger(progress)) return progress;
  const reached = OFFSETS_SEEN.filter((o) => o <= ageDays);
  return reached.length === 0 ? null : (reached[Math.floor(progress * reached.length)] ?? null);
}

/** A day near `around`: from `before` days earlier to `after` days later. */
const near = (around: number, before: number, after: number): fc.Arbitrary<number> =>
  fc.integer({ min: around - before, max: around + after });

function invoiceArb(customerId: string, index: number, around: number): fc.Arbitrary<InvoiceProgress> {
  return fc
    .record({
      due: near(around, 75, 20),
      dueKnown: chance(0.9),
      status: fc.constantFrom(...STATUSES),
      balance: fc.oneof(
        { weight: 1, arbitrary: fc.constant(0) },
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 900_000 }) },
      ),
      currency: fc.constantFrom('EUR', 'EUR', 'USD'),
      disputed: chance(0.1),
      paused: chance(0.1),
      // Mostly progress consistent with the invoice's age (a step at most that late), sometimes any.
      progress: fc.oneof(
        { weight: 2, arbitrary: fc.constant<number | null>(null) },
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000) },
        { weight: 1, arbitrary: fc.constantFrom(...OFFSETS_SEEN) },
      ),
    })
    .map(({ progress, ...r }) => ({
      ...r,
      stepDoneOffset: consistentProgress(progress, around - r.due),
    }))
    .map((r) =>
      testInvoice({
        id: `inv-${index}`,
        customerId,
        issueDate: addDays(fromEpochDay(r.due), -30),
        dueDate: r.dueKnown ? fromEpochDay(r.due) : null,
        currency: r.currency,
        total: Math.max(r.balance, 1),
        openBalance: r.balance,
        status: r.status,
        disputed: r.disputed,
        paused: r.paused,
        stepDoneOffset: r.stepDoneOffset,
      }),
    );
}

function subsetArb(ids: string[]): fc.Arbitrary<string[]> {
  return ids.length === 0 ? fc.constant([]) : fc.subarray(ids, { minLength: 1 });
}

function promiseArb(
  customerId: string,
  ids: string[],
  index: number,
  around: number,
): fc.Arbitrary<PromiseToPay> {
  return fc
    .record({
      invoiceIds: subsetArb(ids),
      date: near(around, 20, 15).map(fromEpochDay),
      graceDays: fc.integer({ min: 0, max: 5 }),
    })
    .map(({ invoiceIds, date, graceDays }) => ({
      id: `promise-${index}`,
      customerId,
      invoiceIds,
      promisedDate: date,
      amount: null,
      graceDays,
      status: 'open' as const,
    }));
}

function planArb(
  customerId: string,
  invoices: InvoiceProgress[],
  index: number,
  around: number,
): fc.Arbitrary<PaymentPlan> {
  const ids = invoices.map((i) => i.id);
  return fc
    .record({
      invoiceIds: subsetArb(ids),
      first: near(around, 60, 20).map(fromEpochDay),
      count: fc.integer({ min: 1, max: 4 }),
      gapDays: fc.integer({ min: 5, max: 35 }),
      extraStart: fc.integer({ min: 0, max: 300_000 }),
    })
    .map(({ invoiceIds, first, count, gapDays, extraStart }) => {
      const owing = invoices
        .filter((i) => invoiceIds.includes(i.id) && i.status === 'open' && i.openBalance > 0)
        .reduce((s, i) => s + i.openBalance, 0);
      // Starting balance above what is owed now means part of the plan has been paid.
      const startingBalance = owing + extraStart;
      const per = Math.max(1, Math.ceil(startingBalance / count));
      const instalments: Instalment[] = Array.from({ length: count }, (_, k) => ({
        dueDate: addDays(first, k * gapDays),
        amount: per,
      }));
      return {
        id: `plan-${index}`,
        customerId,
        invoiceIds,
        currency: 'EUR',
        instalments,
        startingBalance,
        status: 'active' as const,
      };
    });
}

/**
 * A customer's ledger: 0-8 invoices in every state, up to two promises and one payment plan, with
 * dates around the epoch day `around` (invoices mostly already due, promises and plans either side).
 */
export function ledgerArb(ctx: PlanContext, around: number): fc.Arbitrary<CustomerLedger> {
  const segmentIds = ctx.segments.map((s) => s.id);
  return fc
    .record({
      paused: chance(0.1),
      timeZone: fc.oneof(
        { weight: 2, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.constantFrom(...ZONES) },
      ),
      segmentId: fc.option(fc.constantFrom(...segmentIds), { nil: null }),
      segmentManual: chance(0.15),
      firstInvoiceDate: fc.option(near(around, 400, 0).map(fromEpochDay), { nil: null }),
      avgDaysLate: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      invoiceCount: fc.integer({ min: 0, max: 8 }),
    })
    .chain((c) => {
      const customer = testCustomer({
        id: 'cust-1',
        paused: c.paused,
        timeZone: c.timeZone,
        segmentId: c.segmentId,
        segmentManual: c.segmentManual,
      });
      return fc
        .tuple(...Array.from({ length: c.invoiceCount }, (_, i) => invoiceArb(customer.id, i, around)))
        .chain((invoices) => {
          const ids = invoices.map((i) => i.id);
          return fc
            .record({
              promises:
                ids.length === 0
                  ? fc.constant<PromiseToPay[]>([])
                  : fc
                      .tuple(promiseArb(customer.id, ids, 0, around), promiseArb(customer.id, ids, 1, around))
                      .chain(([p0, p1]) => fc.constantFrom<PromiseToPay[]>([], [], [], [p0], [p0], [p0, p1])),
              plans:
                ids.length === 0
                  ? fc.constant<PaymentPlan[]>([])
                  : fc
                      .option(planArb(customer.id, invoices, 0, around), { nil: null, freq: 2 })
                      .map((p): PaymentPlan[] => (p ? [p] : [])),
              doneFraction: fc.integer({ min: 0, max: 3 }),
            })
            .map(({ promises, plans, doneFraction }): CustomerLedger => ({
              customer,
              invoices,
              promises,
              plans,
              // Some early instalment actions already recorded.
              planStepsDone: plans.flatMap((p) =>
                p.instalments
                  .slice(0, doneFraction)
                  .map((_, k) => instalmentKey(p.id, k, k % 2 ? 'missed' : 'reminder')),
              ),
              stats: { firstInvoiceDate: c.firstInvoiceDate, avgDaysLate: c.avgDaysLate, openBalance: [] },
            }));
        });
    });
}

/**
 * An instant on the epoch day `day` or up to three days later: mostly inside the firm's send window
 * in the given zone (where the planner acts), otherwise at any millisecond of those days.
 */
export function nowArb(
  ctx: PlanContext,
  day: number,
  timeZone: string = ctx.firm.timeZone,
): fc.Arbitrary<string> {
  const { businessHours } = ctx.firm;
  const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const inWindow = fc
    .record({
      day: near(day, 0, 3),
      minute: fc.integer({ min: toMinutes(businessHours.start), max: toMinutes(businessHours.end) - 1 }),
      ms: fc.integer({ min: 0, max: 59_999 }),
    })
    .map(({ day: d, minute, ms }) => {
      const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
      return new Date(Date.parse(instantAt(fromEpochDay(d), hhmm, timeZone)) + ms).toISOString();
    });
  const anyTime = fc
    .integer({ min: day * 86_400_000, max: (day + 4) * 86_400_000 - 1 })
    .map((ms) => new Date(ms).toISOString());
  return fc.oneof({ weight: 3, arbitrary: inWindow }, { weight: 1, arbitrary: anyTime });
}

/** A context, a ledger in it and an instant (often in the customer's send window): the input of planCustomer. */
export const planInputArb = contextArb.chain((ctx) =>
  dayArb.chain((day) =>
    ledgerArb(ctx, day).chain((ledger) =>
      fc.record({
        ctx: fc.constant(ctx),
        ledger: fc.constant(ledger),
        now: nowArb(ctx, day, ledger.customer.timeZone ?? ctx.firm.timeZone),
      }),
    ),
  ),
);
