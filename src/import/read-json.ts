// JSON: one object { "customers": [...], "invoices": [...], "payments": [...], "creditNotes": [...] },
// each array optional, fields in camelCase. A record's errors are reported at the line of the field
// at fault, found by the scanner that also checks the syntax.
import { ImportError } from './errors.ts';
import { JsonSyntaxError, scanJson, type JsonPath } from './json-scan.ts';
import { LineIndex } from './line-index.ts';
import {
  normalizeValue,
  type FieldPath,
  type RecordKind,
  type SourceFile,
  type SourceRecord,
} from './source.ts';

export const JSON_SECTIONS: Record<string, RecordKind> = {
  customers: 'customer',
  invoices: 'invoice',
  payments: 'payment',
  creditNotes: 'creditNote',
};

const SHAPE =
  'expected an object { "customers": [...], "invoices": [...], "payments": [...], "creditNotes": [...] }';

export function readJson(file: string, text: string): SourceFile {
  const body = text.startsWith('\uFEFF') ? ' ' + text.slice(1) : text; // keep offsets and columns in place
  const lines = LineIndex.ofText(body);
  let offsets: Map<JsonPath, number>;
  try {
    offsets = scanJson(body);
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      const { line, column } = lines.position(err.offset);
      throw new ImportError(`not valid JSON: ${err.reason}`, file, line, column);
    }
    throw err;
  }
  const root: unknown = JSON.parse(body);
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new ImportError(SHAPE, file, 1);

  const lineOf = (path: JsonPath) => lines.line(offsets.get(path) ?? 0);
  const records: SourceRecord[] = [];
  for (const [section, items] of Object.entries(root)) {
    const kind = JSON_SECTIONS[section];
    if (!kind) throw new ImportError(`unknown section "${section}": ${SHAPE}`, file, lineOf(section));
    if (!Array.isArray(items)) throw new ImportError(`"${section}" must be an array`, file, lineOf(section));
    items.forEach((item: unknown, index) => {
      const base = `${section}[${index}]`;
      records.push({
        kind,
        line: lineOf(base),
        values: normalizeValue(item),
        locate: (path) => {
          // The deepest part of the path that the file holds gives the line.
          for (let n = path.length; n >= 0; n--) {
            const at = offsets.get(base + formatPath(path.slice(0, n)));
            if (at !== undefined) return { field: base + formatPath(path), line: lines.line(at) };
          }
          return { field: base + formatPath(path), line: lineOf(base) };
        },
      });
    });
  }
  return { file, records, errors: [] };
}

function formatPath(path: FieldPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}
