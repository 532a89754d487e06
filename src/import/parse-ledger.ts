// From source records to validated rows, each kind on its own: every field checked by its schema,
// duplicate ids reported (the first row with an id is the one kept). References between rows are
// checked afterwards (check-references.ts), once the rows already in the database are known.
import type { z } from 'zod';
import type { RowError } from './errors.ts';
import { recordSchemas, type ParsedByKind } from './records.ts';
import {
  KIND_LABEL,
  RECORD_KINDS,
  type FieldPath,
  type RecordKind,
  type SourceFile,
  type SourceRecord,
} from './source.ts';

export interface Row<T> {
  line: number;
  value: T;
  locate: SourceRecord['locate'];
}

export type RowsByKind = { [K in RecordKind]: Row<ParsedByKind[K]>[] };
export type PerKind<T> = Record<RecordKind, T>;

export interface ParsedLedger {
  file: string;
  read: PerKind<number>;
  rows: RowsByKind;
  /** Ids of rows that failed their own checks: id → line, so rows that refer to them can say so. */
  rejectedIds: PerKind<Map<string, number>>;
  rejected: PerKind<number>;
  errors: RowError[];
}

const perKind = <T>(make: () => T): PerKind<T> =>
  Object.fromEntries(RECORD_KINDS.map((k) => [k, make()])) as PerKind<T>;

export function parseLedger(source: SourceFile): ParsedLedger {
  const out: ParsedLedger = {
    file: source.file,
    read: perKind(() => 0),
    rows: perKind(() => []) as unknown as RowsByKind,
    rejectedIds: perKind(() => new Map<string, number>()),
    rejected: perKind(() => 0),
    errors: [...source.errors],
  };
  const firstLine = perKind(() => new Map<string, number>());
  for (const record of source.records) {
    const { kind } = record;
    out.read[kind]++;
    const id = rawId(record.values);
    const first = id === null ? undefined : firstLine[kind].get(id);
    if (first !== undefined) {
      const at = record.locate(['id']);
      out.errors.push(
        rowError(source.file, at, `duplicate ${KIND_LABEL[kind]} id "${id}" (first on line ${first})`),
      );
      out.rejected[kind]++;
      continue;
    }
    if (id !== null) firstLine[kind].set(id, record.line);
    const parsed = recordSchemas[kind].safeParse(record.values);
    if (parsed.success) {
      (out.rows[kind] as Row<unknown>[]).push({
        line: record.line,
        value: parsed.data,
        locate: record.locate,
      });
    } else {
      out.errors.push(...issueErrors(source.file, record, parsed.error.issues));
      out.rejected[kind]++;
      if (id !== null) out.rejectedIds[kind].set(id, record.line);
    }
  }
  return out;
}

function rawId(values: unknown): string | null {
  if (typeof values !== 'object' || values === null) return null;
  const id = (values as Record<string, unknown>).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

export function rowError(file: string, at: { field: string | null; line: number }, reason: string): RowError {
  return at.field === null
    ? { file, line: at.line, reason }
    : { file, line: at.line, field: at.field, reason };
}

function issueErrors(file: string, record: SourceRecord, issues: z.core.$ZodIssue[]): RowError[] {
  const label = KIND_LABEL[record.kind];
  const errors: RowError[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push(
          rowError(file, record.locate([...issue.path, key]), `is not a field of ${article(label)} ${label}`),
        );
      }
      continue;
    }
    const missing =
      issue.code !== 'custom' && issue.path.length > 0 && valueAt(record.values, issue.path) === undefined;
    const reason = missing ? 'is required' : issue.message;
    errors.push(rowError(file, record.locate(issue.path), reason));
  }
  return errors;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? 'an' : 'a');

function valueAt(values: unknown, path: FieldPath): unknown {
  let v = values;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
