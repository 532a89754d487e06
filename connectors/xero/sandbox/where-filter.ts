// The `where` and `order` query parameters: the subset of Xero's LINQ-like filter language a
// collections tool uses. Comparisons (== = != <> > >= < <=) between a field path and a literal
// ("text", 12.5, true, false, null, DateTime(2024,01,31), Guid("…")), .Contains/.StartsWith/
// .EndsWith("…"), .ToLower()/.ToUpper(), AND/&&, OR/||, NOT/!, parentheses. Unknown fields are
// refused as Xero does, with a QueryParseException naming the field.

export type FieldValue = string | number | boolean | null;
/** Field getters by lower-case path ("contact.contactid"); dates are returned as epoch ms. */
export type FieldMap<T> = Record<string, (record: T) => FieldValue>;
export type Predicate<T> = (record: T) => boolean;

export class QueryParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryParseError';
  }
}

type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'op'; text: string }
  | { kind: 'punct'; text: '(' | ')' | ',' };

const OPS = ['==', '!=', '<>', '>=', '<=', '&&', '||', '=', '>', '<', '!'];

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"' || ch === "'") {
      const end = input.indexOf(ch, i + 1);
      if (end < 0) throw new QueryParseError(`Unterminated string literal at position ${i}`);
      tokens.push({ kind: 'string', text: input.slice(i + 1, end) });
      i = end + 1;
    } else if (/[0-9-]/.test(ch) && /[0-9]/.test(input[ch === '-' ? i + 1 : i] ?? '')) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(input.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'ident', text: m[0] });
      i += m[0].length;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    } else {
      const op = OPS.find((o) => input.startsWith(o, i));
      if (!op) throw new QueryParseError(`Syntax error: unexpected '${ch}' at position ${i}`);
      tokens.push({ kind: 'op', text: op });
      i += op.length;
    }
  }
  return tokens;
}

type Operand<T> = (record: T) => FieldValue;

const METHODS = ['contains', 'startswith', 'endswith'];
const TRANSFORMS = ['tolower', 'toupper'];

class Parser<T> {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fields: FieldMap<T>,
    private readonly entity: string,
  ) {}

  parse(): Predicate<T> {
    const predicate = this.or();
    if (this.pos < this.tokens.length) throw new QueryParseError(`Syntax error near token ${this.pos + 1}`);
    return predicate;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isWord(word: string, text?: string): boolean {
    const t = this.peek();
    return (
      t !== undefined &&
      ((t.kind === 'ident' && t.text.toUpperCase() === word) || (t.kind === 'op' && t.text === text))
    );
  }

  private or(): Predicate<T> {
    let left = this.and();
    while (this.isWord('OR', '||')) {
      this.pos++;
      const l = left;
      const r = this.and();
      left = (x) => l(x) || r(x);
    }
    return left;
  }

  private and(): Predicate<T> {
    let left = this.unary();
    while (this.isWord('AND', '&&')) {
      this.pos++;
      const l = left;
      const r = this.unary();
      left = (x) => l(x) && r(x);
    }
    return left;
  }

  private unary(): Predicate<T> {
    if (this.isWord('NOT', '!')) {
      this.pos++;
      const inner = this.unary();
      return (x) => !inner(x);
    }
    const t = this.peek();
    if (t?.kind === 'punct' && t.text === '(') {
      this.pos++;
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    return this.comparison();
  }

  private expect(text: string): void {
    const t = this.peek();
    if (!t || !('text' in t) || t.text !== text)
      throw new QueryParseError(`Syntax error: expected '${text}'`);
    this.pos++;
  }

  private comparison(): Predicate<T> {
    const left = this.operand();
    if (left.method) return left.method;
    const t = this.peek();
    if (t?.kind !== 'op' || ['&&', '||', '!'].includes(t.text)) {
      return (x) => left.get(x) === true; // a bare boolean field: "SentToContact"
    }
    this.pos++;
    const right = this.operand();
    const op = t.text;
    return (x) => compare(left.get(x), op, right.get(x));
  }

  private operand(): { get: Operand<T>; method?: Predicate<T> } {
    const t = this.peek();
    if (!t) throw new QueryParseError('Syntax error: unexpected end of expression');
    this.pos++;
    if (t.kind === 'string') return { get: () => t.text };
    if (t.kind === 'number') return { get: () => t.value };
    if (t.kind !== 'ident') throw new QueryParseError(`Syntax error near '${'text' in t ? t.text : ''}'`);
    const word = t.text.toLowerCase();
    if (word === 'true' || word === 'false') return { get: () => word === 'true' };
    if (word === 'null') return { get: () => null };
    if (word === 'datetime' || word === 'datetime.parse' || word === 'guid')
      return { get: this.constructorCall(word) };
    const parts = t.text.split('.');
    const last = parts[parts.length - 1]?.toLowerCase() ?? '';
    if (METHODS.includes(last) || TRANSFORMS.includes(last)) {
      const getter = this.field(parts.slice(0, -1).join('.'));
      this.expect('(');
      if (TRANSFORMS.includes(last)) {
        this.expect(')');
        return { get: (x) => transform(getter(x), last) };
      }
      const arg = this.peek();
      if (arg?.kind !== 'string')
        throw new QueryParseError(`${parts.slice(-1)[0]} expects a string argument`);
      this.pos++;
      this.expect(')');
      const needle = arg.text.toLowerCase();
      const test =
        last === 'contains'
          ? (s: string) => s.includes(needle)
          : last === 'startswith'
            ? (s: string) => s.startsWith(needle)
            : (s: string) => s.endsWith(needle);
      return {
        get: getter,
        method: (x) => typeof getter(x) === 'string' && test((getter(x) as string).toLowerCase()),
      };
    }
    return { get: this.field(t.text) };
  }

  private field(path: string): Operand<T> {
    const getter = this.fields[path.toLowerCase()];
    if (!getter) throw new QueryParseError(`No property or field '${path}' exists in type '${this.entity}'`);
    return getter;
  }

  private constructorCall(word: string): Operand<T> {
    this.expect('(');
    const args: (string | number)[] = [];
    while (
      this.peek() &&
      !(this.peek()?.kind === 'punct' && (this.peek() as { text: string }).text === ')')
    ) {
      const a = this.tokens[this.pos++] as Token;
      if (a.kind === 'number') args.push(a.value);
      else if (a.kind === 'string') args.push(a.text);
      else if (!(a.kind === 'punct' && a.text === ','))
        throw new QueryParseError(`Syntax error in ${word}(...)`);
    }
    this.expect(')');
    if (word === 'guid') {
      if (typeof args[0] !== 'string') throw new QueryParseError('Guid(...) expects a string');
      const id = args[0].toLowerCase();
      return () => id;
    }
    let ms: number;
    if (typeof args[0] === 'string')
      ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(args[0]) ? args[0] : `${args[0]}Z`);
    else {
      const [y, m = 1, d = 1, h = 0, mi = 0, s = 0] = args as number[];
      ms = Date.UTC(y as number, m - 1, d, h, mi, s);
    }
    if (Number.isNaN(ms)) throw new QueryParseError(`Invalid date in ${word}(...)`);
    return () => ms;
  }
}

function transform(v: FieldValue, how: string): FieldValue {
  if (typeof v !== 'string') return v;
  return how === 'tolower' ? v.toLowerCase() : v.toUpperCase();
}

function compare(a: FieldValue, op: string, b: FieldValue): boolean {
  const isNull = (v: FieldValue) => v === null || v === '';
  if (a === null || b === null) {
    const same = isNull(a) && isNull(b);
    if (op === '==' || op === '=') return same;
    if (op === '!=' || op === '<>') return !same;
    return false;
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return op === '==' || op === '=' ? x === y : op === '!=' || op === '<>' ? x !== y : order(x, y, op);
  }
  if (op === '==' || op === '=') return a === b;
  if (op === '!=' || op === '<>') return a !== b;
  return order(a, b, op);
}

function order(a: string | number | boolean, b: string | number | boolean, op: string): boolean {
  if (op === '>') return a > b;
  if (op === '>=') return a >= b;
  if (op === '<') return a < b;
  return a <= b;
}

export function compileWhere<T>(where: string, fields: FieldMap<T>, entity: string): Predicate<T> {
  return new Parser(tokenize(where), fields, entity).parse();
}

export type Comparator<T> = (a: T, b: T) => number;

/** "DueDate DESC, InvoiceNumber" → a comparator; unknown fields are refused. */
export function compileOrder<T>(order: string, fields: FieldMap<T>, entity: string): Comparator<T> {
  const keys = order.split(',').map((part) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(ASC|DESC)?\s*$/i.exec(part);
    if (!m) throw new QueryParseError(`Invalid order clause '${part.trim()}'`);
    const getter = fields[(m[1] as string).toLowerCase()];
    if (!getter) throw new QueryParseError(`No property or field '${m[1]}' exists in type '${entity}'`);
    return { getter, sign: m[2]?.toUpperCase() === 'DESC' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { getter, sign } of keys) {
      const x = getter(a);
      const y = getter(b);
      if (x === y) continue;
      if (x === null) return -sign;
      if (y === null) return sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}

/** Whether a where clause mentions a field, e.g. to know if DELETED invoices were asked for. */
export function mentionsField(where: string, field: string): boolean {
  return new RegExp(`\\b${field}\\b`, 'i').test(where);
}
