// Every customer: search, filter, sort and page through them; the state lives in the address, so
// back and forward, reloads and shared links keep it. Arrow keys move between rows.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { qs } from '../api/client.ts';
import type { CustomerSummary, Page, Segment } from '../api/types.ts';
import { Amount, Badge, LoadError, Loading } from '../components/status.tsx';
import { formatNumber, formatWhen } from '../format.ts';
import { useI18n, type Key } from '../i18n/index.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { useApi } from '../use-api.ts';

const STATUSES = ['all', 'overdue', 'disputed', 'paused', 'promised'] as const;
const SORTS = ['name', 'overdue', 'oldest', 'nextAction'] as const;
type Sort = (typeof SORTS)[number];
const PAGE_SIZE = 50;

export function channelLabel(tOr: (k: string, fallback: string) => string, channel: string): string {
  return tOr(`channel.${channel}`, channel);
}

export function CustomersPage() {
  const { t, tOr, locale } = useI18n();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const status = query.get('status') ?? 'all';
  const segment = query.get('segment') ?? '';
  const sort = (SORTS as readonly string[]).includes(query.get('sort') ?? '')
    ? (query.get('sort') as Sort)
    : 'overdue';
  const order =
    query.get('order') === 'asc'
      ? 'asc'
      : query.get('order') === 'desc'
        ? 'desc'
        : sort === 'name'
          ? 'asc'
          : 'desc';
  const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
  const [search, setSearch] = useState(q);
  const segments = useApi<{ items: Segment[] }>('segments');
  const list = useApi<Page<CustomerSummary>>(
    `customers${qs({ q, status, segment, sort, order, page, pageSize: PAGE_SIZE })}`,
  );

  const update = (changes: Record<string, string | number | null>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in changes)) next.delete('page');
    const s = next.toString();
    navigate(`/customers${s ? `?${s}` : ''}`, { replace: true });
  };

  // Search as the user types, once they pause.
  useEffect(() => {
    if (search === q) return;
    const timer = window.setTimeout(() => update({ q: search }), 250);
    return () => window.clearTimeout(timer);
  }, [search]);

  const tbody = useRef<HTMLTableSectionElement>(null);
  const onRowKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const links = [...(tbody.current?.querySelectorAll<HTMLAnchorElement>('a.row-link') ?? [])];
    const i = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (i < 0) return;
    const next = links[e.key === 'ArrowDown' ? i + 1 : i - 1];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };

  const sortHeader = (key: Sort, label: Key, numeric = false) => {
    const active = sort === key;
    return (
      <th
        scope="col"
        className={numeric ? 'num' : undefined}
        aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      >
        <button
          type="button"
          className="sort-button"
          onClick={() =>
            update({
              sort: key,
              order: active ? (order === 'asc' ? 'desc' : 'asc') : key === 'name' ? 'asc' : 'desc',
            })
          }
        >
          {t(label)}
          <span aria-hidden="true">{active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };

  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <div className="page customers">
      <h1>{t('customers.title')}</h1>
      <form className="filters" role="search" onSubmit={(e) => (e.preventDefault(), update({ q: search }))}>
        <div className="field">
          <label htmlFor="customer-search">{t('customers.search')}</label>
          <input
            id="customer-search"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder={t('customers.searchPlaceholder')}
          />
        </div>
        <div className="field">
          <label htmlFor="customer-status">{t('customers.status')}</label>
          <select id="customer-status" value={status} onChange={(e) => update({ status: e.target.value })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}` as Key)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="customer-segment">{t('customers.segment')}</label>
          <select id="customer-segment" value={segment} onChange={(e) => update({ segment: e.target.value })}>
            <option value="">{t('customers.allSegments')}</option>
            {(segments.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="customer-sort">{t('customers.sortBy')}</label>
          <select
            id="customer-sort"
            value={`${sort}:${order}`}
            onChange={(e) => {
              const [s, o] = e.target.value.split(':');
              update({ sort: s ?? 'overdue', order: o ?? 'desc' });
            }}
          >
            {SORTS.flatMap((s) =>
              (['asc', 'desc'] as const).map((o) => (
                <option key={`${s}:${o}`} value={`${s}:${o}`}>
                  {t(`sort.${s}` as Key)} {o === 'asc' ? '↑' : '↓'}
                </option>
              )),
            )}
          </select>
        </div>
      </form>
      <p className="result-count" aria-live="polite">
        {data ? t('customers.count', { n: formatNumber(data.total, locale, 0) }) : ''}
      </p>
      {list.error && !data ? <LoadError error={list.error} retry={() => void list.reload()} /> : null}
      {!data && !list.error ? <Loading /> : null}
      {data ? (
        <div className="table-wrap">
          <table className="data-table customers-table" aria-busy={list.loading}>
            <caption className="sr-only">{t('customers.caption')}</caption>
            <thead>
              <tr>
                {sortHeader('name', 'customers.name')}
                <th scope="col">{t('customers.segment')}</th>
                <th scope="col" className="num">
                  {t('customers.open')}
                </th>
                {sortHeader('overdue', 'customers.overdue', true)}
                {sortHeader('oldest', 'customers.oldest', true)}
                <th scope="col">{t('customers.state')}</th>
                {sortHeader('nextAction', 'customers.nextAction')}
              </tr>
            </thead>
            <tbody ref={tbody} onKeyDown={onRowKey}>
              {data.items.length === 0 ? (
                <tr>
                  <td colSpan={7} className="empty">
                    {t('customers.none')}
                  </td>
                </tr>
              ) : null}
              {data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link className="row-link" to={`/customers/${c.id}`}>
                      {c.name}
                    </Link>
                  </th>
                  <td>{c.segment?.name ?? '—'}</td>
                  <td className="num">
                    <Amount minor={c.openBalance} currency={c.currency} />
                    {(c.balances ?? [])
                      .filter((b) => b.currency !== c.currency)
                      .map((b) => (
                        <span key={b.currency} className="other-currency">
                          <Amount minor={b.open} currency={b.currency} />
                        </span>
                      ))}
                  </td>
                  <td className="num">
                    <Amount minor={c.overdue} currency={c.currency} strong={c.overdue > 0} />
                  </td>
                  <td className="num">
                    {c.oldestDaysLate ? t('customers.daysLate', { n: c.oldestDaysLate }) : '—'}
                  </td>
                  <td className="badges">
                    {c.paused ? <Badge tone="muted">{t('status.paused')}</Badge> : null}
                    {c.disputed ? <Badge tone="bad">{t('status.disputed')}</Badge> : null}
                    {c.promised ? <Badge tone="info">{t('status.promised')}</Badge> : null}
                  </td>
                  <td>
                    {c.nextAction ? (
                      <>
                        {formatWhen(c.nextAction.date, locale)} · {channelLabel(tOr, c.nextAction.channel)}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && pages > 1 ? (
        <nav className="pager" aria-label={t('pager.label')}>
          <button type="button" disabled={page <= 1} onClick={() => update({ page: page - 1 })}>
            {t('pager.previous')}
          </button>
          <span>{t('pager.page', { page, pages })}</span>
          <button type="button" disabled={page >= pages} onClick={() => update({ page: page + 1 })}>
            {t('pager.next')}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
