// Filtering, sorting and paging of list endpoints (Invoices, Contacts, Payments, CreditNotes).
// With `page`: pageSize defaults to 100 and is capped at 1000, and the response carries a
// `pagination` block; without `page`: every matching record (Xero's unpaged behaviour).
// Filtered, sorted id lists are cached per organisation until the books change, so walking
// 100 pages of a 100,000-invoice ledger does not re-sort it 100 times.
import type { OrganisationLedger } from './organisation-ledger.ts';
import { compileOrder, compileWhere, type FieldMap, type Predicate } from './where-filter.ts';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

export interface ListRequest<T> {
  entity: 'Invoice' | 'Contact' | 'Payment' | 'CreditNote';
  records: () => Iterable<T>;
  fields: FieldMap<T>;
  where?: string | undefined;
  order?: string | undefined;
  /** Records changed at or after this instant (If-Modified-Since). */
  modifiedSince: number | null;
  /** Other filters (Statuses, IDs, includeArchived...), with a key naming them for the cache. */
  filters: { key: string; test: Predicate<T> }[];
  page?: number | undefined;
  pageSize?: number | undefined;
}

export interface ListResult<T> {
  items: T[];
  pagination?: Pagination;
}

interface CacheEntry {
  version: number;
  items: unknown[];
}

const caches = new WeakMap<OrganisationLedger, Map<string, CacheEntry>>();
const CACHE_ENTRIES = 16;

export function listRecords<T extends { id: string; updatedAt: number }>(
  ledger: OrganisationLedger,
  req: ListRequest<T>,
): ListResult<T> {
  // Parse where/order first: a bad clause is an error even when the cache could answer.
  const where = req.where ? compileWhere(req.where, req.fields, req.entity) : null;
  const order = req.order ? compileOrder(req.order, req.fields, req.entity) : null;
  const key = JSON.stringify([
    req.entity,
    req.where ?? '',
    req.order ?? '',
    req.modifiedSince,
    req.filters.map((f) => f.key),
  ]);
  let cache = caches.get(ledger);
  if (!cache) {
    cache = new Map();
    caches.set(ledger, cache);
  }
  let entry = cache.get(key);
  if (!entry || entry.version !== ledger.version) {
    const items: T[] = [];
    for (const r of req.records()) {
      if (req.modifiedSince !== null && r.updatedAt < req.modifiedSince) continue;
      if (!req.filters.every((f) => f.test(r))) continue;
      if (where && !where(r)) continue;
      items.push(r);
    }
    // Default order: oldest change first (ties by id), so a sync that pages through while the
    // books change sees moved records again at the end rather than missing them.
    items.sort(order ?? ((a, b) => a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    entry = { version: ledger.version, items };
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  }
  const all = entry.items as T[];
  if (req.page === undefined) return { items: all };
  const page = Math.max(1, req.page);
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, req.pageSize ?? DEFAULT_PAGE_SIZE));
  return {
    items: all.slice((page - 1) * pageSize, page * pageSize),
    pagination: { page, pageSize, pageCount: Math.ceil(all.length / pageSize), itemCount: all.length },
  };
}
