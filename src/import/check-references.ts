// Checks that need more than one row: every customer and invoice a row refers to exists, in this file
// or from an earlier import, and was not itself rejected; an allocation is in the invoice's currency
// and to the same customer's invoice; and the allocations in this file do not exceed an invoice's total.
// Order matters: customers, then invoices, then payments and credit notes.
import type { AllocationInput, CreditNoteInput, PaymentInput } from '../store/repos/ledger.ts';
import type { RowError } from './errors.ts';
import { formatAmount } from './fields.ts';
import { rowError, type ParsedLedger, type PerKind, type Row, type RowsByKind } from './parse-ledger.ts';
import { KIND_LABEL, type RecordKind } from './source.ts';

export interface KnownInvoice {
  currency: string;
  customerExternalId: string;
  total: number;
}

/** What the database already holds under the import connection, for the ids this file refers to. */
export interface KnownLedger {
  customers: Set<string>;
  invoices: Map<string, KnownInvoice>;
}

export interface CheckedLedger {
  rows: RowsByKind;
  rejected: PerKind<number>;
  errors: RowError[];
}

/** Customer and invoice ids referred to but not defined in the file: the database must say if it knows them. */
export function referencedIds(p: ParsedLedger): { customers: string[]; invoices: string[] } {
  const inFile = (kind: RecordKind) =>
    new Set([
      ...p.rows[kind].map((r) => (r.value as { externalId: string }).externalId),
      ...p.rejectedIds[kind].keys(),
    ]);
  const fileCustomers = inFile('customer');
  const fileInvoices = inFile('invoice');
  const customers = new Set<string>();
  const invoices = new Set<string>();
  for (const r of [...p.rows.invoice, ...p.rows.payment, ...p.rows.creditNote]) {
    const c = r.value.customerExternalId;
    if (c !== null && !fileCustomers.has(c)) customers.add(c);
  }
  for (const r of [...p.rows.payment, ...p.rows.creditNote]) {
    for (const a of r.value.allocations)
      if (!fileInvoices.has(a.invoiceExternalId)) invoices.add(a.invoiceExternalId);
  }
  return { customers: [...customers], invoices: [...invoices] };
}

export function checkReferences(p: ParsedLedger, known: KnownLedger): CheckedLedger {
  const errors: RowError[] = [];
  const rejected = { ...p.rejected };
  const fail = (kind: RecordKind, row: Row<unknown>, problems: { path: PropertyKey[]; reason: string }[]) => {
    for (const problem of problems) errors.push(rowError(p.file, row.locate(problem.path), problem.reason));
    rejected[kind]++;
  };

  const customers = new Set(p.rows.customer.map((r) => r.value.externalId));
  const customerProblem = (id: string): string | null => {
    if (customers.has(id)) return null;
    const line = p.rejectedIds.customer.get(id);
    if (line !== undefined) return `customer "${id}" was rejected (line ${line})`;
    return known.customers.has(id) ? null : `unknown customer "${id}"`;
  };

  const invoiceRows = p.rows.invoice.filter((row) => {
    const problem = customerProblem(row.value.customerExternalId);
    if (problem) fail('invoice', row, [{ path: ['customerId'], reason: problem }]);
    return !problem;
  });
  const invoices = new Map<string, KnownInvoice>(
    invoiceRows.map((r) => [
      r.value.externalId,
      { currency: r.value.currency, customerExternalId: r.value.customerExternalId, total: r.value.total },
    ]),
  );
  const rejectedInvoices = new Map(p.rejectedIds.invoice);
  for (const row of p.rows.invoice)
    if (!invoices.has(row.value.externalId)) rejectedInvoices.set(row.value.externalId, row.line);

  // Allocated so far in this file, per invoice: payments first, then credit notes, in file order.
  const allocated = new Map<string, number>();
  const allocationProblems = (doc: PaymentInput | CreditNoteInput, kind: RecordKind) => {
    const problems: { path: PropertyKey[]; reason: string }[] = [];
    doc.allocations.forEach((a: AllocationInput, i) => {
      const id = a.invoiceExternalId;
      const path = ['allocations', i];
      const line = rejectedInvoices.get(id);
      const invoice = line === undefined ? (invoices.get(id) ?? known.invoices.get(id)) : undefined;
      if (line !== undefined) problems.push({ path, reason: `invoice "${id}" was rejected (line ${line})` });
      else if (!invoice) problems.push({ path, reason: `unknown invoice "${id}"` });
      else if (invoice.currency !== doc.currency) {
        problems.push({
          path,
          reason: `invoice "${id}" is in ${invoice.currency}, the ${KIND_LABEL[kind]} in ${doc.currency}`,
        });
      } else if (invoice.customerExternalId !== doc.customerExternalId) {
        problems.push({
          path,
          reason: `invoice "${id}" belongs to customer "${invoice.customerExternalId}", not "${doc.customerExternalId}"`,
        });
      } else {
        const after = (allocated.get(id) ?? 0) + a.amount;
        if (after > invoice.total) {
          problems.push({
            path,
            reason: `would bring the amount allocated to invoice "${id}" in this file to ${formatAmount(after, doc.currency)}, more than its total ${formatAmount(invoice.total, doc.currency)}`,
          });
        }
      }
    });
    return problems;
  };

  const checkDocuments = <K extends 'payment' | 'creditNote'>(kind: K) =>
    p.rows[kind].filter((row) => {
      const doc = row.value as PaymentInput | CreditNoteInput;
      const problems: { path: PropertyKey[]; reason: string }[] = [];
      const customerFault = doc.customerExternalId === null ? null : customerProblem(doc.customerExternalId);
      if (customerFault) problems.push({ path: ['customerId'], reason: customerFault });
      problems.push(...allocationProblems(doc, kind));
      if (problems.length > 0) {
        fail(kind, row, problems);
        return false;
      }
      for (const a of doc.allocations)
        allocated.set(a.invoiceExternalId, (allocated.get(a.invoiceExternalId) ?? 0) + a.amount);
      return true;
    });

  const payments = checkDocuments('payment');
  const creditNotes = checkDocuments('creditNote');
  return {
    rows: { customer: p.rows.customer, invoice: invoiceRows, payment: payments, creditNote: creditNotes },
    rejected,
    errors,
  };
}
