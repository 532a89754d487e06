// Write-back: a short, dated note (an Attachable) per event, marked with its idempotency key so a
// retry after a lost answer never writes twice; the collection status in the firm's "Collection
// status" custom field, else in one marked line of PrivateNote that is replaced, never the rest.
import { createHash } from 'node:crypto';
import type { Money } from '../../src/core/money.ts';
import { toMinor } from '../../src/core/money.ts';
import type { WriteBack, WriteBackReceipt } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import type { QboCall } from './client.ts';
import { readByIds } from './reread.ts';

const NOTE_MAX = 2000;
const STATUS_LINE = /^Relance: .*$/m;
const STATUS_FIELD = /collection status/i;

export const noteMarker = (key: string) =>
  `[relance:${createHash('sha256').update(key).digest('hex').slice(0, 12)}]`;

/** The caller's text (already dated: "Relance 2026-12-01: ..."), marked with its key. */
export function noteText(text: string, key: string): string {
  const marker = noteMarker(key);
  const body = text.replace(/\s+/g, ' ').trim();
  return `${body.slice(0, NOTE_MAX - marker.length - 1)} ${marker}`;
}

/** PrivateNote with the Relance line replaced (or added last); everything the firm wrote stays. */
export function withStatusLine(privateNote: string | undefined, status: string): string {
  const line = `Relance: ${status.replace(/\s+/g, ' ').trim()}`;
  const note = privateNote ?? '';
  if (STATUS_LINE.test(note)) return note.replace(STATUS_LINE, line);
  return note === '' ? line : `${note}\n${line}`;
}

interface InvoiceForUpdate {
  Id: string;
  SyncToken: string;
  PrivateNote?: string;
  CustomField?: { DefinitionId: string; Name?: string; Type?: string; StringValue?: string }[];
}

async function readInvoice(call: QboCall, id: string): Promise<InvoiceForUpdate> {
  const [inv] = (await readByIds(call, 'Invoice', [id])) as (InvoiceForUpdate & { status?: string })[];
  if (!inv || inv.status === 'Deleted')
    throw new ConnectorError('not_found', `QuickBooks invoice ${id} not found`);
  return inv;
}

async function addNote(
  call: QboCall,
  invoiceId: string,
  text: string,
  key: string,
): Promise<WriteBackReceipt> {
  const marker = noteMarker(key);
  const existing = await call<{ QueryResponse?: { Attachable?: { Id: string; Note?: string }[] } }>(
    'find notes',
    (qbo, cb) =>
      (qbo as unknown as { findAttachables(c: string, cb: unknown): void }).findAttachables(
        `WHERE AttachableRef.EntityRef.Type = 'Invoice' AND AttachableRef.EntityRef.value = '${invoiceId.replace(/\D/g, '')}' MAXRESULTS 1000`,
        cb,
      ),
  );
  const done = existing.QueryResponse?.Attachable?.find((a) => a.Note?.includes(marker));
  if (done) return { externalId: done.Id };
  const created = await call<{ Id?: string }>('create note', (qbo, cb) =>
    qbo.createAttachable(
      {
        AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoiceId } }],
        Note: noteText(text, key),
      } as never,
      cb,
    ),
  );
  return { externalId: created.Id ?? null };
}

async function setStatus(call: QboCall, invoiceId: string, status: string): Promise<WriteBackReceipt> {
  for (let attempt = 0; ; attempt++) {
    const inv = await readInvoice(call, invoiceId);
    const field = inv.CustomField?.find((f) => STATUS_FIELD.test(f.Name ?? ''));
    const update: Record<string, unknown> = { Id: inv.Id, SyncToken: inv.SyncToken, sparse: true };
    if (field)
      update.CustomField = [
        {
          DefinitionId: field.DefinitionId,
          Name: field.Name,
          Type: 'StringType',
          StringValue: status.slice(0, 31),
        },
      ];
    else update.PrivateNote = withStatusLine(inv.PrivateNote, status);
    try {
      await call('update invoice', (qbo, cb) => qbo.updateInvoice(update, cb));
      return { externalId: inv.Id };
    } catch (err) {
      // Someone edited the invoice between our read and write: read again, once.
      if (err instanceof ConnectorError && err.kind === 'conflict' && attempt === 0) continue;
      throw err;
    }
  }
}

export async function writeBackQuickBooks(call: QboCall, action: WriteBack): Promise<WriteBackReceipt> {
  switch (action.kind) {
    case 'note':
      return addNote(call, action.invoiceExternalId, action.text, action.idempotencyKey);
    case 'expected_payment_date':
      // QuickBooks invoices have no such field; the promise's own note says it.
      throw new ConnectorError('invalid_payload', 'QuickBooks has no expected payment date on invoices');
    case 'status':
      return setStatus(call, action.invoiceExternalId, action.status);
  }
}

export async function refetchOpenBalances(call: QboCall, ids: string[]): Promise<Map<string, Money>> {
  const out = new Map<string, Money>();
  for (const raw of (await readByIds(call, 'Invoice', [...new Set(ids)])) as {
    Id: string;
    status?: string;
    Balance?: number | string;
    CurrencyRef?: { value: string };
  }[]) {
    // A deleted invoice owes nothing; one without a currency is skipped rather than guessed.
    if (raw.status === 'Deleted') continue;
    const currency = raw.CurrencyRef?.value;
    if (!currency || raw.Balance === undefined) continue;
    out.set(raw.Id, { amount: toMinor(raw.Balance, currency), currency });
  }
  return out;
}
