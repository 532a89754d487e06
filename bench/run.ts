// `npm run bench`: every benchmark, each printing its figures and the ratio to its reference.
// BENCH_ONLY=planner,tick runs a subset; sizes are the issues' unless BENCH_SCALE shrinks them.
import os from 'node:os';
import { runPlannerBench } from './planner-bench.ts';
import { runTickBench } from './tick-bench.ts';
import { runQuickBooksSyncBench } from './quickbooks-sync-bench.ts';
import { runXeroSyncBench } from './xero-sync-bench.ts';
import { runApiBench, TARGET_P95_MS } from './api-bench.ts';
import { runDeliveryBench } from './delivery-bench.ts';

const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const scale = Number(process.env.BENCH_SCALE ?? '1');
const want = (name: string) => only.size === 0 || only.has(name);

interface Row {
  bench: string;
  measure: string;
  value: string;
  reference: string;
  ratio: string;
}
const rows: Row[] = [];
const add = (bench: string, measure: string, value: string, reference = '', ratio = '') => {
  rows.push({ bench, measure, value, reference, ratio });
  console.log(
    `${bench.padEnd(10)} ${measure.padEnd(44)} ${value.padStart(14)}  ${reference.padEnd(16)} ${ratio}`,
  );
};

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
);

if (want('planner')) {
  const firms = Math.round(10_000 * scale);
  const r = await runPlannerBench({ firms });
  const seconds = Number(r.planSeconds);
  add(
    'planner',
    `full plan, ${Number(r.invoices).toLocaleString('en')} invoices / ${firms.toLocaleString('en')} firms`,
    `${seconds.toFixed(2)} s`,
    '60 s target',
    `${(seconds / 60).toFixed(3)}×`,
  );
  add('planner', 'peak RSS', `${Number(r.maxRssMB)} MB`);
  add('planner', 'actions decided', Number(r.actions).toLocaleString('en'));
}

if (want('tick')) {
  const { large, small } = await runTickBench({ firms: Math.round(10_000 * scale) });
  add(
    'tick',
    `1 % due: ${large.dueInvoices.toLocaleString('en')} of ${large.invoices.toLocaleString('en')} invoices`,
    `${large.seconds.toFixed(3)} s`,
    '1 s target',
    `${large.seconds.toFixed(3)}×`,
  );
  add(
    'tick',
    `same due on a ledger of ${small.invoices.toLocaleString('en')}`,
    `${small.seconds.toFixed(3)} s`,
    'large / small',
    `${(large.seconds / small.seconds).toFixed(2)}× (10× if it scanned)`,
  );
  add('tick', 'actions recorded (large, small)', `${large.actions}, ${small.actions}`);
}

if (want('quickbooks')) {
  const r = await runQuickBooksSyncBench({
    invoices: Math.round(100_000 * scale),
    payments: Math.round(100_000 * scale),
    customers: Math.round(5_000 * scale),
  });
  add(
    'quickbooks',
    `full sync (${r.store}), API calls vs minimum pages`,
    `${r.callsUsed} / ${r.minimumPages}`,
    'minimum pages',
    `${(r.callsUsed / r.minimumPages).toFixed(2)}×`,
  );
  add(
    'quickbooks',
    'wall time vs rate-limit floor (500/min)',
    `${r.wallSeconds.toFixed(1)} s`,
    `${r.floorSeconds.toFixed(1)} s (1.2× target)`,
    `${r.ratio.toFixed(2)}×`,
  );
  add(
    'quickbooks',
    'peak RSS of the syncing process',
    `${r.peakRssMb.toFixed(0)} MB`,
    '300 MB target',
    `${(r.peakRssMb / 300).toFixed(2)}×`,
  );
  add('quickbooks', 'incremental sync of 100 changes: API calls', String(r.incrementalCalls));
}

if (want('xero')) {
  const r = await runXeroSyncBench({
    invoices: Math.round(100_000 * scale),
    payments: Math.round(100_000 * scale),
    contacts: Math.round(5_000 * scale),
  });
  const n = (k: string) => Number(r[k]);
  add(
    'xero',
    `full sync (${r.store}), API calls vs minimum pages`,
    `${r.callsUsed} / ${r.minimumPages}`,
    'minimum pages',
    `${(n('callsUsed') / n('minimumPages')).toFixed(2)}×`,
  );
  add('xero', 'daily budget (5,000 calls) held', `${r.dailyBudgetHeld} (${r.dayCallsUsed} used)`);
  add(
    'xero',
    'wall time vs rate-limit floor (60/min)',
    `${n('wallSeconds').toFixed(1)} s`,
    `${r.floorSeconds} s (1.2× target)`,
    `${n('ratio').toFixed(2)}×`,
  );
  add(
    'xero',
    'wall time vs sliding-window floor',
    `${n('wallSeconds').toFixed(1)} s`,
    `${r.windowFloorSeconds} s`,
    `${n('windowRatio').toFixed(2)}×`,
  );
  add(
    'xero',
    'peak RSS of the syncing process',
    `${r.peakRssMb} MB`,
    '300 MB target',
    `${(n('peakRssMb') / 300).toFixed(2)}×`,
  );
  add('xero', 'incremental sync of 100 changes: API calls', String(r.incrementalCalls));
}

if (want('api')) {
  const r = await runApiBench({
    customers: Math.round(10_000 * scale),
    requests: Math.max(500, Math.round(5_000 * scale)),
  });
  add(
    'api',
    `firm: ${r.customers.toLocaleString('en')} customers, ${r.invoices.toLocaleString('en')} invoices`,
    `${r.loadSeconds.toFixed(1)} s load`,
  );
  for (const e of r.endpoints) {
    const errors = e.errors ? ` (${e.errors} errors)` : '';
    add('api', `${e.name}, 50 clients: p50 / p99`, `${e.p50.toFixed(1)} / ${e.p99.toFixed(1)} ms`);
    add(
      'api',
      `${e.name}: throughput, API process CPU per request`,
      `${Math.round(e.throughput)}/s, ${e.serverCpuMs.toFixed(2)} ms`,
    );
    add(
      'api',
      `${e.name}, 50 clients, ${e.requests} requests: p95${errors}`,
      `${e.p95.toFixed(1)} ms`,
      `${TARGET_P95_MS} ms target`,
      `${(e.p95 / TARGET_P95_MS).toFixed(2)}×`,
    );
  }
}

if (want('delivery')) {
  const r = await runDeliveryBench({
    reminders: Math.max(100, Math.round(2_000 * scale)),
    payments: Math.max(10, Math.round(50 * scale)),
  });
  for (const d of r.delivery) {
    const b = r.bull.find((x) => x.workers === d.workers);
    add(
      'delivery',
      `${r.reminders.toLocaleString('en')} e-mails into SMTP, ${d.workers} worker${d.workers > 1 ? 's' : ''}`,
      `${d.perSecond.toFixed(1)} msg/s`,
      b ? `${b.perSecond.toFixed(0)} bull no-op/s` : '',
      b ? `${(d.perSecond / b.perSecond).toFixed(3)}×` : '',
    );
  }
  add(
    'delivery',
    `payment webhook → reminders cancelled (${r.payments}): p50 / p99`,
    `${r.latencyMs.p50.toFixed(0)} / ${r.latencyMs.p99.toFixed(0)} ms`,
    'within seconds (#4)',
    `${(r.latencyMs.p99 / 1000).toFixed(2)} s p99`,
  );
}

console.log('\n| bench | measure | value | reference | ratio |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.bench} | ${r.measure} | ${r.value} | ${r.reference} | ${r.ratio} |`);
