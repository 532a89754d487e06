// `relance import`: loads a ledger from a CSV or JSON file into a firm (created when no firm has that
// name). Bad rows are reported with file, line and reason; good rows are written, all in one
// transaction; and since the repositories skip unchanged rows, importing the same file again writes nothing.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isCurrencyCode } from '../core/money.ts';
import { LANGUAGES, type Language } from '../core/types.ts';
import type { Db, Sql } from '../store/db.ts';
import { audit } from '../store/repos/audit.ts';
import { createFirm, findFirmsByName, importConnection } from '../store/repos/firms.ts';
import {
  upsertCreditNotes,
  upsertCustomers,
  upsertInvoices,
  upsertPayments,
  type UpsertResult,
} from '../store/repos/ledger.ts';
import { checkReferences, referencedIds, type CheckedLedger } from './check-references.ts';
import { compareRowErrors, ImportError, type RowError } from './errors.ts';
import { countryCode, timeZone } from './fields.ts';
import { loadKnownLedger } from './known-ledger.ts';
import { parseLedger, rowError, type ParsedLedger } from './parse-ledger.ts';
import { readCsv } from './read-csv.ts';
import { readJson } from './read-json.ts';
import type { RecordKind, SourceFile } from './source.ts';

export interface ImportOptions {
  firmName: string;
  file: string;
  /** For a firm created by this import: its country (default FR), and overrides of that country's defaults. */
  country?: string;
  currency?: string;
  timeZone?: string;
  language?: Language;
}

export interface KindCounts {
  read: number;
  written: number;
  unchanged: number;
  rejected: number;
}

export interface ImportReport {
  firmId: string;
  /** True when no firm had that name and the import created it. */
  created: boolean;
  counts: { customers: KindCounts; invoices: KindCounts; payments: KindCounts; creditNotes: KindCounts };
  /** Rejected rows, in line order. */
  errors: RowError[];
}

const optionsSchema = z.object({
  firmName: z.string({ error: 'expected text' }).trim().min(1, 'must not be empty'),
  file: z.string({ error: 'expected a path' }).min(1, 'must not be empty'),
  country: countryCode.optional(),
  currency: z
    .string()
    .transform((s) => s.toUpperCase())
    .refine(isCurrencyCode, 'expected an ISO 4217 currency code such as EUR')
    .optional(),
  timeZone: timeZone.optional(),
  language: z.enum(LANGUAGES, { error: 'expected fr, en, nl or de' }).optional(),
});

const PLURAL: Record<RecordKind, keyof ImportReport['counts']> = {
  customer: 'customers',
  invoice: 'invoices',
  payment: 'payments',
  creditNote: 'creditNotes',
};

export async function importFile(db: Db, options: ImportOptions): Promise<ImportReport> {
  const parsedOptions = optionsSchema.safeParse(options);
  if (!parsedOptions.success) {
    const issue = parsedOptions.error.issues[0];
    const name = issue?.path.length ? `${String(issue.path[0])}: ` : '';
    throw new ImportError(`${name}${issue?.message ?? 'invalid options'}`);
  }
  const opts = parsedOptions.data;
  const parsed = parseLedger(await readSource(opts.file));

  return db.tx(async (sql) => {
    const { firmId, created } = await findOrCreateFirm(sql, opts);
    const connectionId = await importConnection(sql, firmId);
    const known = await loadKnownLedger(sql, connectionId, referencedIds(parsed));
    const checked = checkReferences(parsed, known);
    const report = await write(sql, firmId, connectionId, parsed, checked);
    const written = Object.values(report.counts).reduce((n, c) => n + c.written, 0);
    if (written > 0) {
      await audit(sql, firmId, {
        actor: 'import',
        action: 'ledger.imported',
        entityType: 'connection',
        entityId: connectionId,
        details: {
          file: path.basename(opts.file),
          counts: report.counts,
          errors: report.errors.length,
        },
      });
    }
    return { firmId, created, ...report };
  });
}

async function readSource(file: string): Promise<SourceFile> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.csv' && ext !== '.json') {
    throw new ImportError(
      `unknown file type "${ext || '(no extension)'}": expected a .csv or .json file`,
      file,
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImportError('no such file', file);
    if (code === 'EISDIR') throw new ImportError('is a directory, not a file', file);
    throw new ImportError(`cannot read the file: ${(err as Error).message}`, file);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportError('is not UTF-8 text (in a spreadsheet, save it as "CSV UTF-8")', file);
  }
  return ext === '.csv' ? readCsv(file, text) : readJson(file, text);
}

async function findOrCreateFirm(sql: Sql, opts: z.infer<typeof optionsSchema>) {
  const firms = await findFirmsByName(sql, opts.firmName);
  if (firms.length > 1) {
    throw new ImportError(
      `${firms.length} firms are named "${opts.firmName}" (${firms.map((f) => f.id).join(', ')}): rename all but one first`,
    );
  }
  const existing = firms[0];
  if (existing) return { firmId: existing.id, created: false };
  const firm = await createFirm(sql, {
    name: opts.firmName,
    country: opts.country ?? 'FR',
    baseCurrency: opts.currency,
    timeZone: opts.timeZone,
    language: opts.language,
  });
  return { firmId: firm.id, created: true };
}

async function write(
  sql: Sql,
  firmId: string,
  connectionId: string,
  parsed: ParsedLedger,
  checked: CheckedLedger,
) {
  const errors = [...parsed.errors, ...checked.errors];
  const rejected = { ...checked.rejected };
  const counts = {} as ImportReport['counts'];
  const results: [RecordKind, UpsertResult][] = [
    [
      'customer',
      await upsertCustomers(
        sql,
        firmId,
        connectionId,
        checked.rows.customer.map((r) => r.value),
      ),
    ],
    [
      'invoice',
      await upsertInvoices(
        sql,
        firmId,
        connectionId,
        checked.rows.invoice.map((r) => r.value),
      ),
    ],
    [
      'payment',
      await upsertPayments(
        sql,
        firmId,
        connectionId,
        checked.rows.payment.map((r) => r.value),
      ),
    ],
    [
      'creditNote',
      await upsertCreditNotes(
        sql,
        firmId,
        connectionId,
        checked.rows.creditNote.map((r) => r.value),
      ),
    ],
  ];
  for (const [kind, result] of results) {
    // The checks above leave the repositories nothing to refuse; if they still do, the row is reported.
    for (const [id, reason] of result.rejected) {
      const row = checked.rows[kind].find((r) => r.value.externalId === id);
      errors.push(rowError(parsed.file, row ? row.locate([]) : { field: null, line: 0 }, reason));
      rejected[kind]++;
    }
    const accepted = checked.rows[kind].length - result.rejected.size;
    counts[PLURAL[kind]] = {
      read: parsed.read[kind],
      written: result.changed.length,
      unchanged: accepted - result.changed.length,
      rejected: rejected[kind],
    };
  }
  return { counts, errors: errors.sort(compareRowErrors) };
}
