// A JSON syntax checker that also records where each value starts. JSON.parse on Node 20 reports
// neither a line nor a column, and it keeps no positions: this scanner gives both, so a bad file is
// reported at its line and column, and a bad record at the line of the field at fault.

/** A value's path: "invoices", "invoices[3]", "invoices[3].dueDate", "payments[0].allocations[1].amount". */
export type JsonPath = string;

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`${reason} at offset ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

// Far deeper than any ledger; it keeps a hostile file from exhausting the stack.
const MAX_DEPTH = 64;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Checks the syntax of `text` and returns the start offset of every value, by path. */
export function scanJson(text: string): Map<JsonPath, number> {
  const scanner = new Scanner(text);
  scanner.value('', 0);
  scanner.skipSpace();
  if (scanner.pos < text.length) scanner.fail('unexpected text after the end of the JSON value');
  return scanner.offsets;
}

class Scanner {
  pos = 0;
  readonly offsets = new Map<JsonPath, number>();

  constructor(private readonly text: string) {}

  fail(reason: string, at = this.pos): never {
    throw new JsonSyntaxError(reason, at);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') break;
      this.pos++;
    }
  }

  value(path: JsonPath, depth: number): void {
    this.skipSpace();
    if (depth > MAX_DEPTH) this.fail('values nested too deeply');
    this.offsets.set(path, this.pos);
    const c = this.text[this.pos];
    if (c === '{') this.object(path, depth);
    else if (c === '[') this.array(path, depth);
    else if (c === '"') this.string();
    else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else if (c === undefined) this.fail('unexpected end of the file');
    else this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private object(path: JsonPath, depth: number): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const keyStart = this.pos;
      this.string();
      const key = JSON.parse(this.text.slice(keyStart, this.pos)) as string;
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('expected ":" after a property name');
      this.pos++;
      this.value(path === '' ? key : `${path}.${key}`, depth + 1);
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ',') continue;
      if (c === '}') return;
      this.fail(
        c === undefined ? 'unexpected end of the file' : 'expected "," or "}" after a property value',
        this.pos - 1,
      );
    }
  }

  private array(path: JsonPath, depth: number): void {
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      this.value(`${path}[${i}]`, depth + 1);
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ',') continue;
      if (c === ']') return;
      this.fail(
        c === undefined ? 'unexpected end of the file' : 'expected "," or "]" after an array element',
        this.pos - 1,
      );
    }
  }

  private string(): void {
    const start = this.pos;
    const t = this.text;
    this.pos++;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail('string not closed', start);
      if (c === 0x22) {
        this.pos++;
        return;
      }
      if (c === 0x5c) {
        const e = t[this.pos + 1];
        if (e === 'u') {
          HEX4.lastIndex = this.pos + 2;
          if (!HEX4.test(t)) this.fail('expected four hex digits after \\u');
          this.pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          this.pos += 2;
        } else {
          this.fail('invalid escape in a string');
        }
        continue;
      }
      if (c < 0x20) this.fail('line break or control character inside a string (write it as \\n)');
      this.pos++;
    }
  }

  private number(): void {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (!m) this.fail('invalid number');
    this.pos += m[0].length;
  }

  private literal(word: string): void {
    if (!this.text.startsWith(word, this.pos))
      this.fail('unexpected word (expected true, false, null, a number or a string)');
    this.pos += word.length;
  }
}
