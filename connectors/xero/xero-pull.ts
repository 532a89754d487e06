// A sync as a stream of pages: contacts, then sales invoices, credit notes and payments (so every
// reference points at something already written), each with If-Modified-Since and the largest page
// size. The daily allowance is a budget: when what is left reaches the reserve kept for pre-send
// checks and write-backs, the sync stops with its checkpoint and says how far it got.
import type { AccountingApi } from 'xero-node';
import type { ConnectionContext, InvalidRecord, SyncBatch } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import type {
  CreditNoteInput,
  CustomerInput,
  InvoiceInput,
  PaymentInput,
} from '../../src/store/repos/ledger.ts';
import { toCreditNote, isSalesCreditNote } from './map-credit-note.ts';
import { toCustomer } from './map-contact.ts';
import { isSalesInvoice, toInvoice } from './map-invoice.ts';
import { isSalesPayment, toPayment } from './map-payment.ts';
import { PHASES, type Phase, type XeroCheckpoint } from './xero-checkpoint.ts';
import type { XeroClient } from './xero-client.ts';
import { projector, takeList, takenList } from './xero-lean.ts';
import { XeroRateLimitError } from './xero-errors.ts';
import {
  contactSchema,
  creditNoteSchema,
  describeIssue,
  invoiceSchema,
  paymentSchema,
} from './xero-schemas.ts';
import { toInstant } from './xero-time.ts';

export const PAGE_SIZE = 1000;
const ORDER = 'UpdatedDateUTC ASC';

export interface PullOptions {
  /** Calls a day kept for pre-send checks and write-backs; the sync pauses at this many left. */
  reserveCalls: number;
  /** How long a paused sync waits before it looks at the allowance again. */
  pauseMs: number;
  /** Payment links already known for these invoices (so a re-read does not drop them). */
  knownLinks?: (connectionId: string, invoiceIds: string[]) => Promise<Map<string, string>>;
  now?: () => number;
}

interface Page {
  records: unknown[];
  /** True when `records` are the answer's JSON, taken before xero-node built its models. */
  json: boolean;
  pagination: { page?: number; pageSize?: number; pageCount?: number; itemCount?: number } | undefined;
}

type Listed = { pagination?: Page['pagination'] } & Record<string, unknown>;
type Answer = { response: { headers?: Record<string, unknown> }; body: unknown };

/** Each list's name in Xero's JSON. */
const JSON_KEY: Record<Phase, string> = {
  contacts: 'Contacts',
  invoices: 'Invoices',
  creditNotes: 'CreditNotes',
  payments: 'Payments',
};

/** A record's JSON → what xero-node would make of the fields its schema reads (xero-lean.ts). */
const PROJECT: Record<Phase, (json: unknown) => unknown> = {
  contacts: projector('Contact', contactSchema),
  invoices: projector('Invoice', invoiceSchema),
  creditNotes: projector('CreditNote', creditNoteSchema),
  payments: projector('Payment', paymentSchema),
};

function request(
  api: AccountingApi,
  t: string,
  phase: Phase,
  since: Date | undefined,
  page: number,
): Promise<Answer> {
  switch (phase) {
    case 'contacts':
      return api.getContacts(t, since, undefined, ORDER, undefined, page, true, false, undefined, PAGE_SIZE);
    case 'invoices':
      return api.getInvoices(
        t,
        since,
        'Type=="ACCREC"',
        ORDER,
        undefined,
        undefined,
        undefined,
        ['AUTHORISED', 'PAID', 'VOIDED', 'DELETED'],
        page,
        undefined,
        undefined,
        undefined,
        // Summaries: no line items, payments or credit notes, which Relance does not read; a
        // page is several times smaller to fetch, parse and hold.
        true,
        PAGE_SIZE,
      );
    case 'creditNotes':
      return api.getCreditNotes(t, since, 'Type=="ACCRECCREDIT"', ORDER, page, undefined, PAGE_SIZE);
    case 'payments':
      return api.getPayments(t, since, 'PaymentType=="ACCRECPAYMENT"', ORDER, page, PAGE_SIZE);
  }
}

async function fetchPage(
  client: XeroClient,
  ctx: ConnectionContext,
  phase: Phase,
  since: Date | undefined,
  page: number,
): Promise<Page> {
  const what = `read ${phase} page ${page}`;
  return client.call(ctx, what, async (api, t) => {
    api.setDefaultAuthentication(takeList(JSON_KEY[phase]));
    const answer = await request(api, t, phase, since, page);
    const body = answer.body as Listed | undefined;
    const json = takenList(answer.response);
    const records = json ?? body?.[phase];
    // A page whose body is not the expected list (cut short, not JSON) is retried like a 5xx.
    if (!Array.isArray(records))
      throw new ConnectorError('upstream_unavailable', `${what}: the answer is not a list of ${phase}`);
    return {
      response: answer.response,
      body: { records, json: json !== null, pagination: body?.pagination } satisfies Page,
    };
  });
}

export interface MappedPage {
  customers: CustomerInput[];
  invoices: InvoiceInput[];
  payments: PaymentInput[];
  creditNotes: CreditNoteInput[];
  invalid: InvalidRecord[];
  lastUpdated: string | null;
}

const ENTITY: Record<Phase, string> = {
  contacts: 'contact',
  invoices: 'invoice',
  creditNotes: 'credit_note',
  payments: 'payment',
};
const ID_FIELD: Record<Phase, string> = {
  contacts: 'contactID',
  invoices: 'invoiceID',
  creditNotes: 'creditNoteID',
  payments: 'paymentID',
};

/**
 * Parses and maps one page; a malformed record is reported and skipped, never fatal. With `release`,
 * each record's slot in `records` is emptied once it is mapped, so the page's models die young.
 */
export function mapPage(
  phase: Phase,
  records: unknown[],
  links: Map<string, string> = new Map(),
  release = false,
): MappedPage {
  const out: MappedPage = {
    customers: [],
    invoices: [],
    payments: [],
    creditNotes: [],
    invalid: [],
    lastUpdated: null,
  };
  for (let k = 0; k < records.length; k++) {
    const raw = records[k];
    if (release) records[k] = undefined;
    const r = raw as Record<string, unknown>;
    const updated = toInstant(r?.updatedDateUTC);
    if (updated && (!out.lastUpdated || updated > out.lastUpdated)) out.lastUpdated = updated;
    const externalId = typeof r?.[ID_FIELD[phase]] === 'string' ? (r[ID_FIELD[phase]] as string) : null;
    const bad = (reason: string) => out.invalid.push({ entity: ENTITY[phase], externalId, reason });
    try {
      if (phase === 'contacts') {
        const p = contactSchema.safeParse(raw);
        if (!p.success) bad(describeIssue(p.error));
        else out.customers.push(toCustomer(p.data));
      } else if (phase === 'invoices') {
        const p = invoiceSchema.safeParse(raw);
        if (!p.success) bad(describeIssue(p.error));
        else if (isSalesInvoice(p.data))
          out.invoices.push(toInvoice(p.data, links.get(p.data.invoiceID) ?? null));
      } else if (phase === 'creditNotes') {
        const p = creditNoteSchema.safeParse(raw);
        if (!p.success) bad(describeIssue(p.error));
        else if (isSalesCreditNote(p.data)) out.creditNotes.push(toCreditNote(p.data));
      } else {
        const p = paymentSchema.safeParse(raw);
        if (!p.success) bad(describeIssue(p.error));
        else if (isSalesPayment(p.data)) out.payments.push(toPayment(p.data));
      }
    } catch (err) {
      bad((err as Error).message);
    }
  }
  return out;
}

const nextPhase = (p: Phase): Phase | 'done' => PHASES[PHASES.indexOf(p) + 1] ?? 'done';

interface ReadPage {
  mapped: MappedPage;
  count: number;
  pagination: Page['pagination'];
}

/**
 * Reads and maps one page. Only what is mapped leaves this function: the page's JSON (or xero-node's
 * models) is garbage before the page is written, each record dropped as soon as it is projected and
 * mapped, so none of it outlives the page's own parsing.
 */
async function readPage(
  client: XeroClient,
  ctx: ConnectionContext,
  phase: Phase,
  cp: XeroCheckpoint,
  o: PullOptions,
): Promise<ReadPage> {
  const { records, json, pagination } = await fetchPage(
    client,
    ctx,
    phase,
    cp.cursor.since ? new Date(cp.cursor.since) : undefined,
    cp.cursor.page,
  );
  // Each record's JSON is replaced by its projection as it goes, so the page's JSON dies young.
  if (json) for (let k = 0; k < records.length; k++) records[k] = PROJECT[phase](records[k]);
  const ids: string[] = [];
  if (phase === 'invoices')
    for (const r of records) {
      const id = (r as { invoiceID?: unknown } | null)?.invoiceID;
      if (typeof id === 'string') ids.push(id);
    }
  const links =
    ids.length > 0 && o.knownLinks ? await o.knownLinks(ctx.connectionId, ids) : new Map<string, string>();
  return { mapped: mapPage(phase, records, links, true), count: records.length, pagination };
}

export async function* pullPages(
  client: XeroClient,
  ctx: ConnectionContext,
  start: XeroCheckpoint,
  o: PullOptions,
): AsyncGenerator<SyncBatch> {
  const now = o.now ?? Date.now;
  let cp: XeroCheckpoint = structuredClone(start);
  const paused = (pageCount: number | null): XeroCheckpoint => ({
    ...cp,
    paused: { reason: 'daily_budget', until: new Date(now() + o.pauseMs).toISOString(), pageCount },
  });
  while (cp.phase !== 'done') {
    const phase = cp.phase;
    let page: ReadPage;
    try {
      page = await readPage(client, ctx, phase, cp, o);
    } catch (err) {
      if (err instanceof XeroRateLimitError && err.problem === 'day') {
        yield {
          customers: [],
          invoices: [],
          payments: [],
          creditNotes: [],
          invalid: [],
          checkpoint: paused(null),
          progress: { entity: phase, done: cp.done, total: null },
        };
        return;
      }
      throw err;
    }
    const { mapped, count } = page;
    const size = page.pagination?.pageSize ?? PAGE_SIZE;
    const remainingBefore = (page.pagination?.itemCount ?? 0) - (cp.cursor.page - 1) * size;
    const last = count < size;
    const done = cp.done + count;
    const total =
      page.pagination?.itemCount === undefined ? null : cp.done + Math.max(remainingBefore, count);
    if (last) {
      const since = { ...cp.since, [phase]: maxInstant(cp.since[phase], mapped.lastUpdated) };
      const next = nextPhase(phase);
      cp = {
        ...cp,
        phase: next,
        since,
        cursor: { since: next === 'done' ? null : since[next], page: 1 },
        done: 0,
      };
    } else if (mapped.lastUpdated && mapped.lastUpdated !== cp.cursor.since) {
      cp = { ...cp, cursor: { since: maxInstant(cp.cursor.since, mapped.lastUpdated), page: 1 }, done };
    } else {
      cp = { ...cp, cursor: { since: cp.cursor.since, page: cp.cursor.page + 1 }, done }; // a page of one change time
    }
    const left = client.usage.dayRemaining(ctx.externalTenantId);
    const stop = cp.phase !== 'done' && left !== null && left <= o.reserveCalls;
    yield {
      customers: mapped.customers,
      invoices: mapped.invoices,
      payments: mapped.payments,
      creditNotes: mapped.creditNotes,
      invalid: mapped.invalid,
      checkpoint: stop ? paused(page.pagination?.pageCount ?? null) : cp,
      progress: { entity: phase, done, total },
    };
    if (stop) return;
  }
}

function maxInstant(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
