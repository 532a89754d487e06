// The `relance` subcommands that work on the ledger: each validates its flags, opens the store,
// does one thing and prints it (a table, or JSON with --json).
import { z } from 'zod';
import { AGING_BUCKETS } from '../core/aging.ts';
import type { Config } from '../config.ts';
import { openDb } from '../store/open.ts';
import { migrate } from '../store/migrate.ts';
import type { Db } from '../store/db.ts';
import { getFirm, listFirms, setReviewMode } from '../store/repos/firms.ts';
import { firmAging } from '../store/repos/aging.ts';
import { tick } from '../jobs/tick.ts';
import { preview } from '../jobs/preview.ts';
import { importFile } from '../import/index.ts';
import { dateFlag, instantFlag, parseFlags, UsageError, uuidFlag } from './args.ts';
import { amount, table } from './format.ts';

export type Out = (line: string) => void;

async function withDb<T>(cfg: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function requireFirm(db: Db, firmId: string | undefined): Promise<void> {
  if (firmId && !(await getFirm(db, firmId)))
    throw new UsageError(`--firm: no firm with id ${firmId} (see \`relance firms\`)`);
}

export async function migrateCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  parseFlags(argv, {}, z.object({}));
  await withDb(cfg, async (db) => {
    const applied = await migrate(db); // openDb already applied them; this reports "up to date"
    out(applied.length > 0 ? `applied ${applied.join(', ')}` : 'schema is up to date');
  });
  return 0;
}

export async function importCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      firm: { type: 'string' },
      country: { type: 'string' },
      currency: { type: 'string' },
      'time-zone': { type: 'string' },
      language: { type: 'string' },
      json: { type: 'boolean' },
    },
    z.object({
      firm: z
        .string({ message: 'expected the firm\'s name: relance import --firm "<name>" <file>' })
        .min(1, 'expected a name'),
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'expected a two-letter country code such as FR')
        .optional(),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'expected an ISO currency code such as EUR')
        .optional(),
      'time-zone': z.string().optional(),
      language: z.enum(['fr', 'en', 'nl', 'de'], { message: 'expected fr, en, nl or de' }).optional(),
      json: z.boolean().optional(),
    }),
    1,
  );
  const file = positionals[0];
  if (!file) throw new UsageError('expected a file to import: relance import --firm "<name>" <file>');
  const report = await withDb(cfg, (db) =>
    importFile(db, {
      firmName: values.firm,
      file,
      country: values.country?.toUpperCase(),
      currency: values.currency,
      timeZone: values['time-zone'],
      language: values.language,
    }),
  );
  if (values.json) {
    out(JSON.stringify(report, null, 2));
  } else {
    out(`${report.created ? 'created' : 'updated'} firm ${values.firm} (${report.firmId})`);
    for (const [kind, c] of Object.entries(report.counts)) {
      out(
        `  ${kind}: ${c.read} read, ${c.written} written, ${c.unchanged} unchanged, ${c.rejected} rejected`,
      );
    }
    for (const e of report.errors) out(`${e.file}:${e.line}: ${e.field ? `${e.field}: ` : ''}${e.reason}`);
  }
  return report.errors.length > 0 ? 1 : 0;
}

export async function firmsCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  if (argv[0] === 'sending') return firmsSendingCommand(argv.slice(1), cfg, out);
  const { values } = parseFlags(
    argv,
    { json: { type: 'boolean' } },
    z.object({ json: z.boolean().optional() }),
  );
  const firms = await withDb(cfg, (db) => listFirms(db));
  if (values.json) {
    out(
      JSON.stringify(
        firms.map((f) => ({
          id: f.id,
          name: f.name,
          country: f.country,
          baseCurrency: f.baseCurrency,
          timeZone: f.timeZone,
          language: f.language,
          sending: !f.reviewMode,
        })),
        null,
        2,
      ),
    );
  } else {
    out(
      table(
        ['id', 'name', 'country', 'currency', 'sending'],
        firms.map((f) => [f.id, f.name, f.country, f.baseCurrency, f.reviewMode ? 'off (review)' : 'on']),
      ),
    );
  }
  return 0;
}

async function firmsSendingCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  const { positionals } = parseFlags(argv, {}, z.object({}), 2);
  const [firmId, state] = positionals;
  if (!firmId || !uuidFlag.safeParse(firmId).success)
    throw new UsageError('expected: relance firms sending <firm id> on|off');
  if (state !== 'on' && state !== 'off')
    throw new UsageError('expected "on" or "off": relance firms sending <firm id> on|off');
  await withDb(cfg, async (db) => {
    await requireFirm(db, firmId);
    await setReviewMode(db, firmId, state === 'off', 'cli');
  });
  out(`sending ${state} for firm ${firmId}`);
  return 0;
}

export async function agingCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  const { values } = parseFlags(
    argv,
    { firm: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } },
    z.object({ firm: uuidFlag.optional(), at: dateFlag.optional(), json: z.boolean().optional() }),
  );
  const at = values.at ?? new Date().toISOString().slice(0, 10);
  const rows = await withDb(cfg, async (db) => {
    await requireFirm(db, values.firm);
    const firms = (await listFirms(db)).filter((f) => !values.firm || f.id === values.firm);
    const result = [];
    for (const f of firms) {
      const aging = await firmAging(db, f.id, at);
      for (const [currency, row] of [...aging.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        result.push({ firmId: f.id, firmName: f.name, currency, ...row });
      }
    }
    return result;
  });
  if (values.json) {
    out(JSON.stringify(rows, null, 2));
  } else {
    out(`aged balance at ${at}`);
    out(
      table(
        ['firm', 'currency', ...AGING_BUCKETS, 'total'],
        rows.map((r) => [
          r.firmName,
          r.currency,
          ...AGING_BUCKETS.map((b) => amount(r[b], r.currency)),
          amount(r.total, r.currency),
        ]),
      ),
    );
  }
  return 0;
}

export async function previewCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  const { values } = parseFlags(
    argv,
    { firm: { type: 'string' }, at: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } },
    z.object({
      firm: uuidFlag.optional(),
      at: instantFlag.optional(),
      days: z.coerce
        .number({ message: 'expected a number of days' })
        .int('expected a whole number of days')
        .min(1, 'expected 1 to 366 days')
        .max(366, 'expected 1 to 366 days')
        .optional(),
      json: z.boolean().optional(),
    }),
  );
  const at = values.at ?? new Date().toISOString();
  const days = values.days ?? 14;
  const rows = await withDb(cfg, async (db) => {
    await requireFirm(db, values.firm);
    return preview(db, { at, days, firmId: values.firm ?? null });
  });
  if (values.json) {
    out(JSON.stringify(rows, null, 2));
  } else {
    out(`${rows.length} actions from ${at} for ${days} days`);
    out(
      table(
        ['date', 'firm', 'customer', 'step', 'channel', 'invoices'],
        rows.map((r) => [
          r.date.slice(0, 16).replace('T', ' ') + 'Z',
          r.firmName,
          r.customerName,
          r.step ?? r.kind,
          r.channel + (r.requiresApproval ? ' (approval)' : ''),
          r.invoices.map((i) => i.number).join(' '),
        ]),
      ),
    );
  }
  return 0;
}

export async function tickCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  const { values } = parseFlags(
    argv,
    { at: { type: 'string' }, firm: { type: 'string' }, json: { type: 'boolean' } },
    z.object({ at: instantFlag.optional(), firm: uuidFlag.optional(), json: z.boolean().optional() }),
  );
  const at = values.at ?? new Date().toISOString();
  const result = await withDb(cfg, async (db) => {
    await requireFirm(db, values.firm);
    return tick(db, { at, firmId: values.firm ?? null });
  });
  const actions = result.actions.map((r) => ({
    id: r.id,
    firmId: r.firmId,
    customerId: r.action.customerId,
    key: r.action.key,
    kind: r.action.kind,
    step: r.action.stepId,
    channel: r.action.channel,
    template: r.action.template,
    status: r.status,
    invoiceIds: r.action.invoiceIds,
    dueAt: r.action.dueAt,
  }));
  if (values.json)
    out(
      JSON.stringify(
        { at, customersPlanned: result.customersPlanned, recorded: actions.length, actions },
        null,
        2,
      ),
    );
  else out(`tick at ${at}: ${result.customersPlanned} customers planned, ${actions.length} actions recorded`);
  return 0;
}
