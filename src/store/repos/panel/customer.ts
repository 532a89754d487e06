// One customer's page: who it is, its invoices (with any promised date), its aged balance, and the
// timeline of everything that happened (messages, calls, tasks, notes, promises, disputes, plans,
// payments, credits, pauses). A handful of statements, each scoped by firm and customer.
import type { LocalDate } from '../../../core/dates.ts';
import type { Channel, Language } from '../../../core/types.ts';
import type { Sql } from '../../db.ts';
import type { AgingRowOut } from './overview.ts';
import { stepLabel } from './labels.ts';

export interface CustomerHead {
  id: string;
  name: string;
  emails: string[];
  phone: string | null;
  language: Language | null;
  timeZone: string | null;
  segment: { id: string; name: string; manual: boolean } | null;
  paused: boolean;
  assignee: { id: string; name: string | null } | null;
}

export interface InvoiceLine {
  id: string;
  number: string;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  total: number;
  openBalance: number;
  status: 'draft' | 'open' | 'paid' | 'void' | 'deleted';
  daysLate: number;
  disputed: boolean;
  paused: boolean;
  promisedDate: string | null;
}

export type TimelineKind =
  'message' | 'call' | 'task' | 'note' | 'promise' | 'dispute' | 'plan' | 'payment' | 'pause' | 'credit';

export interface TimelineEntry {
  id: string;
  at: string;
  kind: TimelineKind;
  title: string;
  detail: string | null;
  status: string | null;
}

export interface RecordedAction {
  actionId: string;
  date: string;
  label: string;
  channel: Channel;
  step: string | null;
  invoiceIds: string[];
  key: string;
}

export interface CustomerPage {
  customer: CustomerHead;
  balances: { currency: string; open: number; overdue: number }[];
  aging: AgingRowOut[];
  invoices: InvoiceLine[];
  timeline: TimelineEntry[];
  pending: RecordedAction[];
}

const TIMELINE_LIMIT = 200;
const INVOICE_LIMIT = 500;

export async function customerHead(
  sql: Sql,
  firmId: string,
  customerId: string,
): Promise<CustomerHead | null> {
  const [c] = await sql.query<{
    id: string;
    name: string;
    emails: string[];
    phone: string | null;
    language: Language | null;
    time_zone: string | null;
    segment_id: string | null;
    segment_name: string | null;
    segment_manual: boolean;
    paused: boolean;
    assignee_id: string | null;
    assignee_name: string | null;
  }>(
    `SELECT c.id, c.name, c.emails, c.phone, c.language, c.time_zone, c.segment_id, s.name AS segment_name,
       c.segment_manual, c.paused, c.assignee_id, u.name AS assignee_name
     FROM customers c
       LEFT JOIN segments s ON s.id = c.segment_id AND s.firm_id = c.firm_id
       LEFT JOIN users u ON u.id = c.assignee_id AND u.firm_id = c.firm_id
     WHERE c.id = $1 AND c.firm_id = $2`,
    [customerId, firmId],
  );
  if (!c) return null;
  return {
    id: c.id,
    name: c.name,
    emails: c.emails,
    phone: c.phone,
    language: c.language,
    timeZone: c.time_zone,
    segment:
      c.segment_id && c.segment_name
        ? { id: c.segment_id, name: c.segment_name, manual: c.segment_manual }
        : null,
    paused: c.paused,
    assignee: c.assignee_id ? { id: c.assignee_id, name: c.assignee_name } : null,
  };
}

export async function customerInvoices(
  sql: Sql,
  firmId: string,
  customerId: string,
  asOf: LocalDate,
): Promise<InvoiceLine[]> {
  // Open invoices first (oldest due first), then the most recent settled ones.
  return sql.query<InvoiceLine>(
    `SELECT i.id, i.number, i.issue_date AS "issueDate", i.due_date AS "dueDate", i.currency, i.total,
       i.open_balance AS "openBalance", i.status,
       CASE WHEN i.status = 'open' THEN GREATEST(0, $3::date - COALESCE(i.due_date, i.issue_date)) ELSE 0 END AS "daysLate",
       i.disputed, i.paused,
       (SELECT max(p.promised_date) FROM promise_invoices pi JOIN promises p ON p.id = pi.promise_id
         WHERE pi.invoice_id = i.id AND p.status = 'open') AS "promisedDate"
     FROM invoices i WHERE i.customer_id = $1 AND i.firm_id = $2 AND i.status <> 'deleted'
     ORDER BY (i.status = 'open') DESC, CASE WHEN i.status = 'open' THEN COALESCE(i.due_date, i.issue_date) END ASC,
       i.issue_date DESC, i.number
     LIMIT ${INVOICE_LIMIT}`,
    [customerId, firmId, asOf],
  );
}

export async function customerTimeline(
  sql: Sql,
  firmId: string,
  customerId: string,
): Promise<TimelineEntry[]> {
  const rows = await sql.query<TimelineEntry & { template: string | null }>(TIMELINE_SQL, [
    customerId,
    firmId,
  ]);
  return rows.map((r) => ({ ...r, title: timelineTitle(r) }));
}

/** Everything that happened to a customer ($1) of a firm ($2), newest first. */
export const TIMELINE_SQL = `(SELECT a.id::text, COALESCE(a.sent_at, a.updated_at) AS at,
        CASE WHEN a.channel = 'call' THEN 'call' ELSE 'message' END AS kind,
        a.template, a.channel AS detail, a.status
      FROM actions a WHERE a.customer_id = $1 AND a.firm_id = $2 AND a.status NOT IN ('pending', 'awaiting_approval')
      ORDER BY a.created_at DESC LIMIT ${TIMELINE_LIMIT})
     UNION ALL
     (SELECT t.id::text, COALESCE(t.done_at, t.created_at), CASE WHEN t.kind = 'call' THEN 'call' ELSE 'task' END,
        NULL, t.title || CASE WHEN t.body <> '' THEN E'\\n' || t.body ELSE '' END, t.status
      FROM tasks t WHERE t.customer_id = $1 AND t.firm_id = $2 ORDER BY t.created_at DESC LIMIT ${TIMELINE_LIMIT})
     UNION ALL
     (SELECT n.id::text, n.created_at, 'note', NULL, n.body, n.author
      FROM notes n WHERE n.customer_id = $1 AND n.firm_id = $2 ORDER BY n.created_at DESC LIMIT ${TIMELINE_LIMIT})
     UNION ALL
     (SELECT p.id::text, p.created_at, 'promise', NULL,
        'Promise to pay by ' || p.promised_date::text || COALESCE(' (' || p.amount::text || ' ' || p.currency || ' minor units)', '')
          || COALESCE(': ' || p.note, ''), p.status
      FROM promises p WHERE p.customer_id = $1 AND p.firm_id = $2 ORDER BY p.created_at DESC LIMIT ${TIMELINE_LIMIT})
     UNION ALL
     (SELECT d.id::text, d.opened_at, 'dispute', NULL,
        i.number || ': ' || d.reason || COALESCE(E'\\nResolved: ' || d.resolution, ''), d.status
      FROM disputes d JOIN invoices i ON i.id = d.invoice_id
      WHERE d.customer_id = $1 AND d.firm_id = $2 ORDER BY d.opened_at DESC LIMIT ${TIMELINE_LIMIT})
     UNION ALL
     (SELECT l.id::text, l.created_at, 'plan', NULL,
        jsonb_array_length(l.instalments)::text || ' instalments, ' || l.currency, l.status
      FROM payment_plans l WHERE l.customer_id = $1 AND l.firm_id = $2 ORDER BY l.created_at DESC LIMIT ${TIMELINE_LIMIT})
     UNION ALL
     (SELECT p.id::text, (p.date::timestamp + interval '12 hours') AT TIME ZONE 'UTC', 'payment', NULL,
        p.amount::text || ' ' || p.currency, p.status
      FROM payments p WHERE p.customer_id = $1 AND p.firm_id = $2 ORDER BY p.date DESC LIMIT ${TIMELINE_LIMIT})
     UNION ALL
     (SELECT n.id::text, (n.date::timestamp + interval '12 hours') AT TIME ZONE 'UTC', 'credit', NULL,
        n.number || ': ' || n.total::text || ' ' || n.currency, n.status
      FROM credit_notes n WHERE n.customer_id = $1 AND n.firm_id = $2 ORDER BY n.date DESC LIMIT ${TIMELINE_LIMIT})
     UNION ALL
     (SELECT g.id::text, g.at, 'pause', g.action, g.details->>'reason', g.actor
      FROM audit_log g WHERE g.firm_id = $2
        AND g.action IN ('customer.paused', 'customer.resumed', 'invoice.paused', 'invoice.resumed')
        AND (g.entity_id = $1::text OR g.entity_id IN (SELECT id::text FROM invoices WHERE customer_id = $1 AND firm_id = $2))
      ORDER BY g.at DESC LIMIT ${TIMELINE_LIMIT})
     ORDER BY at DESC LIMIT ${TIMELINE_LIMIT}`;

const AMOUNT_KINDS = new Set(['payment', 'credit']);

export function timelineTitle(r: TimelineEntry & { template: string | null }): string {
  switch (r.kind) {
    case 'message':
    case 'call':
      if (r.template) return stepLabel(r.template);
      return r.kind === 'call' ? 'Call' : 'Message';
    case 'task':
      return 'Task';
    case 'note':
      return 'Note';
    case 'promise':
      return 'Promise to pay';
    case 'dispute':
      return 'Dispute';
    case 'plan':
      return 'Payment plan';
    case 'payment':
      return 'Payment received';
    case 'credit':
      return 'Credit note';
    case 'pause':
      return (
        {
          'customer.paused': 'Customer paused',
          'customer.resumed': 'Customer resumed',
          'invoice.paused': 'Invoice paused',
          'invoice.resumed': 'Invoice resumed',
        }[r.template ?? ''] ?? 'Pause'
      );
    default:
      return AMOUNT_KINDS.has(r.kind) ? r.kind : String(r.kind);
  }
}

/** Actions recorded and not yet carried out, soonest first. */
export async function pendingActions(
  sql: Sql,
  firmId: string,
  customerId: string,
): Promise<RecordedAction[]> {
  const rows = await sql.query<{
    id: string;
    due_at: string;
    template: string;
    channel: Channel;
    step_id: string | null;
    key: string;
    invoice_ids: string[];
  }>(
    `SELECT a.id, a.due_at, a.template, a.channel, a.step_id, a.key,
       ARRAY(SELECT ai.invoice_id::text FROM action_invoices ai WHERE ai.action_id = a.id ORDER BY 1) AS invoice_ids
     FROM actions a WHERE a.customer_id = $1 AND a.firm_id = $2 AND a.status IN ('pending', 'awaiting_approval')
     ORDER BY a.due_at, a.created_at LIMIT 50`,
    [customerId, firmId],
  );
  return rows.map((r) => ({
    actionId: r.id,
    date: r.due_at,
    label: stepLabel(r.template),
    channel: r.channel,
    step: r.step_id,
    invoiceIds: r.invoice_ids,
    key: r.key,
  }));
}
