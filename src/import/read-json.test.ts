import { describe, expect, it } from 'vitest';
import { ImportError } from './errors.ts';
import { parseLedger } from './parse-ledger.ts';
import { readJson } from './read-json.ts';

function fileError(text: string): ImportError {
  try {
    readJson('ledger.json', text);
  } catch (err) {
    if (err instanceof ImportError) return err;
    throw err;
  }
  throw new Error('expected an ImportError');
}

const text = [
  '{',
  '  "customers": [{ "id": "C1", "name": "  Nord  ", "phone": null, "email": "" }],',
  '  "invoices": [',
  '    {',
  '      "id": "I1",',
  '      "dueDate": "2026-13-01"',
  '    }',
  '  ],',
  '  "payments": [',
  '    { "id": "P1",',
  '      "allocations": [',
  '        { "invoiceId": "I1",',
  '          "amount": "1,00" }',
  '      ] }',
  '  ]',
  '}',
].join('\n');

describe('readJson', () => {
  it('gives each element its kind and starting line, with blanks and nulls left out', () => {
    const src = readJson('ledger.json', text);
    expect(src.records.map((r) => [r.kind, r.line, r.values])).toEqual([
      ['customer', 2, { id: 'C1', name: 'Nord' }],
      ['invoice', 4, { id: 'I1', dueDate: '2026-13-01' }],
      ['payment', 10, { id: 'P1', allocations: [{ invoiceId: 'I1', amount: '1,00' }] }],
    ]);
  });

  it('names a field by its path and finds the line it is on', () => {
    const [, invoice, payment] = readJson('ledger.json', text).records;
    expect(invoice?.locate(['dueDate'])).toEqual({ field: 'invoices[0].dueDate', line: 6 });
    expect(invoice?.locate(['number'])).toEqual({ field: 'invoices[0].number', line: 4 });
    expect(payment?.locate(['allocations', 0, 'amount'])).toEqual({
      field: 'payments[0].allocations[0].amount',
      line: 13,
    });
  });

  it('reports malformed JSON once, at its line and column', () => {
    const err = fileError('{\n  "customers": [\n    { "id": "C1" }\n    { "id": "C2" }\n  ]\n}');
    expect(err.message).toBe('ledger.json:4:5: not valid JSON: expected "," or "]" after an array element');
  });

  it.each([
    ['an array at the top', '[]', 'ledger.json:1: expected an object'],
    ['an unknown section', '{\n  "invoice": []\n}', 'ledger.json:2: unknown section "invoice"'],
    [
      'a section that is not an array',
      '{\n\n  "customers": {}\n}',
      'ledger.json:3: "customers" must be an array',
    ],
  ])('refuses %s', (_name, body, message) => {
    expect(fileError(body).message).toContain(message);
  });
});

describe('a JSON element that is not an object', () => {
  it('is reported at its own line and path', () => {
    const p = parseLedger(readJson('l.json', '{\n  "customers": [\n    "C1",\n    null\n  ]\n}'));
    expect(p.errors).toEqual([
      { file: 'l.json', line: 3, field: 'customers[0]', reason: 'expected an object' },
      { file: 'l.json', line: 4, field: 'customers[1]', reason: 'expected an object' },
    ]);
  });
});
