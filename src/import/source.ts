// The records of an import file, whatever its format: their kind, the line they start on, their
// values under the JSON (camelCase) field names, and how to name a field and find its line in the file.
import type { RowError } from './errors.ts';

export const RECORD_KINDS = ['customer', 'invoice', 'payment', 'creditNote'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** The name of each kind in messages. */
export const KIND_LABEL: Record<RecordKind, string> = {
  customer: 'customer',
  invoice: 'invoice',
  payment: 'payment',
  creditNote: 'credit note',
};

export type FieldPath = readonly PropertyKey[];

export interface FieldLocation {
  /** As spelled in the file ("due_date", "invoices[3].dueDate"); null for the whole record in CSV. */
  field: string | null;
  line: number;
}

export interface SourceRecord {
  kind: RecordKind;
  /** Line on which the record starts. */
  line: number;
  /** Field values: strings trimmed, empty strings and nulls left out. Not yet validated. */
  values: unknown;
  locate(path: FieldPath): FieldLocation;
}

export interface SourceFile {
  file: string;
  records: SourceRecord[];
  /** Rows that could not even be given a kind (CSV: a bad "record" cell). */
  errors: RowError[];
}

/** Trims strings and drops empty strings and nulls, at every depth: a blank cell is an absent field. */
export function normalizeValue(v: unknown): unknown {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const n = normalizeValue(x);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  return v;
}

export const camelToSnake = (s: string): string => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const snakeToCamel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
