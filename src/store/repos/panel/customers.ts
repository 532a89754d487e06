// The customer list: filtered, searched, sorted and paged in SQL, one statement per page, with each
// customer's open and overdue balance per currency, flags and next recorded action.
import type { LocalDate } from '../../../core/dates.ts';
import type { Channel } from '../../../core/types.ts';
import type { Sql } from '../../db.ts';
import { stepLabel } from './labels.ts';

export interface CustomerListQuery {
  q?: string | undefined;
  segment?: string | undefined;
  status: 'overdue' | 'disputed' | 'paused' | 'promised' | 'all';
  sort: 'name' | 'overdue' | 'oldest' | 'nextAction';
  order?: 'asc' | 'desc' | undefined;
  page: number;
  pageSize: number;
}

export interface CustomerSummary {
  id: string;
  name: string;
  segment: { id: string; name: string } | null;
  currency: string | null;
  openBalance: number;
  overdue: number;
  oldestDaysLate: number | null;
  balances: { currency: string; open: number; overdue: number }[];
  paused: boolean;
  disputed: boolean;
  promised: boolean;
  nextAction: { date: string; label: string; channel: Channel } | null;
}

interface Row {
  id: string;
  name: string;
  paused: boolean;
  segment_id: string | null;
  segment_name: string | null;
  balances: { currency: string; open: number; overdue: number }[] | null;
  oldest: number | null;
  disputed: boolean | null;
  promised: boolean;
  next_at: string | null;
  next_template: string | null;
  next_channel: Channel | null;
  total_count: number;
}

const SORTS: Record<CustomerListQuery['sort'], { expr: string; order: 'asc' | 'desc' }> = {
  name: { expr: 'lower(c.name)', order: 'asc' },
  overdue: { expr: 'COALESCE(b.main_overdue, 0)', order: 'desc' },
  oldest: { expr: 'b.oldest', order: 'desc' },
  nextAction: { expr: "COALESCE(n.due_at, NULLIF(c.next_wake_at, '-infinity'))", order: 'asc' },
};

const STATUS: Record<CustomerListQuery['status'], string> = {
  all: 'true',
  overdue: 'COALESCE(b.main_overdue, 0) > 0 OR b.oldest IS NOT NULL',
  disputed: 'COALESCE(b.disputed, false)',
  paused: 'c.paused',
  promised: "EXISTS (SELECT 1 FROM promises p WHERE p.customer_id = c.id AND p.status = 'open')",
};

/** `LIKE` text matching `s` literally. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * The balances CTE: per customer of the firm, open and overdue per currency (largest first), the
 * oldest days past due, and whether an open invoice is disputed. Reads the firm's open invoices once.
 */
const BALANCES = `
  agg AS (
    SELECT i.customer_id, i.currency, SUM(i.open_balance)::int8 AS open,
      COALESCE(SUM(i.open_balance) FILTER (WHERE COALESCE(i.due_date, i.issue_date) < $2::date), 0)::int8 AS overdue,
      MAX($2::date - COALESCE(i.due_date, i.issue_date)) FILTER (WHERE COALESCE(i.due_date, i.issue_date) < $2::date) AS oldest,
      bool_or(i.disputed) AS disputed
    FROM invoices i WHERE i.firm_id = $1 AND i.status = 'open' AND i.open_balance > 0 AND i.issue_date <= $2::date
    GROUP BY i.customer_id, i.currency),
  b AS (
    SELECT customer_id,
      json_agg(json_build_object('currency', currency, 'open', open, 'overdue', overdue) ORDER BY open DESC, currency) AS balances,
      (array_agg(overdue ORDER BY open DESC, currency))[1] AS main_overdue,
      MAX(oldest) AS oldest, bool_or(disputed) AS disputed
    FROM agg GROUP BY customer_id)`;

export async function listCustomers(
  sql: Sql,
  firmId: string,
  asOf: LocalDate,
  q: CustomerListQuery,
): Promise<{ items: CustomerSummary[]; total: number }> {
  const sort = SORTS[q.sort];
  const order = (q.order ?? sort.order) === 'asc' ? 'ASC' : 'DESC';
  const search = q.q?.trim() ? `%${likeEscape(q.q.trim())}%` : null;
  const rows = await sql.query<Row>(
    `WITH ${BALANCES},
     n AS (
       SELECT DISTINCT ON (a.customer_id) a.customer_id, a.due_at, a.template, a.channel
       FROM actions a WHERE a.firm_id = $1 AND a.status IN ('pending', 'awaiting_approval')
       ORDER BY a.customer_id, a.due_at)
     SELECT c.id, c.name, c.paused, c.segment_id, s.name AS segment_name, b.balances, b.oldest, b.disputed,
       EXISTS (SELECT 1 FROM promises p WHERE p.customer_id = c.id AND p.status = 'open') AS promised,
       n.due_at AS next_at, n.template AS next_template, n.channel AS next_channel,
       count(*) OVER ()::int AS total_count
     FROM customers c
       LEFT JOIN b ON b.customer_id = c.id
       LEFT JOIN n ON n.customer_id = c.id
       LEFT JOIN segments s ON s.id = c.segment_id AND s.firm_id = c.firm_id
     WHERE c.firm_id = $1 AND c.active
       AND ($3::text IS NULL OR c.name ILIKE $3 OR c.external_id ILIKE $3 OR array_to_string(c.emails, ' ') ILIKE $3)
       AND ($4::uuid IS NULL OR c.segment_id = $4)
       AND (${STATUS[q.status]})
     ORDER BY ${sort.expr} ${order} NULLS LAST, lower(c.name), c.id
     LIMIT $5 OFFSET $6`,
    [firmId, asOf, search, q.segment ?? null, q.pageSize, (q.page - 1) * q.pageSize],
  );
  let total = rows[0]?.total_count ?? 0;
  if (rows.length === 0 && q.page > 1) {
    // Past the last page: the count still says how many there are.
    const [c] = await sql.query<{ n: number }>(
      `WITH ${BALANCES} SELECT count(*)::int AS n FROM customers c LEFT JOIN b ON b.customer_id = c.id
       WHERE c.firm_id = $1 AND c.active
         AND ($3::text IS NULL OR c.name ILIKE $3 OR c.external_id ILIKE $3 OR array_to_string(c.emails, ' ') ILIKE $3)
         AND ($4::uuid IS NULL OR c.segment_id = $4) AND (${STATUS[q.status]})`,
      [firmId, asOf, search, q.segment ?? null],
    );
    total = c?.n ?? 0;
  }
  return { items: rows.map(toSummary), total };
}

export function toSummary(r: Row): CustomerSummary {
  const balances = r.balances ?? [];
  const main = balances[0];
  return {
    id: r.id,
    name: r.name,
    segment: r.segment_id && r.segment_name ? { id: r.segment_id, name: r.segment_name } : null,
    currency: main?.currency ?? null,
    openBalance: main?.open ?? 0,
    overdue: main?.overdue ?? 0,
    oldestDaysLate: r.oldest,
    balances,
    paused: r.paused,
    disputed: r.disputed ?? false,
    promised: r.promised,
    nextAction:
      r.next_at && r.next_template && r.next_channel
        ? { date: r.next_at, label: stepLabel(r.next_template), channel: r.next_channel }
        : null,
  };
}
