import { describe, expect, it } from 'vitest';
import { ImportError } from './errors.ts';
import { readCsv } from './read-csv.ts';

const lines = (...rows: string[]) => rows.join('\n');

function fileError(text: string): ImportError {
  try {
    readCsv('ledger.csv', text);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected an ImportError');
}

describe('readCsv', () => {
  it('gives each row its kind, its values under the JSON names and the line it starts on', () => {
    const src = readCsv(
      'ledger.csv',
      lines('record,id,customer_id,time_zone', 'customer,C1,,Europe/Paris', '', 'invoice,I1,C1,'),
    );
    expect(src.records.map((r) => [r.kind, r.line, r.values])).toEqual([
      ['customer', 2, { id: 'C1', timeZone: 'Europe/Paris' }],
      ['invoice', 4, { id: 'I1', customerId: 'C1' }],
    ]);
    expect(src.records[1]?.locate(['customerId'])).toEqual({ field: 'customer_id', line: 4 });
  });

  it('counts lines right after quoted fields that span lines, whatever the line endings', () => {
    const text =
      'record,id,name\r\ncustomer,C1,"Atelier\r\nNord"\r\ncustomer,C2,"a\nb\nc"\ncustomer,C3,x\rcustomer,C4,"Café ""Est"""\n';
    const src = readCsv('ledger.csv', text);
    expect(src.records.map((r) => [r.line, (r.values as { name: string }).name])).toEqual([
      [2, 'Atelier\r\nNord'],
      [4, 'a\nb\nc'],
      [7, 'x'],
      [8, 'Café "Est"'],
    ]);
  });

  it('reads semicolon- and tab-separated files, and a leading byte-order mark', () => {
    const semi = readCsv('l.csv', '\uFEFFrecord;id;email\ncustomer;C1;"a@x.fr;b@x.fr"\n');
    expect(semi.records[0]?.values).toEqual({ id: 'C1', email: 'a@x.fr;b@x.fr' });
    const tab = readCsv('l.csv', 'record\tid\tname\ncustomer\tC1\tNord, Sud\n');
    expect(tab.records[0]?.values).toEqual({ id: 'C1', name: 'Nord, Sud' });
  });

  it('accepts rows that leave trailing columns out, and empty trailing header cells', () => {
    const src = readCsv('l.csv', lines('record,id,name,,', 'customer,C1', 'customer,C2,B,,'));
    expect(src.records.map((r) => r.values)).toEqual([{ id: 'C1' }, { id: 'C2', name: 'B' }]);
  });

  it('reports a row with more fields than the header, and an unknown record kind, and goes on', () => {
    const src = readCsv(
      'l.csv',
      lines('record,id,name', 'customer,C1,A,extra', 'client,C2,B', ',C3,C', 'customer,C4,D'),
    );
    expect(src.errors).toEqual([
      { file: 'l.csv', line: 2, reason: 'has 4 fields, the header has 3' },
      {
        file: 'l.csv',
        line: 3,
        field: 'record',
        reason: '"client" is not customer, invoice, payment or credit_note',
      },
      { file: 'l.csv', line: 4, field: 'record', reason: 'is required' },
    ]);
    expect(src.records.map((r) => r.line)).toEqual([5]);
  });

  it.each([
    [
      'a header not starting with record',
      'id,record\nC1,customer\n',
      1,
      'the first column of the header must be "record"',
    ],
    ['an unknown column', 'record,id,due\ninvoice,I1,2026-01-01\n', 1, 'unknown column "due"'],
    ['a column named twice', 'record,id,ID\n', 1, 'column "id" appears twice in the header'],
    ['a column without a name', 'record,id,,name\n', 1, 'column 3 of the header has no name'],
    [
      'a quoted field left open',
      'record,id,name\ncustomer,C1,A\ncustomer,C2,"B\n\ncustomer,C3,C\n',
      3,
      'a quoted field is not closed',
    ],
    ['a stray quote', 'record,id,name\ncustomer,C1,"A"B\n', 2, 'unexpected character after a closing quote'],
    ['an empty file', '', 1, 'the first column of the header must be "record"'],
  ])('refuses the whole file for %s, naming the line', (_name, text, line, reason) => {
    const err = fileError(text);
    expect(err.line).toBe(line);
    expect(err.reason).toContain(reason);
    expect(err.message).toMatch(new RegExp(`^ledger\\.csv:${line}: `));
  });
});
