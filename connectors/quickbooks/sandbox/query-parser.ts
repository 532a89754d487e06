// The QuickBooks query language, for the subset integrations use:
//   SELECT * | COUNT(*) | Field, ... FROM Entity
//   [WHERE field op literal [AND ...]]  with op one of = < > <= >= IN (...) LIKE
//   [ORDERBY field [ASC|DESC], ...] [STARTPOSITION n] [MAXRESULTS m]
// Keywords are case-insensitive; there is no OR, no JOIN, no GROUP BY. Errors read like Intuit's
// ("Encountered ... at line 1, column N") and are raised as the 4000 QueryParserError fault.
import { qboFaults } from './faults.ts';

export type Literal = string | number | boolean;
export type ComparisonOperator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';

export interface Condition {
  field: string;
  op: ComparisonOperator;
  values: Literal[];
}

export interface OrderBy {
  field: string;
  descending: boolean;
}

export type Projection = { kind: 'all' } | { kind: 'count' } | { kind: 'fields'; fields: string[] };

export interface ParsedQuery {
  entity: string;
  projection: Projection;
  where: Condition[];
  orderBy: OrderBy[];
  startPosition: number;
  maxResults: number;
}

/** QuickBooks answers 100 rows when MAXRESULTS is left out and never more than 1000. */
export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_CAP = 1000;

type TokenKind = 'word' | 'string' | 'number' | 'symbol' | 'eof';
interface Token {
  kind: TokenKind;
  text: string;
  value: string;
  column: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'word', text: m[0], value: m[0], column });
      i += m[0].length;
    } else if (/[0-9-]/.test(ch)) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!m) throw qboFaults.queryParser(`Lexical error at line 1, column ${column}. Encountered: "${ch}"`);
      tokens.push({ kind: 'number', text: m[0], value: m[0], column });
      i += m[0].length;
    } else if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (; j < text.length; j++) {
        const c = text[j] as string;
        if (c === '\\' && j + 1 < text.length) {
          value += text[++j];
        } else if (c === "'") {
          break;
        } else {
          value += c;
        }
      }
      if (j >= text.length)
        throw qboFaults.queryParser(
          `Lexical error at line 1, column ${text.length + 1}. Encountered: <EOF> after : "'${value}"`,
        );
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), value, column });
      i = j + 1;
    } else {
      const two = text.slice(i, i + 2);
      const symbol = ['<=', '>=', '!=', '<>'].includes(two) ? two : ch;
      if (!['=', '<', '>', '<=', '>=', '!=', '<>', '(', ')', ',', '*'].includes(symbol)) {
        throw qboFaults.queryParser(`Lexical error at line 1, column ${column}. Encountered: "${ch}"`);
      }
      tokens.push({ kind: 'symbol', text: symbol, value: symbol, column });
      i += symbol.length;
    }
  }
  tokens.push({ kind: 'eof', text: '<EOF>', value: '', column: text.length + 1 });
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.at] as Token;
  }

  private fail(expecting: string): never {
    const t = this.peek();
    const kind = { word: '<ID> ', string: '<STRING> ', number: '<INTEGER> ', symbol: '', eof: '' }[t.kind];
    const shown = t.kind === 'eof' ? '<EOF>' : `${kind}"${t.text} "`;
    throw qboFaults.queryParser(
      `Encountered " ${shown}" at line 1, column ${t.column}.\nWas expecting: ${expecting}`,
    );
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text.toUpperCase() === word;
  }

  private keyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(`"${word}"`);
    this.at++;
  }

  private symbol(s: string): void {
    const t = this.peek();
    if (t.kind !== 'symbol' || t.text !== s) this.fail(`"${s}"`);
    this.at++;
  }

  private identifier(): string {
    const t = this.peek();
    if (t.kind !== 'word') this.fail('<IDENTIFIER>');
    this.at++;
    return t.text;
  }

  private literal(): Literal {
    const t = this.peek();
    this.at++;
    if (t.kind === 'string') return t.value;
    if (t.kind === 'number') return Number(t.value);
    if (t.kind === 'word' && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === 'true';
    this.at--;
    return this.fail('<STRING> | <INTEGER> | "true" | "false"');
  }

  private integer(): number {
    const t = this.peek();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) this.fail('<INTEGER>');
    this.at++;
    return Number(t.text);
  }

  parse(): ParsedQuery {
    this.keyword('SELECT');
    let projection: Projection;
    if (this.peek().kind === 'symbol' && this.peek().text === '*') {
      this.at++;
      projection = { kind: 'all' };
    } else if (this.isKeyword('COUNT')) {
      this.at++;
      this.symbol('(');
      this.symbol('*');
      this.symbol(')');
      projection = { kind: 'count' };
    } else {
      const fields = [this.identifier()];
      while (this.peek().kind === 'symbol' && this.peek().text === ',') {
        this.at++;
        fields.push(this.identifier());
      }
      projection = { kind: 'fields', fields };
    }
    this.keyword('FROM');
    const entity = this.identifier();
    const where: Condition[] = [];
    if (this.isKeyword('WHERE')) {
      this.at++;
      where.push(this.condition());
      while (this.isKeyword('AND')) {
        this.at++;
        where.push(this.condition());
      }
      if (this.isKeyword('OR')) this.fail('"AND" (QuickBooks queries have no OR)');
    }
    const orderBy: OrderBy[] = [];
    if (this.isKeyword('ORDERBY') || this.isKeyword('ORDER')) {
      if (this.isKeyword('ORDER')) {
        this.at++;
        this.keyword('BY');
      } else {
        this.at++;
      }
      do {
        if (orderBy.length > 0) this.at++;
        const field = this.identifier();
        let descending = false;
        if (this.isKeyword('DESC')) {
          descending = true;
          this.at++;
        } else if (this.isKeyword('ASC')) {
          this.at++;
        }
        orderBy.push({ field, descending });
      } while (this.peek().kind === 'symbol' && this.peek().text === ',');
    }
    let startPosition = 1;
    let maxResults = DEFAULT_MAX_RESULTS;
    for (let clause = 0; clause < 2; clause++) {
      if (this.isKeyword('STARTPOSITION')) {
        this.at++;
        startPosition = Math.max(1, this.integer());
      } else if (this.isKeyword('MAXRESULTS')) {
        this.at++;
        maxResults = Math.min(MAX_RESULTS_CAP, this.integer());
      }
    }
    if (this.peek().kind !== 'eof') this.fail('<EOF>');
    return { entity, projection, where, orderBy, startPosition, maxResults };
  }

  private condition(): Condition {
    const field = this.identifier();
    const t = this.peek();
    if (t.kind === 'word' && t.text.toUpperCase() === 'IN') {
      this.at++;
      this.symbol('(');
      const values = [this.literal()];
      while (this.peek().kind === 'symbol' && this.peek().text === ',') {
        this.at++;
        values.push(this.literal());
      }
      this.symbol(')');
      return { field, op: 'IN', values };
    }
    if (t.kind === 'word' && t.text.toUpperCase() === 'LIKE') {
      this.at++;
      const pattern = this.peek();
      if (pattern.kind !== 'string') this.fail('<STRING>');
      this.at++;
      return { field, op: 'LIKE', values: [pattern.value] };
    }
    if (t.kind === 'symbol' && ['=', '<', '>', '<=', '>='].includes(t.text)) {
      this.at++;
      return { field, op: t.text as ComparisonOperator, values: [this.literal()] };
    }
    return this.fail('"=" | "<" | ">" | "<=" | ">=" | "IN" | "LIKE"');
  }
}

export function parseQuery(text: string): ParsedQuery {
  if (text.trim() === '') throw qboFaults.queryParser('Encountered " <EOF>" at line 1, column 1.');
  return new Parser(tokenize(text)).parse();
}
