import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, scanJson } from './json-scan.ts';

function syntaxError(text: string): JsonSyntaxError {
  try {
    scanJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err;
    throw err;
  }
  throw new Error('expected a syntax error');
}

describe('scanJson', () => {
  it('records where every value starts, by path', () => {
    const text =
      '{\n  "invoices": [\n    { "id": "I1" },\n    {\n      "id": "I2",\n      "dueDate": "x"\n    }\n  ]\n}';
    const offsets = scanJson(text);
    expect(offsets.get('invoices[1]')).toBe(text.indexOf('{\n      "id": "I2"'));
    expect(offsets.get('invoices[1].dueDate')).toBe(text.indexOf('"x"'));
    expect(offsets.get('invoices[0].id')).toBe(text.indexOf('"I1"'));
  });

  it('is not misled by brackets, quotes and escapes inside strings', () => {
    const text = '{"a": ["[\\"{", "\\\\", "\\u00e9]"], "b": {"c": [1, -2.5e3, true, null]}}';
    const offsets = scanJson(text);
    expect(offsets.get('a[2]')).toBe(text.indexOf('"\\u00e9]"'));
    expect(offsets.get('b.c[3]')).toBe(text.indexOf('null'));
    expect(JSON.parse(text)).toBeTruthy();
  });

  it.each([
    ['a missing comma', '{"a": 1\n "b": 2}', 9, 'expected "," or "}" after a property value'],
    ['a trailing comma', '[1, 2, ]', 7, 'unexpected character "]"'],
    ['an unclosed string', '{"a": "abc', 6, 'string not closed'],
    [
      'a raw line break in a string',
      '{"a": "ab\ncd"}',
      9,
      'line break or control character inside a string (write it as \\n)',
    ],
    ['an unquoted key', '{a: 1}', 1, 'expected a property name in double quotes'],
    ['text after the value', '{} {}', 3, 'unexpected text after the end of the JSON value'],
    ['an empty file', '  ', 2, 'unexpected end of the file'],
    ['a bad escape', '"a\\x"', 2, 'invalid escape in a string'],
    ['a single-quoted string', "{'a': 1}", 1, 'expected a property name in double quotes'],
  ])('reports %s at the offset of the fault', (_name, text, offset, reason) => {
    const err = syntaxError(text);
    expect({ offset: err.offset, reason: err.reason }).toEqual({ offset, reason });
  });

  it('refuses nesting deep enough to exhaust the stack', () => {
    expect(syntaxError('['.repeat(10_000)).reason).toBe('values nested too deeply');
  });
});
