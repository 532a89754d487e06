// Adding invoices and bills, and the changes Xero allows on them afterwards (status transitions,
// expected payment date, due date, reference, sent flag).
import { randomUUID } from 'node:crypto';
import { toEpochDay } from '../../../src/core/dates.ts';
import { toMinor } from '../../../src/core/money.ts';
import {
  LedgerError,
  invoiceUpdateSchema,
  newInvoiceSchema,
  parseInput,
  type InvoiceUpdateInput,
  type NewInvoiceInput,
} from './ledger-inputs.ts';
import {
  OPEN_STATUSES,
  type HistoryEntry,
  type InvoiceRecord,
  type LineAmountTypes,
  type LineRecord,
} from './ledger-types.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { dueFromTerms } from './payment-terms.ts';
import { buildLine, documentTotals } from './tax.ts';

const STATUS_CHANGE: Record<'SUBMITTED' | 'AUTHORISED' | 'VOIDED' | 'DELETED', string> = {
  SUBMITTED: 'Submitted',
  AUTHORISED: 'Approved',
  VOIDED: 'Voided',
  DELETED: 'Deleted',
};
const SYSTEM = 'System Generated';

export interface LinesInput {
  lines?: {
    description: string;
    quantity: number;
    unitAmount: string | number;
    accountCode?: string;
    taxType?: string;
  }[];
  total?: string | number;
  lineAmountTypes?: LineAmountTypes;
}

/** Lines from explicit input, or one line for a tax-inclusive `total`, with the organisation's tax. */
export function buildLines(
  ledger: OrganisationLedger,
  v: LinesInput,
  currency: string,
  sales: boolean,
): { lines: LineRecord[]; lineAmountTypes: LineAmountTypes } {
  const { org } = ledger;
  const rate = org.salesTaxBasisPoints;
  const taxType = sales ? org.salesTaxType : org.purchasesTaxType;
  const accountCode = sales ? org.salesAccountCode : org.purchasesAccountCode;
  const minor = (value: string | number, field: string): number => {
    try {
      return toMinor(value, currency);
    } catch (e) {
      throw new LedgerError(field, (e as Error).message);
    }
  };
  if (v.total !== undefined) {
    const lineAmountTypes: LineAmountTypes = rate === 0 ? 'NoTax' : 'Inclusive';
    const unitAmount = minor(v.total, 'total');
    if (unitAmount <= 0) throw new LedgerError('total', 'must be more than zero');
    return {
      lines: [
        buildLine(
          { description: 'Services', quantity: 1, unitAmount, accountCode, taxType },
          lineAmountTypes,
          rate,
        ),
      ],
      lineAmountTypes,
    };
  }
  const lineAmountTypes = v.lineAmountTypes ?? (rate === 0 ? 'NoTax' : 'Exclusive');
  const lines = (v.lines ?? []).map((l, i) =>
    buildLine(
      {
        description: l.description,
        quantity: l.quantity,
        unitAmount: minor(l.unitAmount, `lines.${i}.unitAmount`),
        accountCode: l.accountCode ?? accountCode,
        taxType: l.taxType ?? taxType,
      },
      lineAmountTypes,
      rate,
    ),
  );
  if (documentTotals(lines, lineAmountTypes).total <= 0)
    throw new LedgerError('lines', 'the total must be more than zero');
  return { lines, lineAmountTypes };
}

export function addInvoice(ledger: OrganisationLedger, input: NewInvoiceInput): InvoiceRecord {
  const v = parseInput(newInvoiceSchema, input);
  const contact = ledger.contact(v.contactId);
  const id = (v.invoiceId ?? randomUUID()).toLowerCase();
  if (ledger.invoices.has(id)) throw new LedgerError('invoiceId', `invoice ${id} already exists`);
  const currency = v.currency ?? contact.defaultCurrency ?? ledger.org.baseCurrency;
  const date = v.date ? toEpochDay(v.date) : ledger.today();
  const built = buildLines(ledger, v, currency, v.type === 'ACCREC');
  const number = v.invoiceNumber ?? (v.type === 'ACCREC' ? ledger.takeInvoiceNumber() : '');
  if (v.type === 'ACCREC' && ledger.hasSalesNumber(number))
    throw new LedgerError('invoiceNumber', `Invoice # must be unique (${number} exists)`);
  let dueDate: number | null = null;
  if (v.dueDate) dueDate = toEpochDay(v.dueDate);
  else if (v.dueDate === undefined) dueDate = dueFromTerms(date, contact, ledger.org, v.type);
  const at = ledger.stamp();
  const inv: InvoiceRecord = {
    id,
    number,
    type: v.type,
    status: v.status,
    contactId: contact.id,
    date,
    dueDate,
    expectedPaymentDate: v.expectedPaymentDate ? toEpochDay(v.expectedPaymentDate) : null,
    currency,
    currencyRate: currency === ledger.org.baseCurrency ? 1 : (v.currencyRate ?? 1),
    reference: v.reference,
    lineAmountTypes: built.lineAmountTypes,
    lines: built.lines,
    ...documentTotals(built.lines, built.lineAmountTypes),
    amountPaid: 0,
    amountCredited: 0,
    paymentIds: [],
    allocationIds: [],
    sentToContact: v.sentToContact ?? v.status === 'AUTHORISED',
    fullyPaidOn: null,
    hasAttachments: false,
    updatedAt: at,
  };
  ledger.register(inv);
  if (v.type === 'ACCREC') contact.isCustomer = true;
  else contact.isSupplier = true;
  ledger.changed({ category: 'INVOICE', type: 'CREATE', resourceId: id }, at);
  return inv;
}

function assertTransition(inv: InvoiceRecord, to: string): void {
  const from = inv.status;
  const allowed =
    (to === 'SUBMITTED' && from === 'DRAFT') ||
    (to === 'AUTHORISED' && (from === 'DRAFT' || from === 'SUBMITTED')) ||
    (to === 'DELETED' && (from === 'DRAFT' || from === 'SUBMITTED')) ||
    (to === 'VOIDED' && from === 'AUTHORISED');
  if (!allowed)
    throw new LedgerError('Status', `Invoice not of valid status for modification (${from} to ${to})`);
  if (to === 'VOIDED' && (inv.amountPaid > 0 || inv.amountCredited > 0)) {
    throw new LedgerError(
      'Status',
      'This document cannot be voided as it has payments or credit notes allocated to it',
    );
  }
}

/** The changes Xero allows on an existing invoice through POST /Invoices/{id}. */
export function updateInvoice(
  ledger: OrganisationLedger,
  id: string,
  input: InvoiceUpdateInput,
): InvoiceRecord {
  const inv = ledger.invoice(id);
  const v = parseInput(invoiceUpdateSchema, input);
  const notModifiable = (field: string) =>
    new LedgerError(field, `Invoice not of valid status for modification (${inv.status})`);
  // Check everything before changing anything.
  if (v.status !== undefined && v.status !== inv.status) assertTransition(inv, v.status);
  const statusAfter = v.status ?? inv.status;
  if (!OPEN_STATUSES.has(statusAfter)) {
    if (v.expectedPaymentDate !== undefined) throw notModifiable('ExpectedPaymentDate');
    if (v.dueDate !== undefined) throw notModifiable('DueDate');
  }
  if (v.sentToContact && !['AUTHORISED', 'PAID'].includes(statusAfter))
    throw new LedgerError('SentToContact', 'can be set only on approved invoices');

  const entries: Omit<HistoryEntry, 'at'>[] = [];
  if (v.status !== undefined && v.status !== inv.status) {
    entries.push({
      changes: STATUS_CHANGE[v.status],
      details: `${inv.number || 'Bill'} changed from ${inv.status} to ${v.status}.`,
      user: SYSTEM,
    });
    inv.status = v.status;
  }
  const edits: string[] = [];
  if (v.expectedPaymentDate !== undefined) {
    inv.expectedPaymentDate = v.expectedPaymentDate === null ? null : toEpochDay(v.expectedPaymentDate);
    edits.push(
      v.expectedPaymentDate === null
        ? 'Expected payment date removed'
        : `Expected payment date set to ${v.expectedPaymentDate}`,
    );
  }
  if (v.dueDate !== undefined) {
    inv.dueDate = toEpochDay(v.dueDate);
    edits.push(`Due date changed to ${v.dueDate}`);
  }
  if (v.reference !== undefined) inv.reference = v.reference;
  if (v.sentToContact !== undefined) inv.sentToContact = v.sentToContact;
  if (edits.length > 0) entries.push({ changes: 'Edited', details: edits.join('; '), user: SYSTEM });
  inv.updatedAt = ledger.stamp();
  for (const entry of entries) ledger.recordHistory(inv.id, { ...entry, at: inv.updatedAt });
  ledger.changed({ category: 'INVOICE', type: 'UPDATE', resourceId: inv.id }, inv.updatedAt);
  return inv;
}
