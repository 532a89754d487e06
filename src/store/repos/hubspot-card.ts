// What HubSpot shows about one customer: the card's data (aging, open invoices, next action, recent
// timeline), the facts a call task carries, and the company property values. Reads only.
import { bucketOf, emptyAgingRow, type AgingRow } from '../../core/aging.ts';
import { toDecimalString } from '../../core/money.ts';
import type { Sql } from '../db.ts';
import { customerInvoices, customerTimeline, type TimelineKind } from './panel/customer.ts';

export interface CardInvoice {
  id: string;
  number: string;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  total: number;
  openBalance: number;
  daysLate: number;
  disputed: boolean;
  paused: boolean;
  promisedDate: string | null;
}

export interface TimelineItem {
  at: string;
  kind: TimelineKind;
  title: string;
  detail: string;
  status: string | null;
}

export interface NextAction {
  date: string;
  label: string;
  channel: string;
}

export interface CustomerCollections {
  customer: { id: string; name: string; paused: boolean };
  aging: (AgingRow & { currency: string })[];
  invoices: CardInvoice[];
  nextAction: NextAction | null;
  timeline: TimelineItem[];
  promises: {
    promisedDate: string;
    status: string;
    amount: number | null;
    currency: string | null;
    createdAt: string;
  }[];
  lastContact: { at: string; what: string } | null;
}

const label = (template: string, channel: string) =>
  `${template.replace(/_/g, ' ')} (${channel.replace(/_/g, ' ')})`;

export function agingOf(invoices: CardInvoice[]): (AgingRow & { currency: string })[] {
  const by = new Map<string, AgingRow>();
  for (const i of invoices) {
    const row = by.get(i.currency) ?? emptyAgingRow();
    by.set(i.currency, row);
    row[bucketOf(i.daysLate)] += i.openBalance;
    row.total += i.openBalance;
  }
  return [...by].sort(([a], [b]) => a.localeCompare(b)).map(([currency, row]) => ({ currency, ...row }));
}

export async function nextActions(sql: Sql, customerIds: string[]): Promise<Map<string, NextAction>> {
  const rows = await sql.query<{
    customer_id: string;
    target_date: string;
    template: string;
    channel: string;
  }>(
    `SELECT DISTINCT ON (a.customer_id) a.customer_id, a.target_date::text, a.template, a.channel
     FROM actions a WHERE a.customer_id = ANY($1::uuid[]) AND a.status IN ('pending', 'awaiting_approval')
     ORDER BY a.customer_id, a.due_at`,
    [customerIds],
  );
  return new Map(
    rows.map((r) => [
      r.customer_id,
      { date: r.target_date, label: label(r.template, r.channel), channel: r.channel },
    ]),
  );
}

export async function customerCollections(
  sql: Sql,
  firmId: string,
  customerId: string,
  today: string,
): Promise<CustomerCollections | null> {
  const [c] = await sql.query<{ id: string; name: string; paused: boolean }>(
    `SELECT id, name, paused FROM customers WHERE id = $1 AND firm_id = $2`,
    [customerId, firmId],
  );
  if (!c) return null;
  // The panel's read models: the card shows what the panel shows.
  const invoices: CardInvoice[] = (await customerInvoices(sql, firmId, customerId, today))
    .filter((i) => i.status === 'open' && i.openBalance > 0)
    .map(({ status: _status, ...i }) => i);
  const timeline = (await customerTimeline(sql, firmId, customerId)).slice(0, 10);
  const promises = await sql.query<{
    promised_date: string;
    status: string;
    amount: string | null;
    currency: string | null;
    created_at: string;
  }>(
    `SELECT promised_date::text, status, amount, currency, created_at FROM promises WHERE customer_id = $1
     ORDER BY created_at DESC LIMIT 10`,
    [customerId],
  );
  const items: TimelineItem[] = timeline.map((t) => ({
    at: new Date(t.at).toISOString(),
    kind: t.kind,
    title: t.title,
    detail: t.detail ?? '',
    status: t.status,
  }));
  // A contact is a message that went out or a call made (a call task done, not the planned step).
  const contact = items.find(
    (t) =>
      (t.kind === 'message' && t.status === 'sent') ||
      (t.kind === 'call' && t.status === 'done' && t.detail !== 'call'),
  );
  return {
    customer: c,
    aging: agingOf(invoices),
    invoices,
    nextAction: (await nextActions(sql, [customerId])).get(customerId) ?? null,
    timeline: items,
    promises: promises.map((p) => ({
      promisedDate: p.promised_date,
      status: p.status,
      amount: p.amount === null ? null : Number(p.amount),
      currency: p.currency,
      createdAt: new Date(p.created_at).toISOString(),
    })),
    lastContact: contact ? { at: contact.at, what: `${contact.title} (${contact.detail})` } : null,
  };
}

export interface PropertyRow {
  customerId: string;
  connectionId: string;
  companyId: string;
  sent: Record<string, string> | null;
  values: Record<string, string>;
}

/** The company property values of every linked customer (of active HubSpot connections). */
export async function companyPropertyRows(sql: Sql, today: string): Promise<PropertyRow[]> {
  const rows = await sql.query<{
    customer_id: string;
    connection_id: string;
    company_id: string;
    properties_sent: Record<string, string> | null;
    paused: boolean;
    disputed: boolean;
    planned: boolean;
    promised: boolean;
    currency: string | null;
    overdue: string | null;
    oldest: number | null;
  }>(
    `SELECT l.customer_id, l.connection_id, l.company_id, l.properties_sent, c.paused,
       EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.status = 'open' AND i.disputed) AS disputed,
       EXISTS (SELECT 1 FROM payment_plans p WHERE p.customer_id = c.id AND p.status = 'active') AS planned,
       EXISTS (SELECT 1 FROM promises p WHERE p.customer_id = c.id AND p.status = 'open') AS promised,
       o.currency, o.overdue, o.oldest
     FROM hubspot_links l JOIN customers c ON c.id = l.customer_id
     JOIN connections k ON k.id = l.connection_id AND k.status = 'active'
     LEFT JOIN LATERAL (
       SELECT i.currency, sum(i.open_balance) AS overdue, max($1::date - COALESCE(i.due_date, i.issue_date)) AS oldest
       FROM invoices i WHERE i.customer_id = c.id AND i.status = 'open' AND i.open_balance > 0
         AND COALESCE(i.due_date, i.issue_date) < $1::date
       GROUP BY i.currency ORDER BY sum(i.open_balance) DESC, i.currency LIMIT 1) o ON true
     WHERE l.status = 'linked' ORDER BY l.connection_id, l.company_id, c.name, c.id`,
    [today],
  );
  const next = await nextActions(
    sql,
    rows.map((r) => r.customer_id),
  );
  return rows.map((r) => {
    const overdue = r.overdue === null ? 0 : Number(r.overdue);
    const status = r.paused
      ? 'paused'
      : r.disputed
        ? 'disputed'
        : r.planned
          ? 'payment_plan'
          : r.promised
            ? 'promised'
            : overdue > 0
              ? 'overdue'
              : 'current';
    const n = next.get(r.customer_id);
    return {
      customerId: r.customer_id,
      connectionId: r.connection_id,
      companyId: r.company_id,
      sent: r.properties_sent,
      values: {
        relance_collection_status: status,
        relance_overdue_amount: r.currency ? toDecimalString(overdue, r.currency) : '0',
        relance_overdue_currency: r.currency ?? '',
        relance_oldest_overdue_days: String(r.oldest ?? 0),
        relance_next_action: n?.label ?? '',
        relance_next_action_date: n?.date ?? '',
      },
    };
  });
}

export async function savePropertiesSent(
  sql: Sql,
  sent: { customerId: string; values: Record<string, string> }[],
): Promise<void> {
  if (sent.length === 0) return;
  await sql.query(
    `UPDATE hubspot_links l SET properties_sent = r.values FROM jsonb_to_recordset($1::jsonb) AS r(customer_id uuid, values jsonb)
     WHERE l.customer_id = r.customer_id`,
    [JSON.stringify(sent.map((s) => ({ customer_id: s.customerId, values: s.values })))],
  );
}
