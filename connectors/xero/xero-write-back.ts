// Writing back to Xero: a note as invoice History (final, it cannot be edited; 250 characters at
// most) and a promise to pay as the invoice's ExpectedPaymentDate, both with Idempotency-Key so a
// retry never writes twice. And the pre-send check: open balances read again just before sending.
import { createHash } from 'node:crypto';
import { HistoryRecord, Invoice, type HistoryRecords, type Invoices } from 'xero-node';
import { isLocalDate } from '../../src/core/dates.ts';
import { money, toMinor, type Money } from '../../src/core/money.ts';
import type { ConnectionContext, WriteBack, WriteBackReceipt } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import type { XeroClient } from './xero-client.ts';
import { readInvoices } from './xero-reread.ts';
import { invoiceSchema } from './xero-schemas.ts';

export const HISTORY_MAX = 250;
const KEY_MAX = 128;

/** Xero takes keys up to 128 characters: a longer one is replaced by its hash. */
export function idempotencyKey(key: string): string {
  return key.length <= KEY_MAX ? key : `sha256-${createHash('sha256').update(key).digest('hex')}`;
}

/** At most 250 characters, cut at a word where one is near, with an ellipsis. */
export function historyDetails(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= HISTORY_MAX) return clean;
  const cut = clean.slice(0, HISTORY_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > HISTORY_MAX * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function historyRequest(text: string): HistoryRecords {
  const record = new HistoryRecord();
  record.details = historyDetails(text);
  return { historyRecords: [record] };
}

export function expectedPaymentDateRequest(invoiceId: string, date: string): Invoices {
  const invoice = new Invoice();
  invoice.invoiceID = invoiceId;
  invoice.expectedPaymentDate = date;
  return { invoices: [invoice] };
}

export async function writeBackToXero(
  client: XeroClient,
  ctx: ConnectionContext,
  action: WriteBack,
): Promise<WriteBackReceipt> {
  const key = idempotencyKey(action.idempotencyKey);
  switch (action.kind) {
    case 'note': {
      if (action.text.trim() === '') throw new ConnectorError('invalid_payload', 'note: text is empty');
      await client.call(ctx, 'write invoice history', (api, t) =>
        api.createInvoiceHistory(t, action.invoiceExternalId, historyRequest(action.text), key),
      );
      return { externalId: null };
    }
    case 'expected_payment_date': {
      if (!isLocalDate(action.date))
        throw new ConnectorError('invalid_payload', `date: expected YYYY-MM-DD, got "${action.date}"`);
      await client.call(ctx, 'set expected payment date', (api, t) =>
        api.updateInvoice(
          t,
          action.invoiceExternalId,
          expectedPaymentDateRequest(action.invoiceExternalId, action.date),
          undefined,
          key,
        ),
      );
      return { externalId: action.invoiceExternalId };
    }
    case 'status':
      // Relance never changes an invoice's status in Xero (voiding is the firm's decision).
      throw new ConnectorError(
        'invalid_payload',
        `status write-back is not supported for Xero (invoice ${action.invoiceExternalId})`,
      );
  }
}

/** Open balance per invoice, read from Xero just before a send; a missing, voided or deleted one owes nothing. */
export async function refetchOpenBalances(
  client: XeroClient,
  ctx: ConnectionContext,
  ids: string[],
): Promise<Map<string, Money>> {
  const out = new Map<string, Money>();
  for (const raw of await readInvoices(client, ctx, [...new Set(ids)])) {
    const p = invoiceSchema.safeParse(raw);
    if (!p.success) continue; // unreadable: not in the map, so the caller does not send on a guess
    const inv = p.data;
    const currency = inv.currencyCode.toUpperCase();
    const owed = inv.status === 'AUTHORISED' ? toMinor(inv.amountDue ?? inv.total, currency) : 0;
    out.set(inv.invoiceID, money(owed, currency));
  }
  return out;
}
