// POST /invoice?operation=update as QuickBooks handles it: the SyncToken must be the current one
// (else the 5010 Stale Object Error), a sparse update changes only the fields it carries, a full
// update also clears the editable fields it leaves out, read-only fields are ignored, and anything
// the double cannot change (lines, customer, currency) must match what is there.
import { z } from 'zod';
import { isLocalDate } from '../../../src/core/dates.ts';
import { toMinor } from '../../../src/core/money.ts';
import type { Company } from './company.ts';
import { qboFaults } from './faults.ts';
import type { InvoiceRecord } from './records.ts';

/** QuickBooks' limits on the editable text fields. */
export const LIMITS = { privateNote: 4000, customerMemo: 1000, customFieldValue: 31, docNumber: 21 } as const;

const date = z.string().refine(isLocalDate, 'must be a YYYY-MM-DD date');
const ref = z.object({ value: z.union([z.string(), z.number()]).transform(String) }).loose();

const editableSchema = z.object({
  PrivateNote: z.string().nullable().optional(),
  CustomerMemo: z.object({ value: z.string() }).loose().nullable().optional(),
  BillEmail: z.object({ Address: z.email() }).loose().nullable().optional(),
  DueDate: date.optional(),
  TxnDate: date.optional(),
  DocNumber: z.string().optional(),
  SalesTermRef: ref.nullable().optional(),
  EmailStatus: z.enum(['NotSet', 'NeedToSend', 'EmailSent']).optional(),
  PrintStatus: z.enum(['NotSet', 'NeedToPrint', 'PrintComplete']).optional(),
  AllowOnlineCreditCardPayment: z.boolean().optional(),
  AllowOnlineACHPayment: z.boolean().optional(),
  CustomField: z
    .array(
      z
        .object({
          DefinitionId: z.union([z.string(), z.number()]).transform(String),
          StringValue: z.string().nullable().optional(),
        })
        .loose(),
    )
    .optional(),
});

const envelopeSchema = z
  .object({
    Id: z.union([z.string(), z.number()]).transform(String),
    SyncToken: z.union([z.string(), z.number()]).transform(String),
    sparse: z.boolean().optional(),
  })
  .loose();

const EDITABLE = new Set(Object.keys(editableSchema.shape));
/** Read-only in QuickBooks: accepted and ignored, so a re-read invoice can be sent back as it is. */
const IGNORED = new Set(
  (
    'Id SyncToken sparse domain MetaData Balance TotalAmt HomeBalance HomeTotalAmt LinkedTxn TxnTaxDetail ' +
    'InvoiceLink DeliveryInfo ExchangeRate AllowIPNPayment AllowOnlinePayment ApplyTaxAfterDiscount BillAddr ' +
    'ShipAddr ShipFromAddr GlobalTaxCalculation time'
  ).split(' '),
);

function refValue(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = (value as { value?: unknown }).value;
  return v === undefined || v === null ? null : String(v);
}

/** Lines, customer and currency cannot be changed here: they must be absent or unchanged. */
function checkUnchangeable(invoice: InvoiceRecord, body: Record<string, unknown>): void {
  if ('CustomerRef' in body && refValue(body.CustomerRef) !== String(invoice.customerId)) {
    throw qboFaults.unsupportedProperty(
      'CustomerRef',
      'the sandbox cannot move an invoice to another customer',
    );
  }
  if ('CurrencyRef' in body && refValue(body.CurrencyRef) !== invoice.currency) {
    throw qboFaults.unsupportedProperty('CurrencyRef', "an invoice's currency cannot change");
  }
  if ('Line' in body) {
    const lines = Array.isArray(body.Line) ? (body.Line as Record<string, unknown>[]) : [];
    let total: number | null = 0;
    try {
      for (const line of lines) {
        if (line.DetailType !== 'SubTotalLineDetail')
          total += toMinor(line.Amount as string | number, invoice.currency);
      }
    } catch {
      total = null;
    }
    if (total !== invoice.totalMinor) {
      throw qboFaults.unsupportedProperty(
        'Line',
        'the sandbox cannot change invoice lines; send the lines unchanged or leave them out',
      );
    }
  }
}

function checkLength(field: string, value: string | null | undefined, max: number): void {
  if (value !== null && value !== undefined && value.length > max) throw qboFaults.stringLength(field, max);
}

export function updateInvoice(company: Company, rawBody: unknown): InvoiceRecord {
  const envelope = envelopeSchema.parse(rawBody);
  const body = rawBody as Record<string, unknown>;
  const id = Number(envelope.Id);
  const invoice = Number.isSafeInteger(id) ? company.invoices.get(id) : undefined;
  if (!invoice) throw qboFaults.objectNotFound('Invoice', envelope.Id);
  if (envelope.SyncToken !== String(invoice.syncToken)) throw qboFaults.staleObject();
  for (const key of Object.keys(body)) {
    if (!EDITABLE.has(key) && !IGNORED.has(key) && !['CustomerRef', 'CurrencyRef', 'Line'].includes(key)) {
      throw qboFaults.unsupportedProperty(key, 'not a property of Invoice the sandbox can update');
    }
  }
  checkUnchangeable(invoice, body);
  const edit = editableSchema.parse(body);
  const sparse = envelope.sparse === true;
  const pick = <K extends keyof typeof edit>(key: K): (typeof edit)[K] | null | undefined =>
    key in body ? edit[key] : sparse ? undefined : null;

  checkLength('PrivateNote', edit.PrivateNote, LIMITS.privateNote);
  checkLength('CustomerMemo', edit.CustomerMemo?.value, LIMITS.customerMemo);
  checkLength('DocNumber', edit.DocNumber, LIMITS.docNumber);
  for (const field of edit.CustomField ?? [])
    checkLength(`CustomField.StringValue`, field.StringValue, LIMITS.customFieldValue);
  const termId = pick('SalesTermRef');
  if (termId && company.term(Number(termId.value)) === null)
    throw qboFaults.invalidReference(`Term ${termId.value}`);

  const note = pick('PrivateNote');
  if (note !== undefined) invoice.privateNote = note;
  const memo = pick('CustomerMemo');
  if (memo !== undefined) invoice.customerMemo = memo?.value ?? null;
  const email = pick('BillEmail');
  if (email !== undefined) invoice.billEmail = email?.Address ?? null;
  if (edit.DueDate !== undefined) invoice.dueDate = edit.DueDate;
  if (edit.TxnDate !== undefined) invoice.txnDate = edit.TxnDate;
  if (edit.DocNumber !== undefined) invoice.docNumber = edit.DocNumber;
  if (termId !== undefined) invoice.termId = termId === null ? null : Number(termId.value);
  if (edit.EmailStatus !== undefined) invoice.emailStatus = edit.EmailStatus;
  if (edit.PrintStatus !== undefined) invoice.printStatus = edit.PrintStatus;
  const online = edit.AllowOnlineCreditCardPayment ?? edit.AllowOnlineACHPayment;
  if (online !== undefined) invoice.onlinePayment = online;
  const fields = pick('CustomField');
  if (fields !== undefined) {
    // Values for definitions the company has not set up are dropped without a word, as QuickBooks does.
    const values =
      sparse && invoice.customFields
        ? [...invoice.customFields]
        : company.profile.customFieldNames.map(() => null);
    for (const field of fields ?? []) {
      const index = Number(field.DefinitionId) - 1;
      if (index >= 0 && index < company.profile.customFieldNames.length)
        values[index] = field.StringValue ?? null;
    }
    invoice.customFields = values;
  }
  company.touch('Invoice', invoice);
  return invoice;
}

/** operation=void and operation=delete carry the Id and the current SyncToken. */
export function checkedInvoice(company: Company, rawBody: unknown): InvoiceRecord {
  const envelope = envelopeSchema.parse(rawBody);
  const invoice = company.invoices.get(Number(envelope.Id));
  if (!invoice) throw qboFaults.objectNotFound('Invoice', envelope.Id);
  if (envelope.SyncToken !== String(invoice.syncToken)) throw qboFaults.staleObject();
  return invoice;
}
