// CSV: one file holds every kind of row. The first column, "record", says which kind (customer,
// invoice, payment, credit_note); the other columns are the union of the kinds' fields, in snake_case,
// in any order, and a row leaves blank the columns that are not its own. The delimiter is the
// character after "record" in the header: a comma, a semicolon (French Excel) or a tab.
import { CsvError, parse } from 'csv-parse/sync';
import { ImportError, type RowError } from './errors.ts';
import { LineIndex } from './line-index.ts';
import { camelToSnake, snakeToCamel, type RecordKind, type SourceFile, type SourceRecord } from './source.ts';

export const CSV_COLUMNS = [
  'id',
  'customer_id',
  'name',
  'email',
  'phone',
  'language',
  'country',
  'time_zone',
  'payment_terms_days',
  'credit_limit',
  'number',
  'issue_date',
  'due_date',
  'date',
  'currency',
  'total',
  'open_balance',
  'amount',
  'status',
  'payment_link',
  'allocations',
] as const;

const KIND_BY_CELL: Record<string, RecordKind> = {
  customer: 'customer',
  invoice: 'invoice',
  payment: 'payment',
  credit_note: 'creditNote',
};

const DELIMITERS = [',', ';', '\t'];
const BLANK_BYTES = new Set([0x20, 0x09, 0x0a, 0x0d]); // space, tab, line feed, carriage return

export function readCsv(file: string, text: string): SourceFile {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const delimiter = detectDelimiter(file, body);
  const bytes = Buffer.from(body, 'utf8');
  const lines = LineIndex.ofBytes(bytes);
  // Where a record starts: after the previous one's end, past blank lines and leading blanks.
  const startLine = (from: number) => {
    let i = from;
    while (i < bytes.length && BLANK_BYTES.has(bytes[i] as number)) i++;
    return lines.line(i);
  };

  let rows: { record: string[]; info: { bytes: number } }[];
  try {
    rows = parse(bytes, {
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof rows; // with `info`, each row is { record, info }
  } catch (err) {
    if (err instanceof CsvError) {
      // `bytes` points just before the field at fault: on the line where its quote opened.
      const at = typeof err.bytes === 'number' ? Math.min(err.bytes, bytes.length) : 0;
      throw new ImportError(csvReason(err), file, lines.line(at));
    }
    throw err;
  }

  // detectDelimiter has seen the header, so there is one.
  const [header, ...data] = rows as [(typeof rows)[number], ...typeof rows];
  const columns = readHeader(file, header.record);

  const records: SourceRecord[] = [];
  const errors: RowError[] = [];
  let end = header.info.bytes;
  for (const row of data) {
    const line = startLine(end);
    end = row.info.bytes;
    const cells = row.record.map((c) => c.trim());
    if (cells.every((c) => c === '')) continue;
    const extra = cells.slice(columns.length).filter((c) => c !== '').length;
    if (extra > 0) {
      errors.push({ file, line, reason: `has ${cells.length} fields, the header has ${columns.length}` });
      continue;
    }
    const kindCell = (cells[0] as string).toLowerCase();
    const kind = KIND_BY_CELL[kindCell];
    if (!kind) {
      errors.push({
        file,
        line,
        field: 'record',
        reason:
          kindCell === '' ? 'is required' : `"${cells[0]}" is not customer, invoice, payment or credit_note`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    columns.forEach((column, i) => {
      const cell = cells[i];
      if (i > 0 && cell !== undefined && cell !== '') values[snakeToCamel(column)] = cell;
    });
    records.push({
      kind,
      line,
      values,
      locate: (path) => ({ field: path.length > 0 ? camelToSnake(String(path[0])) : null, line }),
    });
  }
  return { file, records, errors };
}

function detectDelimiter(file: string, body: string): string {
  const m = /^"?record"?(.)/i.exec(body);
  const d = m?.[1];
  if (d === undefined || !DELIMITERS.includes(d)) {
    throw new ImportError(
      'the first column of the header must be "record", followed by a comma, a semicolon or a tab',
      file,
      1,
    );
  }
  return d;
}

function readHeader(file: string, cells: string[]): string[] {
  const names = cells.map((c) => c.trim().toLowerCase());
  // Spreadsheets often leave empty trailing header cells; those columns must stay empty in every row.
  while (names.length > 1 && names[names.length - 1] === '') names.pop();
  const known = new Set<string>(CSV_COLUMNS);
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (i === 0) return;
    if (name === '') throw new ImportError(`column ${i + 1} of the header has no name`, file, 1);
    if (!known.has(name)) {
      throw new ImportError(
        `unknown column "${cells[i]?.trim()}" (the columns are: record, ${CSV_COLUMNS.join(', ')})`,
        file,
        1,
      );
    }
    if (seen.has(name)) throw new ImportError(`column "${name}" appears twice in the header`, file, 1);
    seen.add(name);
  });
  return names;
}

function csvReason(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is not closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'unexpected character after a closing quote (a quote inside a quoted field is written "")';
    default:
      return err.message.replace(/ at line \d+/, '');
  }
}
