// Planner benchmark: 10,000 firms × 10 customers × 10 open invoices = 1,000,000 invoices, generated
// firm by firm (never all in memory, as a tick reads them), each customer planned at one instant.
// Prints invoices, customers, actions, plan time, peak RSS and the ratio to the 60 s target.
//   node --import tsx bench/planner-bench.ts [--firms N] [--customers N] [--invoices N]
import { pathToFileURL } from 'node:url';
import { addDays } from '../src/core/dates.ts';
import { testContext, testCustomer, testFirm, testInvoice } from '../src/core/planner/fixtures.ts';
import { planCustomer } from '../src/core/planner/index.ts';
import type { CustomerLedger, InvoiceProgress, PlanContext } from '../src/core/planner/index.ts';
import type { Firm } from '../src/core/types.ts';

export interface PlannerBenchOptions {
  firms?: number;
  customersPerFirm?: number;
  invoicesPerCustomer?: number;
  /** The instant every customer is planned at (a Tuesday morning in Europe by default). */
  now?: string;
  seed?: number;
}

const TARGET_SECONDS = 60;
const FIRM_SHAPES: Pick<Firm, 'country' | 'timeZone'>[] = [
  { country: 'FR', timeZone: 'Europe/Paris' },
  { country: 'BE', timeZone: 'Europe/Brussels' },
  { country: 'NL', timeZone: 'Europe/Amsterdam' },
  { country: 'DE', timeZone: 'Europe/Berlin' },
  { country: 'GB', timeZone: 'Europe/London' },
  { country: 'US', timeZone: 'America/New_York' },
];
const CUSTOMER_ZONES = [null, null, null, 'Europe/Paris', 'America/Chicago', 'Asia/Singapore'];
const OFFSETS = [-7, 1, 8, 15, 30, 45];

/** Small deterministic PRNG (mulberry32): the same seed builds the same ledgers. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function firmLedgers(
  firmIndex: number,
  customers: number,
  invoices: number,
  today: string,
  random: () => number,
): CustomerLedger[] {
  const firmId = `firm-${firmIndex}`;
  const out: CustomerLedger[] = [];
  for (let c = 0; c < customers; c++) {
    const customerId = `${firmId}-c${c}`;
    const list: InvoiceProgress[] = [];
    for (let i = 0; i < invoices; i++) {
      const age = Math.floor(random() * 120) - 30; // due from 30 days ahead to 90 days ago
      const dueDate = addDays(today, -age);
      // Progress mostly up to date, sometimes a step or more behind (a catch-up), sometimes none.
      const reached = OFFSETS.filter((o) => o <= age);
      const behind = random() < 0.2 ? 1 + Math.floor(random() * 3) : 0;
      const done = reached.length > behind ? (reached[reached.length - 1 - behind] ?? null) : null;
      const balance = 10_000 + Math.floor(random() * 500_000);
      list.push(
        testInvoice({
          id: `${customerId}-i${i}`,
          firmId,
          customerId,
          issueDate: addDays(dueDate, -30),
          dueDate,
          total: balance,
          openBalance: balance,
          disputed: random() < 0.02,
          stepDoneOffset: done,
        }),
      );
    }
    const promised = random() < 0.05;
    out.push({
      customer: testCustomer({
        id: customerId,
        firmId,
        timeZone: CUSTOMER_ZONES[Math.floor(random() * CUSTOMER_ZONES.length)] ?? null,
        segmentId: 'seg-everyone-else',
        segmentManual: random() < 0.05,
      }),
      invoices: list,
      promises: promised
        ? [
            {
              id: `${customerId}-p`,
              customerId,
              invoiceIds: list.slice(0, 2).map((inv) => inv.id),
              promisedDate: addDays(today, Math.floor(random() * 20) - 10),
              amount: null,
              graceDays: 2,
              status: 'open',
            },
          ]
        : [],
      plans: [],
      planStepsDone: [],
      stats: {
        firstInvoiceDate: addDays(today, -Math.floor(random() * 1000)),
        avgDaysLate: Math.floor(random() * 25),
        openBalance: [],
      },
    });
  }
  return out;
}

export async function runPlannerBench(
  opts: PlannerBenchOptions = {},
): Promise<Record<string, number | string>> {
  const firms = opts.firms ?? 10_000;
  const customersPerFirm = opts.customersPerFirm ?? 10;
  const invoicesPerCustomer = opts.invoicesPerCustomer ?? 10;
  const now = opts.now ?? '2026-03-10T10:00:00.000Z';
  const random = rng(opts.seed ?? 20260310);
  const today = now.slice(0, 10);

  // One context per firm shape: procedures, segments and holidays are per firm in production, but
  // identical here; sharing them keeps the measure on the planner rather than on fixture building.
  const contexts: PlanContext[] = FIRM_SHAPES.map((shape) => testContext(testFirm(shape)));
  let invoices = 0;
  let customers = 0;
  let actions = 0;
  let actionInvoices = 0;
  let events = 0;
  let wakes = 0;
  let planMs = 0;
  let peakRss = process.memoryUsage().rss;
  const started = performance.now();
  for (let f = 0; f < firms; f++) {
    const ctx = contexts[f % contexts.length]!;
    const ledgers = firmLedgers(f, customersPerFirm, invoicesPerCustomer, today, random);
    const t0 = performance.now();
    for (const ledger of ledgers) {
      const plan = planCustomer(ledger, ctx, now);
      customers++;
      invoices += ledger.invoices.length;
      actions += plan.actions.length;
      for (const a of plan.actions) actionInvoices += a.invoiceIds.length;
      events += plan.events.length;
      if (plan.nextWakeAt !== null) wakes++;
    }
    planMs += performance.now() - t0;
    if (f % 100 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    // Yield now and then, as a real tick would between firms.
    if (f % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
  }
  const wallMs = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const planSeconds = planMs / 1000;
  return {
    firms,
    customers,
    invoices,
    actions,
    actionInvoices,
    events,
    customersWithWake: wakes,
    planSeconds: Number(planSeconds.toFixed(2)),
    wallSecondsIncludingGeneration: Number((wallMs / 1000).toFixed(2)),
    invoicesPerSecond: Math.round(invoices / planSeconds),
    peakRssMB: Math.round(peakRss / 1_048_576),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    targetSeconds: TARGET_SECONDS,
    ratioToTarget: Number((planSeconds / TARGET_SECONDS).toFixed(4)),
    now,
  };
}

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : undefined;
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw new Error(`--${name}: expected a positive integer, got "${process.argv[i + 1]}"`);
  }
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runPlannerBench({
    firms: flag('firms'),
    customersPerFirm: flag('customers'),
    invoicesPerCustomer: flag('invoices'),
  });
  for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(32)} ${v}`);
}
