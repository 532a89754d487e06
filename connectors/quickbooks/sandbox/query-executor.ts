// Runs a parsed query against one company: filter, order, page, render. The filtered and ordered
// rows are cached per company until the next change, so paging through 100,000 invoices a
// thousand at a time sorts them once, not a hundred times.
import type { Company } from './company.ts';
import { qboFaults } from './faults.ts';
import { formatQboResponseTime, parseQboDateTime } from './qbo-time.ts';
import { parseQuery, type Condition, type Literal, type ParsedQuery } from './query-parser.ts';
import {
  entityTable,
  type EntityTable,
  type FieldSpec,
  type FieldType,
  type FieldValue,
} from './query-fields.ts';
import type { QboJson } from './render-common.ts';

export interface QueryOptions {
  invoiceLink?: boolean;
}

type Row = unknown;
type Compiled = (row: Row) => boolean;

function lower(v: FieldValue): FieldValue {
  return typeof v === 'string' ? v.toLowerCase() : v;
}

function coerce(table: EntityTable<Row>, spec: FieldSpec<Row>, literal: Literal): FieldValue {
  const fail = (): never => {
    throw qboFaults.queryValidation(
      `Invalid value ${JSON.stringify(literal)} for property ${spec.name} of Entity ${table.name}`,
    );
  };
  switch (spec.type as FieldType) {
    case 'id':
      return table.parseId(String(literal)) ?? Number.NaN;
    case 'number': {
      const n = typeof literal === 'number' ? literal : Number(literal);
      return Number.isFinite(n) && String(literal).trim() !== '' ? n : fail();
    }
    case 'string':
      return String(literal).toLowerCase();
    case 'date':
      return /^\d{4}-\d{2}-\d{2}/.test(String(literal)) ? String(literal).slice(0, 10) : fail();
    case 'datetime':
      return parseQboDateTime(String(literal)) ?? fail();
    case 'boolean':
      if (typeof literal === 'boolean') return literal;
      return /^(true|false)$/i.test(String(literal)) ? String(literal).toLowerCase() === 'true' : fail();
  }
}

/** Orders two values; NaN when they cannot be compared (an Id literal that is no Id matches nothing). */
function compare(a: FieldValue, b: FieldValue): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.NaN;
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'is');
}

function compile(table: EntityTable<Row>, condition: Condition): Compiled {
  const spec = table.fields.get(condition.field.toLowerCase());
  if (!spec)
    throw qboFaults.queryValidation(`Property ${condition.field} not found for Entity ${table.name}`);
  let test: (value: FieldValue) => boolean;
  if (condition.op === 'LIKE') {
    if (spec.type !== 'string')
      throw qboFaults.queryValidation(`LIKE is not supported on property ${spec.name}`);
    const re = likeToRegExp(String(condition.values[0]));
    test = (v) => typeof v === 'string' && re.test(v);
  } else {
    const literals = condition.values.map((l) => coerce(table, spec, l));
    const first = literals[0] as FieldValue;
    const op = condition.op;
    test = (raw) => {
      const v = lower(raw);
      if (v === null) return false;
      switch (op) {
        case 'IN':
          return literals.some((l) => compare(v, l) === 0);
        case '=':
          return compare(v, first) === 0;
        case '<':
          return compare(v, first) < 0;
        case '>':
          return compare(v, first) > 0;
        case '<=':
          return compare(v, first) <= 0;
        default:
          return compare(v, first) >= 0;
      }
    };
  }
  return (row) => {
    const value = spec.get(row);
    return Array.isArray(value) ? value.some(test) : test(value);
  };
}

interface CacheEntry {
  version: number;
  rows: Row[];
}
const caches = new WeakMap<Company, Map<string, CacheEntry>>();
const CACHE_ENTRIES_PER_COMPANY = 8;

function selectRows(company: Company, table: EntityTable<Row>, query: ParsedQuery): Row[] {
  const key = JSON.stringify([table.name, query.where, query.orderBy]);
  let cache = caches.get(company);
  if (!cache) caches.set(company, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.version === company.version) return hit.rows;

  const predicates = query.where.map((c) => compile(table, c));
  const asksAboutActive = query.where.some((c) => c.field.toLowerCase() === 'active');
  const activeOnly =
    table.activeOnlyByDefault && !asksAboutActive ? table.activeOnlyByDefault.bind(table) : null;
  const rows: Row[] = [];
  for (const row of table.records(company)) {
    if (activeOnly && !activeOnly(row)) continue;
    if (predicates.every((p) => p(row))) rows.push(row);
  }
  if (query.orderBy.length > 0) {
    const keys = query.orderBy.map((o) => {
      const spec = table.fields.get(o.field.toLowerCase());
      if (!spec) throw qboFaults.queryValidation(`Property ${o.field} not found for Entity ${table.name}`);
      return { spec, sign: o.descending ? -1 : 1 };
    });
    const idSpec = table.fields.get('id') as FieldSpec<Row>;
    const sortKey = (row: Row, spec: FieldSpec<Row>): FieldValue => {
      const v = spec.get(row);
      return lower(Array.isArray(v) ? (v[0] ?? null) : v);
    };
    // Decorate once, so the comparator does not re-read fields n·log n times.
    const decorated = rows.map((row) => ({
      row,
      keys: keys.map((k) => sortKey(row, k.spec)),
      id: sortKey(row, idSpec),
    }));
    decorated.sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const c = compare(a.keys[i] as FieldValue, b.keys[i] as FieldValue);
        if (c !== 0) return c * (keys[i] as { sign: number }).sign;
      }
      return compare(a.id, b.id);
    });
    for (let i = 0; i < decorated.length; i++) rows[i] = (decorated[i] as { row: Row }).row;
  }
  if (cache.size >= CACHE_ENTRIES_PER_COMPANY) cache.delete(cache.keys().next().value as string);
  cache.set(key, { version: company.version, rows });
  return rows;
}

function project(entity: QboJson, fields: string[]): QboJson {
  const wanted = new Set(fields.map((f) => f.toLowerCase()));
  const out: QboJson = {};
  for (const [k, v] of Object.entries(entity)) if (wanted.has(k.toLowerCase())) out[k] = v;
  return out;
}

/** Answers GET /query?query=... for one company, as the body QuickBooks would send. */
export function runQuery(company: Company, text: string, options: QueryOptions = {}): QboJson {
  const query = parseQuery(text);
  const table = entityTable(query.entity);
  if (!table) throw qboFaults.queryValidation(`${query.entity} is not a valid entity name`);
  const time = formatQboResponseTime(company.now());
  const rows = selectRows(company, table, query);
  if (query.projection.kind === 'count') return { QueryResponse: { totalCount: rows.length }, time };
  const page = rows.slice(query.startPosition - 1, query.startPosition - 1 + query.maxResults);
  if (page.length === 0) return { QueryResponse: {}, time };
  const projection = query.projection;
  const entities = page.map((row) => {
    const json = table.render(company, row, { invoiceLink: options.invoiceLink === true });
    return projection.kind === 'fields' ? project(json, projection.fields) : json;
  });
  return {
    QueryResponse: {
      [table.name]: entities,
      startPosition: query.startPosition,
      maxResults: entities.length,
    },
    time,
  };
}
