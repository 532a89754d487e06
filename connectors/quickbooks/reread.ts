// After a webhook: re-read what it names through the configured API, never trusting its content.
// A record that is gone comes back as deleted; a payment's invoices are re-read too, because their
// balances changed with it (so a payment withdraws the actions planned for what it settles).
import type { ConnectionContext, SyncBatch, WebhookTarget } from '../sdk/connector.ts';
import { assemble, type QboEntity, type RawPage } from './assemble.ts';
import type { QboCall } from './client.ts';
import type { LedgerLookup } from './ledger-lookup.ts';

const ENTITY: Record<WebhookTarget['entity'], QboEntity> = {
  customer: 'Customer',
  invoice: 'Invoice',
  payment: 'Payment',
  credit_note: 'CreditMemo',
};
const FINDERS: Record<QboEntity, string> = {
  Customer: 'findCustomers',
  Invoice: 'findInvoices',
  CreditMemo: 'findCreditMemos',
  Payment: 'findPayments',
};
const CHUNK = 200;

const quote = (id: string) => `'${id.replace(/[^0-9A-Za-z-]/g, '')}'`;

/** Reads records by Id, a chunk at a time; missing ones come back as `{status:'Deleted', Id}`. */
export async function readByIds(call: QboCall, entity: QboEntity, ids: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const active = entity === 'Customer' ? ' AND Active IN (true, false)' : '';
    const criteria = `WHERE Id IN (${chunk.map(quote).join(',')})${active} MAXRESULTS 1000`;
    const body = await call<{ QueryResponse?: Record<string, unknown> }>(`read ${entity}`, (qbo, cb) =>
      (qbo as unknown as Record<string, (c: string, cb: unknown) => void>)[FINDERS[entity]]?.(criteria, cb),
    );
    const rows = (body.QueryResponse?.[entity] as { Id?: string }[] | undefined) ?? [];
    const found = new Set(rows.map((r) => r.Id));
    out.push(...rows, ...chunk.filter((id) => !found.has(id)).map((Id) => ({ status: 'Deleted', Id })));
  }
  return out;
}

export async function rereadQuickBooks(
  call: QboCall,
  lookup: LedgerLookup,
  ctx: ConnectionContext,
  targets: WebhookTarget[],
): Promise<SyncBatch> {
  const ids = new Map<QboEntity, Set<string>>();
  for (const t of targets) {
    if (t.externalTenantId !== ctx.externalTenantId) continue;
    const e = ENTITY[t.entity];
    ids.set(e, (ids.get(e) ?? new Set()).add(t.externalId));
  }
  const raw: RawPage = {};
  for (const entity of ['Customer', 'CreditMemo', 'Payment'] as const) {
    const list = [...(ids.get(entity) ?? [])];
    if (list.length > 0) raw[entity] = await readByIds(call, entity, list);
  }
  // The invoices a payment links (or linked, when it was deleted) have new balances.
  const first = await assemble(raw, lookup, ctx.connectionId);
  const invoiceIds = new Set([...(ids.get('Invoice') ?? []), ...first.linkedInvoices]);
  if (invoiceIds.size > 0) raw.Invoice = await readByIds(call, 'Invoice', [...invoiceIds]);
  const batch = raw.Invoice ? await assemble(raw, lookup, ctx.connectionId) : first;
  return {
    customers: batch.customers,
    invoices: batch.invoices,
    payments: batch.payments,
    creditNotes: batch.creditNotes,
    invalid: batch.invalid,
    checkpoint: {},
  };
}
