// The sync: a full paged query per entity (1000 rows a page), then Change Data Capture from the
// server time at the start of the previous run (minus an overlap). A CDC checkpoint older than 30
// days, or a CDC refused as too old, falls back to a full sync. Every page carries the checkpoint
// that resumes after it, so an interrupted sync neither loses nor duplicates records.
import { z } from 'zod';
import type { Checkpoint, ConnectionContext, SyncBatch } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import { assemble, QBO_ENTITIES, type QboEntity, type RawPage } from './assemble.ts';
import type { QboCall } from './client.ts';
import type { LedgerLookup } from './ledger-lookup.ts';
import { readByIds } from './reread.ts';

export const PAGE_SIZE = 1000;
const CDC_MAX_AGE_MS = 30 * 86_400_000 - 3_600_000; // an hour of margin under Intuit's 30 days
const OVERLAP_MS = 5 * 60_000;

const checkpointSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('full'),
    entity: z.enum(QBO_ENTITIES),
    position: z.number().int().min(1),
    startedAt: z.string(),
  }),
  z.object({ mode: z.literal('cdc'), since: z.string() }),
]);
export type QboCheckpoint = z.infer<typeof checkpointSchema>;

const queryResponse = z.object({
  QueryResponse: z.record(z.string(), z.unknown()),
  time: z.string().optional(),
});
const cdcResponse = z.object({
  CDCResponse: z.array(z.object({ QueryResponse: z.array(z.record(z.string(), z.unknown())) })).min(1),
  time: z.string().optional(),
});

const FINDERS: Record<QboEntity, string> = {
  Customer: 'findCustomers',
  Invoice: 'findInvoices',
  CreditMemo: 'findCreditMemos',
  Payment: 'findPayments',
};

function parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  throw new ConnectorError('invalid_payload', `QuickBooks ${what}: ${i?.path.join('.')}: ${i?.message}`);
}

const serverTime = (time: string | undefined, now: number) => {
  const t = time ? Date.parse(time) : NaN;
  return Number.isNaN(t) ? now : t;
};
const cdcSince = (startMs: number) => new Date(startMs - OVERLAP_MS).toISOString();

export interface PullDeps {
  call: QboCall;
  lookup: LedgerLookup;
  now: () => number;
}

export async function* pullQuickBooks(
  deps: PullDeps,
  ctx: ConnectionContext,
  since: Checkpoint | null,
): AsyncGenerator<SyncBatch> {
  const parsed = since ? checkpointSchema.safeParse(since) : null;
  let cp: QboCheckpoint | null = parsed?.success ? parsed.data : null;
  if (cp?.mode === 'cdc' && deps.now() - Date.parse(cp.since) > CDC_MAX_AGE_MS) cp = null;
  if (cp?.mode === 'cdc') {
    let yielded = false;
    try {
      for await (const batch of cdc(deps, ctx, cp.since)) {
        yielded = true;
        yield batch;
      }
      return;
    } catch (err) {
      // Refused as too old (by Intuit's clock) or too many changes at one instant: read everything.
      if (yielded || !(err instanceof ConnectorError) || err.kind !== 'invalid_payload') throw err;
    }
    cp = null;
  }
  yield* full(deps, ctx, cp);
}

interface Page {
  rows: unknown[];
  time: string | undefined;
}

async function fetchPage(deps: PullDeps, entity: QboEntity, position: number): Promise<Page> {
  // Inactive customers still owe money: name Active so QuickBooks returns them too.
  const where = entity === 'Customer' ? 'WHERE Active IN (true, false) ' : '';
  const criteria = `${where}ORDERBY Id STARTPOSITION ${position} MAXRESULTS ${PAGE_SIZE}`;
  const body = parse(
    queryResponse,
    await deps.call(`query ${entity}`, (qbo, cb) =>
      (qbo as unknown as Record<string, (c: string, cb: unknown) => void>)[FINDERS[entity]]?.(criteria, cb),
    ),
    `query ${entity}`,
  );
  return { rows: (body.QueryResponse[entity] as unknown[] | undefined) ?? [], time: body.time };
}

async function* full(
  deps: PullDeps,
  ctx: ConnectionContext,
  cp: Extract<QboCheckpoint, { mode: 'full' }> | null,
): AsyncGenerator<SyncBatch> {
  let startedAt = cp?.startedAt ?? null;
  let e = cp ? QBO_ENTITIES.indexOf(cp.entity) : 0;
  let position = cp?.position ?? 1;
  let pending: Promise<Page> | null = fetchPage(deps, QBO_ENTITIES[e] as QboEntity, position);
  while (pending) {
    const entity = QBO_ENTITIES[e] as QboEntity;
    const { rows, time }: Page = await pending;
    startedAt ??= new Date(serverTime(time, deps.now())).toISOString();
    const done: boolean = rows.length < PAGE_SIZE;
    const nextEntity: QboEntity | undefined = done ? QBO_ENTITIES[e + 1] : entity;
    const nextPosition: number = done ? 1 : position + rows.length;
    // The next page is read while this one is written: the store and the API work at once.
    pending = nextEntity ? fetchPage(deps, nextEntity, nextPosition) : null;
    pending?.catch(() => undefined); // surfaces when awaited; never an unhandled rejection
    const checkpoint: QboCheckpoint = nextEntity
      ? { mode: 'full', entity: nextEntity, position: nextPosition, startedAt }
      : { mode: 'cdc', since: cdcSince(Date.parse(startedAt)) };
    const batch = await assemble({ [entity]: rows }, deps.lookup, ctx.connectionId);
    yield { ...batch, checkpoint, progress: { entity, done: position - 1 + rows.length, total: null } };
    if (nextEntity !== entity) e++;
    position = nextPosition;
  }
}

async function* cdc(deps: PullDeps, ctx: ConnectionContext, since: string): AsyncGenerator<SyncBatch> {
  let cursor = since;
  let runStart: number | null = null;
  for (;;) {
    const body = parse(
      cdcResponse,
      await deps.call('cdc', (qbo, cb) => qbo.changeDataCapture([...QBO_ENTITIES], cursor, cb)),
      'cdc',
    );
    runStart ??= serverTime(body.time, deps.now());
    const raw: RawPage = {};
    let nextCursor: string | null = null;
    for (const block of (body.CDCResponse[0] as { QueryResponse: Record<string, unknown>[] }).QueryResponse) {
      for (const entity of QBO_ENTITIES) {
        const list = block[entity];
        if (!Array.isArray(list)) continue;
        raw[entity] = [...(raw[entity] ?? []), ...list];
        // More changes than one answer holds: ask again from the last change returned.
        if (typeof block.totalCount === 'number' && block.totalCount > list.length) {
          const last = (list[list.length - 1] as { MetaData?: { LastUpdatedTime?: string } }).MetaData
            ?.LastUpdatedTime;
          if (last && (nextCursor === null || Date.parse(last) < Date.parse(nextCursor)))
            nextCursor = new Date(Date.parse(last)).toISOString();
        }
      }
    }
    if (nextCursor !== null && Date.parse(nextCursor) <= Date.parse(cursor)) {
      throw new ConnectorError('invalid_payload', 'QuickBooks cdc: more than 1000 changes at one instant');
    }
    // CDC leaves out InvoiceLink: re-read the changed invoices with it (one query per 200).
    const changed = (raw.Invoice ?? [])
      .filter((j) => (j as { status?: string }).status !== 'Deleted')
      .map((j) => (j as { Id: string }).Id);
    if (changed.length > 0) {
      const gone = (raw.Invoice ?? []).filter((j) => (j as { status?: string }).status === 'Deleted');
      raw.Invoice = [...gone, ...(await readByIds(deps.call, 'Invoice', changed))];
    }
    const batch = await assemble(raw, deps.lookup, ctx.connectionId);
    const checkpoint: QboCheckpoint = {
      mode: 'cdc',
      since: nextCursor === null ? cdcSince(runStart) : since,
    };
    yield { ...batch, checkpoint };
    if (nextCursor === null) return;
    cursor = nextCursor;
  }
}
