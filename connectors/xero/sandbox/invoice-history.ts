// History & notes of an invoice, newest first: what Xero's system writes (created, approved,
// payments, credit applied, voided) reconstructed from the books, plus what was recorded since
// load (status changes, edits, notes added through PUT /History).
import { fromEpochDay } from '../../../src/core/dates.ts';
import { toDecimalString } from '../../../src/core/money.ts';
import type { HistoryEntry, InvoiceRecord } from './ledger-types.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { startOfEpochDay } from './xero-format.ts';

const SYSTEM = 'System Generated';

export function invoiceHistory(ledger: OrganisationLedger, inv: InvoiceRecord): HistoryEntry[] {
  const contact = ledger.contacts.get(inv.contactId)?.name ?? 'unknown contact';
  const label = inv.number || 'Bill';
  const money = (minor: number): string => toDecimalString(minor, inv.currency);
  const recorded = ledger.notes.get(inv.id) ?? [];
  const created = startOfEpochDay(inv.date) + 9 * 3_600_000;
  const entries: HistoryEntry[] = [
    {
      at: created,
      changes: 'Created',
      details: `${label} to ${contact} for ${money(inv.total)}.`,
      user: SYSTEM,
    },
  ];
  const approvedLater = recorded.some((e) => e.changes === 'Approved');
  if (!['DRAFT', 'SUBMITTED', 'DELETED'].includes(inv.status) && !approvedLater) {
    entries.push({
      at: created + 1,
      changes: 'Approved',
      details: `${label} to ${contact} for ${money(inv.total)}.`,
      user: SYSTEM,
    });
  }
  for (const id of inv.paymentIds) {
    const p = ledger.payments.get(id);
    if (!p || p.status !== 'AUTHORISED') continue;
    const verb = inv.type === 'ACCREC' ? `Payment received from ${contact}` : `Payment made to ${contact}`;
    entries.push({
      at: p.updatedAt,
      changes: inv.type === 'ACCREC' ? 'Payment Received' : 'Payment Made',
      details: `${verb} on ${fromEpochDay(p.date)} for ${money(p.amount)}.`,
      user: SYSTEM,
    });
  }
  for (const id of inv.allocationIds) {
    const a = ledger.allocations.get(id);
    const note = a && ledger.creditNotes.get(a.creditNoteId);
    if (!a || !note) continue;
    entries.push({
      at: Math.max(created + 2, startOfEpochDay(a.date) + 12 * 3_600_000),
      changes: 'Credit Applied',
      details: `Credit Note ${note.number} applied for ${money(a.amount)}.`,
      user: SYSTEM,
    });
  }
  const closedLater = recorded.some((e) => e.changes === 'Voided' || e.changes === 'Deleted');
  if ((inv.status === 'VOIDED' || inv.status === 'DELETED') && !closedLater) {
    entries.push({
      at: inv.updatedAt,
      changes: inv.status === 'VOIDED' ? 'Voided' : 'Deleted',
      details: `${label} to ${contact} for ${money(inv.total)}.`,
      user: SYSTEM,
    });
  }
  entries.push(...recorded);
  return entries.sort((a, b) => b.at - a.at);
}
