// What each queryable entity offers the query language: where its records live, how one renders,
// and which fields WHERE and ORDERBY may use (with the type that decides how literals compare).
// A field QuickBooks would not filter on is a QueryValidationError, as in the real API.
import type { Company } from './company.ts';
import { parseId } from './company.ts';
import { decimal, type QboJson } from './render-common.ts';
import {
  renderAttachable,
  renderCompanyInfo,
  renderCustomer,
  renderPreferences,
  renderTerm,
} from './render-company.ts';
import { renderCreditMemo, renderInvoice, renderPayment, type RenderOptions } from './render-transactions.ts';
import type {
  AttachableRecord,
  CreditMemoRecord,
  CustomerRecord,
  InvoiceRecord,
  PaymentRecord,
  QueryableEntity,
  TermRecord,
} from './records.ts';
import { QUERYABLE_ENTITIES } from './records.ts';

export type FieldType = 'id' | 'number' | 'string' | 'date' | 'datetime' | 'boolean';
export type FieldValue = string | number | boolean | null;

export interface FieldSpec<R> {
  name: string;
  type: FieldType;
  /** A list when the field repeats (an attachable's references): a condition holds if any value does. */
  get(record: R): FieldValue | FieldValue[];
}

export interface EntityTable<R> {
  name: QueryableEntity;
  records(company: Company): Iterable<R>;
  render(company: Company, record: R, options: RenderOptions): QboJson;
  fields: ReadonlyMap<string, FieldSpec<R>>;
  /** Turns an Id literal into the stored number (attachables print Ids in a range of their own). */
  parseId(text: string): number | null;
  /** QuickBooks leaves inactive customers out unless the query asks about Active. */
  activeOnlyByDefault?(record: R): boolean;
}

function table<R>(spec: Omit<EntityTable<R>, 'fields'> & { fields: FieldSpec<R>[] }): EntityTable<R> {
  return { ...spec, fields: new Map(spec.fields.map((f) => [f.name.toLowerCase(), f])) };
}

const meta = <R extends { createdMs: number; updatedMs: number }>(): FieldSpec<R>[] => [
  { name: 'MetaData.CreateTime', type: 'datetime', get: (r) => r.createdMs },
  { name: 'MetaData.LastUpdatedTime', type: 'datetime', get: (r) => r.updatedMs },
];
const plainId = (text: string): number | null => parseId('Invoice', text);

const invoiceTable = table<InvoiceRecord>({
  name: 'Invoice',
  records: (c) => c.invoices.values(),
  render: renderInvoice,
  parseId: plainId,
  fields: [
    { name: 'Id', type: 'id', get: (r) => r.id },
    { name: 'DocNumber', type: 'string', get: (r) => r.docNumber },
    { name: 'TxnDate', type: 'date', get: (r) => r.txnDate },
    { name: 'DueDate', type: 'date', get: (r) => r.dueDate },
    { name: 'TotalAmt', type: 'number', get: (r) => decimal(r.totalMinor, r.currency) },
    { name: 'Balance', type: 'number', get: (r) => decimal(r.balanceMinor, r.currency) },
    { name: 'CustomerRef', type: 'id', get: (r) => r.customerId },
    { name: 'CurrencyRef', type: 'string', get: (r) => r.currency },
    { name: 'EmailStatus', type: 'string', get: (r) => r.emailStatus },
    { name: 'PrintStatus', type: 'string', get: (r) => r.printStatus },
    ...meta<InvoiceRecord>(),
  ],
});

const paymentTable = table<PaymentRecord>({
  name: 'Payment',
  records: (c) => c.payments.values(),
  render: renderPayment,
  parseId: plainId,
  fields: [
    { name: 'Id', type: 'id', get: (r) => r.id },
    { name: 'TxnDate', type: 'date', get: (r) => r.txnDate },
    { name: 'TotalAmt', type: 'number', get: (r) => decimal(r.totalMinor, r.currency) },
    { name: 'CustomerRef', type: 'id', get: (r) => r.customerId },
    { name: 'CurrencyRef', type: 'string', get: (r) => r.currency },
    { name: 'PaymentRefNum', type: 'string', get: (r) => r.reference },
    ...meta<PaymentRecord>(),
  ],
});

const creditMemoTable = table<CreditMemoRecord>({
  name: 'CreditMemo',
  records: (c) => c.creditMemos.values(),
  render: renderCreditMemo,
  parseId: plainId,
  fields: [
    { name: 'Id', type: 'id', get: (r) => r.id },
    { name: 'DocNumber', type: 'string', get: (r) => r.docNumber },
    { name: 'TxnDate', type: 'date', get: (r) => r.txnDate },
    { name: 'TotalAmt', type: 'number', get: (r) => decimal(r.totalMinor, r.currency) },
    { name: 'Balance', type: 'number', get: (r) => decimal(r.remainingMinor, r.currency) },
    { name: 'RemainingCredit', type: 'number', get: (r) => decimal(r.remainingMinor, r.currency) },
    { name: 'CustomerRef', type: 'id', get: (r) => r.customerId },
    ...meta<CreditMemoRecord>(),
  ],
});

const customerTable = table<CustomerRecord>({
  name: 'Customer',
  records: (c) => c.customers.values(),
  render: (_c, r) => renderCustomer(r),
  parseId: plainId,
  activeOnlyByDefault: (r) => r.active,
  fields: [
    { name: 'Id', type: 'id', get: (r) => r.id },
    { name: 'DisplayName', type: 'string', get: (r) => r.displayName },
    { name: 'FullyQualifiedName', type: 'string', get: (r) => r.displayName },
    { name: 'CompanyName', type: 'string', get: (r) => r.companyName },
    { name: 'GivenName', type: 'string', get: (r) => r.givenName },
    { name: 'FamilyName', type: 'string', get: (r) => r.familyName },
    { name: 'PrimaryEmailAddr', type: 'string', get: (r) => r.email },
    { name: 'Balance', type: 'number', get: (r) => decimal(r.balanceMinor, r.currency) },
    { name: 'Active', type: 'boolean', get: (r) => r.active },
    { name: 'CurrencyRef', type: 'string', get: (r) => r.currency },
    ...meta<CustomerRecord>(),
  ],
});

const attachableTable = table<AttachableRecord>({
  name: 'Attachable',
  records: (c) => c.attachables.values(),
  render: (_c, r) => renderAttachable(r),
  parseId: (text) => parseId('Attachable', text),
  fields: [
    { name: 'Id', type: 'id', get: (r) => r.id },
    { name: 'Note', type: 'string', get: (r) => r.note },
    { name: 'FileName', type: 'string', get: (r) => r.fileName },
    { name: 'AttachableRef.EntityRef.Type', type: 'string', get: (r) => r.refs.map((ref) => ref.type) },
    { name: 'AttachableRef.EntityRef.value', type: 'string', get: (r) => r.refs.map((ref) => ref.value) },
    ...meta<AttachableRecord>(),
  ],
});

const termTable = table<TermRecord>({
  name: 'Term',
  records: (c) => c.terms,
  render: renderTerm,
  parseId: plainId,
  fields: [
    { name: 'Id', type: 'id', get: (r) => r.id },
    { name: 'Name', type: 'string', get: (r) => r.name },
    { name: 'DueDays', type: 'number', get: (r) => r.dueDays },
    { name: 'Active', type: 'boolean', get: (r) => r.active },
  ],
});

type Singleton = { id: number };
const singleton = (
  name: 'CompanyInfo' | 'Preferences',
  render: (c: Company) => QboJson,
): EntityTable<Singleton> =>
  table<Singleton>({
    name,
    records: () => [{ id: 1 }],
    render: (c) => render(c),
    parseId: plainId,
    fields: [{ name: 'Id', type: 'id', get: (r) => r.id }],
  });

const TABLES: Record<QueryableEntity, EntityTable<unknown>> = {
  Invoice: invoiceTable as EntityTable<unknown>,
  Payment: paymentTable as EntityTable<unknown>,
  CreditMemo: creditMemoTable as EntityTable<unknown>,
  Customer: customerTable as EntityTable<unknown>,
  Attachable: attachableTable as EntityTable<unknown>,
  Term: termTable as EntityTable<unknown>,
  CompanyInfo: singleton('CompanyInfo', renderCompanyInfo) as EntityTable<unknown>,
  Preferences: singleton('Preferences', renderPreferences) as EntityTable<unknown>,
};

/** The table for an entity name as a query spells it (any case), or null. */
export function entityTable(name: string): EntityTable<unknown> | null {
  const canonical = QUERYABLE_ENTITIES.find((e) => e.toLowerCase() === name.toLowerCase());
  return canonical ? TABLES[canonical] : null;
}
