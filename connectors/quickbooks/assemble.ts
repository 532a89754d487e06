// One page of QuickBooks entities (a query page, a CDC answer or a re-read) → one SyncBatch: each
// entity mapped, bad ones recorded, deletions rebuilt from the store, credit applications merged
// into their memos' allocations.
import type { InvalidRecord, SyncBatch } from '../sdk/connector.ts';
import type { AllocationInput, CreditNoteInput } from '../../src/store/repos/ledger.ts';
import { mergeAllocations, type LedgerLookup } from './ledger-lookup.ts';
import { deletedJson } from './mappers/qbo-json.ts';
import { toCreditNote } from './mappers/to-credit-note.ts';
import { billEmailOf, toInvoice } from './mappers/to-invoice.ts';
import { toCustomer } from './mappers/to-customer.ts';
import { toPayment } from './mappers/to-payment.ts';

export const QBO_ENTITIES = ['Customer', 'Invoice', 'CreditMemo', 'Payment'] as const;
export type QboEntity = (typeof QBO_ENTITIES)[number];
export type RawPage = Partial<Record<QboEntity, unknown[]>>;

export type AssembledBatch = Omit<SyncBatch, 'checkpoint'> & { linkedInvoices: string[] };

const isDeleted = (json: unknown) => deletedJson.safeParse(json).success;
const idOf = (json: unknown) => (json as { Id: string }).Id;

export async function assemble(
  raw: RawPage,
  lookup: LedgerLookup,
  connectionId: string,
): Promise<AssembledBatch> {
  const invalid: InvalidRecord[] = [];
  const keep = <T>(m: { ok: true; value: T } | { ok: false; invalid: InvalidRecord }): T[] => {
    if (m.ok) return [m.value];
    invalid.push(m.invalid);
    return [];
  };
  const split = (list: unknown[] | undefined) => {
    const live: unknown[] = [];
    const deleted: string[] = [];
    for (const j of list ?? []) {
      if (isDeleted(j)) deleted.push(idOf(j));
      else live.push(j);
    }
    return { live, deleted };
  };

  const inv = split(raw.Invoice);
  const billEmails = new Map<string, string[]>();
  for (const j of inv.live) {
    const email = billEmailOf(j);
    const customer = (j as { CustomerRef?: { value?: string } }).CustomerRef?.value;
    if (email && customer) billEmails.set(customer, [...(billEmails.get(customer) ?? []), email]);
  }
  const customers = split(raw.Customer).live.flatMap((j) =>
    keep(toCustomer(j, billEmails.get((j as { Id?: string }).Id ?? '') ?? [])),
  );
  const invoices = [
    ...inv.live.flatMap((j) => keep(toInvoice(j))),
    ...(await lookup.invoicesAsDeleted(connectionId, inv.deleted)),
  ];

  const pay = split(raw.Payment);
  const mappedPayments = pay.live.flatMap((j) => keep(toPayment(j)));
  const deletedPayments = await lookup.paymentsAsDeleted(connectionId, pay.deleted);
  const payments = [...mappedPayments.map((m) => m.payment), ...deletedPayments.map((d) => d.payment)];
  const linkedInvoices = [
    ...new Set([
      ...mappedPayments.flatMap((m) => m.invoiceExternalIds),
      ...deletedPayments.flatMap((d) => d.invoiceExternalIds),
    ]),
  ];

  // Credit applications read now, by memo.
  const fresh = new Map<string, AllocationInput[]>();
  for (const c of mappedPayments.flatMap((m) => m.credits)) {
    fresh.set(c.creditMemoExternalId, [
      ...(fresh.get(c.creditMemoExternalId) ?? []),
      { invoiceExternalId: c.invoiceExternalId, amount: c.amount, date: c.date },
    ]);
  }
  const memos = split(raw.CreditMemo);
  const memoIds = [...new Set([...memos.live.map(idOf), ...memos.deleted, ...fresh.keys()])];
  const stored = await lookup.creditNotes(connectionId, memoIds);
  const creditNotes: CreditNoteInput[] = [];
  const seen = new Set<string>();
  for (const j of memos.live) {
    const id = idOf(j);
    seen.add(id);
    creditNotes.push(
      ...keep(toCreditNote(j, mergeAllocations(stored.get(id)?.allocations ?? [], fresh.get(id) ?? []))),
    );
  }
  for (const id of memos.deleted) {
    const s = stored.get(id);
    seen.add(id);
    if (s) creditNotes.push({ ...s, status: 'deleted', remaining: 0, allocations: [] });
  }
  for (const [id, allocations] of fresh) {
    const s = stored.get(id);
    if (!seen.has(id) && s)
      creditNotes.push({ ...s, allocations: mergeAllocations(s.allocations, allocations) });
  }
  return { customers, invoices, payments, creditNotes, invalid, linkedInvoices };
}
