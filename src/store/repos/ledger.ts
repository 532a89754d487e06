// Upserts of synced or imported ledger rows, keyed by (connection, external id). A row that has not
// changed is not touched (no write, no updated_at bump), so a second sync or import changes nothing.
// Rows arrive in batches as one JSON parameter: one statement per batch, whatever its size.
import { createHash } from 'node:crypto';
import type { InvoiceStatus, Language } from '../../core/types.ts';
import type { Sql } from '../db.ts';

export interface CustomerInput {
  externalId: string;
  name: string;
  emails: string[];
  phone?: string | null;
  language?: Language | null;
  timeZone?: string | null;
  country?: string | null;
  paymentTermsDays?: number | null;
  creditLimit?: number | null;
  creditLimitCurrency?: string | null;
  active?: boolean;
}

export interface InvoiceInput {
  externalId: string;
  customerExternalId: string;
  number: string;
  issueDate: string;
  dueDate: string | null;
  currency: string;
  total: number;
  /** null: derive from total minus the allocations recorded here (imports without a balance). */
  openBalance: number | null;
  status: InvoiceStatus;
  paymentLink?: string | null;
  external?: Record<string, unknown> | null;
}

export interface AllocationInput {
  invoiceExternalId: string;
  amount: number;
  date?: string | null;
}

export interface PaymentInput {
  externalId: string;
  customerExternalId: string | null;
  date: string;
  currency: string;
  amount: number;
  unapplied: number;
  status: 'active' | 'void' | 'deleted';
  allocations: AllocationInput[];
}

export interface CreditNoteInput {
  externalId: string;
  customerExternalId: string | null;
  number: string;
  date: string;
  currency: string;
  total: number;
  remaining: number;
  status: 'active' | 'void' | 'deleted';
  allocations: AllocationInput[];
}

export interface UpsertResult {
  /** external ids written (inserted or changed). */
  changed: string[];
  /** Invoices only: ids of written invoices that are no longer open (paid, void, deleted) or owe nothing. */
  closedIds?: string[];
  /** external id → reason, for rows that could not be written (e.g. an unknown customer). */
  rejected: Map<string, string>;
}

async function idsByExternal(
  sql: Sql,
  table: 'customers' | 'invoices',
  connectionId: string,
  externalIds: string[],
) {
  const rows = await sql.query<{ id: string; external_id: string; customer_id?: string; derived?: boolean }>(
    `SELECT id, external_id${table === 'invoices' ? ', customer_id, open_balance_derived AS derived' : ''} FROM ${table}
     WHERE connection_id = $1 AND external_id = ANY($2::text[])`,
    [connectionId, [...new Set(externalIds)]],
  );
  return new Map(rows.map((r) => [r.external_id, r]));
}

/** Marks customers for the planner's next tick: their ledger changed. */
export async function wakeCustomers(sql: Sql, customerIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return;
  // Already-woken customers are left alone: no dead row per page of a large sync.
  await sql.query(
    `UPDATE customers SET next_wake_at = '-infinity' WHERE id = ANY($1::uuid[]) AND next_wake_at <> '-infinity'`,
    [ids],
  );
}

export async function upsertCustomers(
  sql: Sql,
  firmId: string,
  connectionId: string,
  rows: CustomerInput[],
): Promise<UpsertResult> {
  if (rows.length === 0) return { changed: [], rejected: new Map() };
  const data = rows.map((r) => ({
    external_id: r.externalId,
    name: r.name,
    emails: r.emails,
    phone: r.phone ?? null,
    language: r.language ?? null,
    time_zone: r.timeZone ?? null,
    country: r.country ?? null,
    payment_terms_days: r.paymentTermsDays ?? null,
    credit_limit: r.creditLimit ?? null,
    credit_limit_currency: r.creditLimitCurrency ?? null,
    active: r.active ?? true,
  }));
  const written = await sql.query<{ id: string; external_id: string }>(
    `INSERT INTO customers AS t (firm_id, connection_id, external_id, name, emails, phone, language, time_zone, country,
       payment_terms_days, credit_limit, credit_limit_currency, active)
     SELECT $1, $2, r.external_id, r.name, ARRAY(SELECT jsonb_array_elements_text(r.emails)), r.phone, r.language, r.time_zone,
       r.country, r.payment_terms_days, r.credit_limit, r.credit_limit_currency, r.active
     FROM jsonb_to_recordset($3::jsonb) AS r(external_id text, name text, emails jsonb, phone text, language text,
       time_zone text, country text, payment_terms_days int, credit_limit bigint, credit_limit_currency text, active boolean)
     ON CONFLICT (connection_id, external_id) DO UPDATE SET
       name = EXCLUDED.name, emails = EXCLUDED.emails, phone = EXCLUDED.phone, language = EXCLUDED.language,
       time_zone = EXCLUDED.time_zone, country = EXCLUDED.country, payment_terms_days = EXCLUDED.payment_terms_days,
       credit_limit = EXCLUDED.credit_limit, credit_limit_currency = EXCLUDED.credit_limit_currency,
       active = EXCLUDED.active, updated_at = now(), next_wake_at = '-infinity'
     WHERE (t.name, t.emails, t.phone, t.language, t.time_zone, t.country, t.payment_terms_days, t.credit_limit,
            t.credit_limit_currency, t.active)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.emails, EXCLUDED.phone, EXCLUDED.language, EXCLUDED.time_zone,
            EXCLUDED.country, EXCLUDED.payment_terms_days, EXCLUDED.credit_limit, EXCLUDED.credit_limit_currency, EXCLUDED.active)
     RETURNING id, external_id`,
    [firmId, connectionId, JSON.stringify(data)],
  );
  return { changed: written.map((w) => w.external_id), rejected: new Map() };
}

export async function upsertInvoices(
  sql: Sql,
  firmId: string,
  connectionId: string,
  rows: InvoiceInput[],
): Promise<UpsertResult> {
  const rejected = new Map<string, string>();
  if (rows.length === 0) return { changed: [], rejected };
  const customers = await idsByExternal(
    sql,
    'customers',
    connectionId,
    rows.map((r) => r.customerExternalId),
  );
  const data = [];
  for (const r of rows) {
    const customer = customers.get(r.customerExternalId);
    if (!customer) {
      rejected.set(r.externalId, `unknown customer "${r.customerExternalId}"`);
      continue;
    }
    data.push({
      external_id: r.externalId,
      customer_id: customer.id,
      number: r.number,
      issue_date: r.issueDate,
      due_date: r.dueDate,
      currency: r.currency,
      total: r.total,
      open_balance: r.openBalance ?? r.total,
      derived: r.openBalance === null,
      status: r.status,
      payment_link: r.paymentLink ?? null,
      external: r.external ?? null,
    });
  }
  if (data.length === 0) return { changed: [], rejected };
  // A derived balance keeps its stored value until the allocations are recomputed (below).
  const written = await sql.query<{ id: string; external_id: string; customer_id: string; closed: boolean }>(
    `INSERT INTO invoices AS t (firm_id, connection_id, customer_id, external_id, number, issue_date, due_date, currency,
       total, open_balance, open_balance_derived, status, payment_link, external)
     SELECT $1, $2, r.customer_id, r.external_id, r.number, r.issue_date, r.due_date, r.currency, r.total, r.open_balance,
       r.derived, r.status, r.payment_link, r.external
     FROM jsonb_to_recordset($3::jsonb) AS r(external_id text, customer_id uuid, number text, issue_date date,
       due_date date, currency text, total bigint, open_balance bigint, derived boolean, status text, payment_link text,
       external jsonb)
     ON CONFLICT (connection_id, external_id) DO UPDATE SET
       customer_id = EXCLUDED.customer_id, number = EXCLUDED.number, issue_date = EXCLUDED.issue_date,
       due_date = EXCLUDED.due_date, currency = EXCLUDED.currency, total = EXCLUDED.total,
       open_balance = CASE WHEN EXCLUDED.open_balance_derived THEN t.open_balance ELSE EXCLUDED.open_balance END,
       open_balance_derived = EXCLUDED.open_balance_derived,
       status = CASE WHEN EXCLUDED.open_balance_derived AND t.open_balance_derived AND EXCLUDED.status = 'open'
                          AND t.status IN ('open', 'paid') THEN t.status ELSE EXCLUDED.status END,
       payment_link = EXCLUDED.payment_link, external = EXCLUDED.external, updated_at = now()
     WHERE (t.customer_id, t.number, t.issue_date, t.due_date, t.currency, t.total, t.open_balance_derived,
            t.payment_link, t.external)
           IS DISTINCT FROM (EXCLUDED.customer_id, EXCLUDED.number, EXCLUDED.issue_date, EXCLUDED.due_date,
            EXCLUDED.currency, EXCLUDED.total, EXCLUDED.open_balance_derived, EXCLUDED.payment_link, EXCLUDED.external)
        OR (NOT EXCLUDED.open_balance_derived AND (t.open_balance, t.status) IS DISTINCT FROM (EXCLUDED.open_balance, EXCLUDED.status))
        OR (EXCLUDED.open_balance_derived AND EXCLUDED.status <> 'open' AND t.status IS DISTINCT FROM EXCLUDED.status)
        OR (EXCLUDED.open_balance_derived AND EXCLUDED.status = 'open' AND t.status NOT IN ('open', 'paid'))
     RETURNING id, external_id, customer_id, (status <> 'open' OR open_balance <= 0) AS closed`,
    [firmId, connectionId, JSON.stringify(data)],
  );
  const derived = new Set(data.filter((d) => d.derived).map((d) => d.external_id));
  await refreshDerivedBalances(
    sql,
    written.filter((w) => derived.has(w.external_id)).map((w) => w.id),
  );
  await wakeCustomers(
    sql,
    written.map((w) => w.customer_id),
  );
  return {
    changed: written.map((w) => w.external_id),
    closedIds: written.filter((w) => w.closed).map((w) => w.id),
    rejected,
  };
}

type AllocTable = 'payment' | 'credit';

async function upsertWithAllocations(
  sql: Sql,
  kind: AllocTable,
  firmId: string,
  connectionId: string,
  rows: (PaymentInput | CreditNoteInput)[],
): Promise<UpsertResult & { touchedInvoiceIds: string[] }> {
  const rejected = new Map<string, string>();
  if (rows.length === 0) return { changed: [], rejected, touchedInvoiceIds: [] };
  const customers = await idsByExternal(
    sql,
    'customers',
    connectionId,
    rows.flatMap((r) => (r.customerExternalId ? [r.customerExternalId] : [])),
  );
  const invoices = await idsByExternal(
    sql,
    'invoices',
    connectionId,
    rows.flatMap((r) => r.allocations.map((a) => a.invoiceExternalId)),
  );
  const data = [];
  for (const r of rows) {
    const customerId = r.customerExternalId ? customers.get(r.customerExternalId)?.id : null;
    if (r.customerExternalId && !customerId) {
      rejected.set(r.externalId, `unknown customer "${r.customerExternalId}"`);
      continue;
    }
    const missing = r.allocations.find((a) => !invoices.has(a.invoiceExternalId));
    if (missing) {
      rejected.set(r.externalId, `unknown invoice "${missing.invoiceExternalId}"`);
      continue;
    }
    const allocations = new Map<string, { invoice_id: string; amount: number; date: string }>();
    for (const a of r.allocations) {
      const invoiceId = (invoices.get(a.invoiceExternalId) as { id: string }).id;
      const prev = allocations.get(invoiceId);
      allocations.set(invoiceId, {
        invoice_id: invoiceId,
        amount: (prev?.amount ?? 0) + a.amount,
        date: a.date ?? r.date,
      });
    }
    data.push({
      external_id: r.externalId,
      customer_id: customerId ?? null,
      date: r.date,
      currency: r.currency,
      amount: 'amount' in r ? r.amount : r.total,
      rest: 'unapplied' in r ? r.unapplied : r.remaining,
      number: 'number' in r ? r.number : null,
      status: r.status,
      // Voided or deleted payments settle nothing.
      allocations:
        r.status === 'active'
          ? [...allocations.values()].sort((a, b) => a.invoice_id.localeCompare(b.invoice_id))
          : [],
    });
  }
  if (data.length === 0) return { changed: [], rejected, touchedInvoiceIds: [] };

  const table = kind === 'payment' ? 'payments' : 'credit_notes';
  const allocTable = kind === 'payment' ? 'payment_allocations' : 'credit_allocations';
  const fk = kind === 'payment' ? 'payment_id' : 'credit_note_id';
  const amountCol = kind === 'payment' ? 'amount' : 'total';
  const restCol = kind === 'payment' ? 'unapplied' : 'remaining';
  const numberCols = kind === 'credit' ? ', number' : '';
  const numberVals = kind === 'credit' ? ', r.number' : '';
  const allocDateCol = kind === 'credit' ? ', date' : '';
  for (const d of data) {
    (d as typeof d & { source_hash: string }).source_hash = createHash('sha256')
      .update(JSON.stringify(d))
      .digest('base64url');
  }

  // Only rows whose content changed are written; their allocations are replaced below.
  const written = await sql.query<{ id: string; external_id: string }>(
    `INSERT INTO ${table} AS t (firm_id, connection_id, customer_id, external_id, date, currency, ${amountCol}, ${restCol}, status${numberCols}, source_hash)
     SELECT $1, $2, r.customer_id, r.external_id, r.date, r.currency, r.amount, r.rest, r.status${numberVals}, r.source_hash
     FROM jsonb_to_recordset($3::jsonb) AS r(external_id text, customer_id uuid, date date, currency text, amount bigint,
       rest bigint, number text, status text, source_hash text)
     ON CONFLICT (connection_id, external_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, date = EXCLUDED.date,
       currency = EXCLUDED.currency, ${amountCol} = EXCLUDED.${amountCol}, ${restCol} = EXCLUDED.${restCol},
       status = EXCLUDED.status${kind === 'credit' ? ', number = EXCLUDED.number' : ''}, source_hash = EXCLUDED.source_hash,
       updated_at = now()
     WHERE t.source_hash IS DISTINCT FROM EXCLUDED.source_hash
     RETURNING id, external_id`,
    [firmId, connectionId, JSON.stringify(data.map(({ allocations: _a, ...rest }) => rest))],
  );
  if (written.length === 0) return { changed: [], rejected, touchedInvoiceIds: [] };
  const changedExternal = new Set(written.map((w) => w.external_id));
  const toWrite = data.filter((d) => changedExternal.has(d.external_id));
  const idByExternal = new Map(written.map((w) => [w.external_id, w.id]));
  const ids = written.map((w) => w.id);
  const removed = await sql.query<{ invoice_id: string }>(
    `DELETE FROM ${allocTable} WHERE ${fk} = ANY($1::uuid[]) RETURNING invoice_id`,
    [ids],
  );
  const allocRows = toWrite.flatMap((d) =>
    d.allocations.map((a) => ({
      owner: idByExternal.get(d.external_id),
      invoice_id: a.invoice_id,
      amount: a.amount,
      date: a.date,
    })),
  );
  if (allocRows.length > 0) {
    await sql.query(
      `INSERT INTO ${allocTable} (${fk}, invoice_id, amount${allocDateCol})
       SELECT r.owner, r.invoice_id, r.amount${kind === 'credit' ? ', r.date' : ''}
       FROM jsonb_to_recordset($1::jsonb) AS r(owner uuid, invoice_id uuid, amount bigint, date date)`,
      [JSON.stringify(allocRows)],
    );
  }
  const touched = new Set<string>(allocRows.map((a) => a.invoice_id));
  // The customers and derived balances of the invoices these rows settle, known from the lookup;
  // only invoices whose old allocations were removed need reading.
  const known = new Map([...invoices.values()].map((i) => [i.id, i]));
  const unknown = removed.map((r) => r.invoice_id).filter((id) => !known.has(id));
  for (const r of removed) touched.add(r.invoice_id);
  if (unknown.length > 0) {
    for (const r of await sql.query<{ id: string; customer_id: string; derived: boolean }>(
      `SELECT id, customer_id, open_balance_derived AS derived FROM invoices WHERE id = ANY($1::uuid[])`,
      [unknown],
    )) {
      known.set(r.id, { ...r, external_id: '' });
    }
  }
  const affected = [...touched].map((id) => known.get(id)).filter((i) => i !== undefined);
  await refreshDerivedBalances(
    sql,
    affected.filter((i) => i.derived).map((i) => i.id),
  );
  await wakeCustomers(
    sql,
    affected.map((i) => i.customer_id as string),
  );
  return { changed: written.map((w) => w.external_id), rejected, touchedInvoiceIds: [...touched] };
}

export async function upsertPayments(sql: Sql, firmId: string, connectionId: string, rows: PaymentInput[]) {
  return upsertWithAllocations(sql, 'payment', firmId, connectionId, rows);
}

export async function upsertCreditNotes(
  sql: Sql,
  firmId: string,
  connectionId: string,
  rows: CreditNoteInput[],
) {
  return upsertWithAllocations(sql, 'credit', firmId, connectionId, rows);
}

/**
 * Invoices whose source gave no balance: open balance = total − payments − credits allocated to them;
 * fully settled open invoices become paid (and a paid one reopens if an allocation is removed).
 */
export async function refreshDerivedBalances(sql: Sql, invoiceIds: string[]): Promise<void> {
  if (invoiceIds.length === 0) return;
  await sql.query(
    `UPDATE invoices i SET open_balance = GREATEST(0, i.total - s.settled),
       status = CASE WHEN i.status IN ('open', 'paid') THEN (CASE WHEN i.total - s.settled <= 0 THEN 'paid' ELSE 'open' END)
                     ELSE i.status END,
       updated_at = now()
     FROM (SELECT x.id,
             COALESCE((SELECT SUM(amount) FROM payment_allocations pa WHERE pa.invoice_id = x.id), 0)
           + COALESCE((SELECT SUM(amount) FROM credit_allocations ca WHERE ca.invoice_id = x.id), 0) AS settled
           FROM invoices x WHERE x.id = ANY($1::uuid[]) AND x.open_balance_derived) s
     WHERE i.id = s.id AND i.open_balance_derived
       AND (i.open_balance, i.status) IS DISTINCT FROM (GREATEST(0, i.total - s.settled),
            CASE WHEN i.status IN ('open', 'paid') THEN (CASE WHEN i.total - s.settled <= 0 THEN 'paid' ELSE 'open' END) ELSE i.status END)`,
    [invoiceIds],
  );
}
