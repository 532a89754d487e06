import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReferences } from './check-references.ts';
import { parseLedger } from './parse-ledger.ts';
import { readCsv } from './read-csv.ts';
import { readJson } from './read-json.ts';

const doc = fs.readFileSync(path.join(import.meta.dirname, 'format.md'), 'utf8');
const block = (lang: string) => {
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(doc);
  if (!m?.[1]) throw new Error(`no ${lang} block in format.md`);
  return m[1];
};

describe('the examples in format.md', () => {
  it.each([
    ['csv', () => readCsv('excerpt.csv', block('csv')), [3, 4, 2, 1]],
    ['json', () => readJson('excerpt.json', block('json')), [1, 1, 1, 0]],
  ])('import without a single error (%s)', (_lang, read, counts) => {
    const parsed = parseLedger(read());
    const checked = checkReferences(parsed, { customers: new Set(), invoices: new Map() });
    expect([...parsed.errors, ...checked.errors]).toEqual([]);
    const { customer, invoice, payment, creditNote } = checked.rows;
    expect([customer.length, invoice.length, payment.length, creditNote.length]).toEqual(counts);
  });
});
