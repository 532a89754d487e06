// After a webhook, or just before a send: the named records read again by id (batched, at most 100
// ids a call for invoices), through the configured API base.
import type { ConnectionContext, SyncBatch, WebhookTarget } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import type { XeroClient } from './xero-client.ts';
import { mapPage } from './xero-pull.ts';

const BATCH = 100;

/** Invoices by id, DELETED included (Xero lists those only when asked by status). */
export async function readInvoices(
  client: XeroClient,
  ctx: ConnectionContext,
  ids: string[],
): Promise<unknown[]> {
  const out: unknown[] = [];
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const body = await client.call(ctx, 'read invoices by id', (api, t) =>
      api.getInvoices(
        t,
        undefined,
        undefined,
        undefined,
        chunk,
        undefined,
        undefined,
        ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'],
        1,
        undefined,
        undefined,
        undefined,
        true, // summaries: what Relance reads, without line items
        1000,
      ),
    );
    if (!Array.isArray(body?.invoices))
      throw new ConnectorError('upstream_unavailable', 'read invoices by id: the answer is not a list');
    out.push(...body.invoices);
  }
  return out;
}

async function readOne<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'not_found') return null;
    throw err;
  }
}

export async function rereadTargets(
  client: XeroClient,
  ctx: ConnectionContext,
  targets: WebhookTarget[],
  knownLinks?: (connectionId: string, invoiceIds: string[]) => Promise<Map<string, string>>,
): Promise<SyncBatch> {
  const ids = (entity: WebhookTarget['entity']) => [
    ...new Set(targets.filter((t) => t.entity === entity).map((t) => t.externalId)),
  ];
  const contacts: unknown[] = [];
  for (const id of ids('customer')) {
    const body = await readOne(() => client.call(ctx, 'read contact', (api, t) => api.getContact(t, id)));
    contacts.push(...(body?.contacts ?? []));
  }
  const creditNotes: unknown[] = [];
  for (const id of ids('credit_note')) {
    const body = await readOne(() =>
      client.call(ctx, 'read credit note', (api, t) => api.getCreditNote(t, id)),
    );
    creditNotes.push(...(body?.creditNotes ?? []));
  }
  const payments: unknown[] = [];
  for (const id of ids('payment')) {
    const body = await readOne(() => client.call(ctx, 'read payment', (api, t) => api.getPayment(t, id)));
    payments.push(...(body?.payments ?? []));
  }
  // A credit note or payment changes the invoices it settles: read those too.
  const invoiceIds = new Set(ids('invoice'));
  for (const n of creditNotes)
    for (const a of (n as { allocations?: { invoice?: { invoiceID?: string } }[] }).allocations ?? [])
      if (a.invoice?.invoiceID) invoiceIds.add(a.invoice.invoiceID);
  for (const p of payments) {
    const id = (p as { invoice?: { invoiceID?: string } }).invoice?.invoiceID;
    if (id) invoiceIds.add(id);
  }
  const invoices = await readInvoices(client, ctx, [...invoiceIds]);
  const links =
    knownLinks && invoiceIds.size > 0
      ? await knownLinks(ctx.connectionId, [...invoiceIds])
      : new Map<string, string>();
  const parts = [
    mapPage('contacts', contacts),
    mapPage('invoices', invoices, links),
    mapPage('creditNotes', creditNotes),
    mapPage('payments', payments),
  ];
  return {
    customers: parts.flatMap((p) => p.customers),
    invoices: parts.flatMap((p) => p.invoices),
    creditNotes: parts.flatMap((p) => p.creditNotes),
    payments: parts.flatMap((p) => p.payments),
    invalid: parts.flatMap((p) => p.invalid),
    checkpoint: {},
  };
}
