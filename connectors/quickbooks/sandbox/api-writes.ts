// Writing to a company through the API: invoices (create, sparse update, void, delete, send),
// payments and customers (create) and attachable notes. Each returns the entity as QuickBooks
// would; the routes and the batch endpoint share these.
import { toDecimalString, toMinor } from '../../../src/core/money.ts';
import { parseId, type Company } from './company.ts';
import { qboFaults } from './faults.ts';
import { addCustomer, addInvoice, deleteInvoice, voidInvoice } from './invoice-mutations.ts';
import { checkedInvoice, updateInvoice } from './invoice-update.ts';
import { recordPayment } from './payment-mutations.ts';
import type { AttachableRecord } from './records.ts';
import {
  attachableCreateSchema,
  customerCreateSchema,
  invoiceCreateSchema,
  paymentCreateSchema,
} from './api-write-schemas.ts';
import { renderAttachable, renderCustomer } from './render-company.ts';
import type { QboJson } from './render-common.ts';
import { renderInvoice, renderPayment } from './render-transactions.ts';

/** An attachable note is limited to 2000 characters. */
export const ATTACHABLE_NOTE_MAX = 2000;

export function invoiceOperation(company: Company, operation: string | null, body: unknown): QboJson {
  switch (operation) {
    case null:
    case 'create':
      return { Invoice: renderInvoice(company, createInvoice(company, body)) };
    case 'update':
      return { Invoice: renderInvoice(company, updateInvoice(company, body)) };
    case 'void':
      return { Invoice: renderInvoice(company, voidInvoice(company, checkedInvoice(company, body).id)) };
    case 'delete': {
      const invoice = checkedInvoice(company, body);
      deleteInvoice(company, invoice.id);
      return { Invoice: { domain: 'QBO', status: 'Deleted', Id: String(invoice.id) } };
    }
    default:
      throw qboFaults.unsupportedOperation(operation);
  }
}

function createInvoice(company: Company, raw: unknown) {
  const body = invoiceCreateSchema.parse(raw);
  const customer = company.customer(Number(body.CustomerRef.value));
  let totalMinor = 0;
  for (const line of body.Line)
    if (line.DetailType !== 'SubTotalLineDetail') totalMinor += toMinor(line.Amount, customer.currency);
  const online = body.AllowOnlineCreditCardPayment ?? body.AllowOnlineACHPayment;
  return addInvoice(company, {
    customerId: customer.id,
    amount: toDecimalString(totalMinor, customer.currency),
    txnDate: body.TxnDate,
    dueDate: body.DueDate,
    docNumber: body.DocNumber,
    billEmail: body.BillEmail?.Address,
    termId: body.SalesTermRef ? Number(body.SalesTermRef.value) : undefined,
    privateNote: body.PrivateNote ?? null,
    onlinePayment: online,
    emailStatus: body.EmailStatus,
    description: body.Line[0]?.Description,
  });
}

export function createPayment(company: Company, raw: unknown): QboJson {
  const body = paymentCreateSchema.parse(raw);
  const payment = recordPayment(company, {
    customerId: body.CustomerRef.value,
    amount: body.TotalAmt,
    txnDate: body.TxnDate,
    reference: body.PaymentRefNum ?? null,
    privateNote: body.PrivateNote ?? null,
    lines: (body.Line ?? []).map((line) => ({
      invoiceId: (line.LinkedTxn[0] as { TxnId: string }).TxnId,
      amount: line.Amount,
    })),
  });
  return { Payment: renderPayment(company, payment) };
}

export function createCustomer(company: Company, raw: unknown): QboJson {
  const body = customerCreateSchema.parse(raw);
  const customer = addCustomer(company, {
    displayName: body.DisplayName,
    companyName: body.CompanyName ?? null,
    givenName: body.GivenName ?? null,
    familyName: body.FamilyName ?? null,
    email: body.PrimaryEmailAddr?.Address ?? null,
    phone: body.PrimaryPhone?.FreeFormNumber ?? null,
    currency: body.CurrencyRef?.value,
    termId: body.SalesTermRef ? Number(body.SalesTermRef.value) : undefined,
  });
  return { Customer: renderCustomer(customer) };
}

const REFERABLE: Record<string, (company: Company, id: number) => boolean> = {
  invoice: (c, id) => c.invoices.has(id),
  payment: (c, id) => c.payments.has(id),
  creditmemo: (c, id) => c.creditMemos.has(id),
  customer: (c, id) => c.customers.has(id),
};

export function createAttachable(company: Company, raw: unknown): QboJson {
  const body = attachableCreateSchema.parse(raw);
  if (body.Note === undefined && body.FileName === undefined) throw qboFaults.requiredParameter('Note');
  if (body.Note !== undefined && body.Note.length > ATTACHABLE_NOTE_MAX)
    throw qboFaults.stringLength('Note', ATTACHABLE_NOTE_MAX);
  const refs = (body.AttachableRef ?? []).map((r) => {
    const exists = REFERABLE[r.EntityRef.type.toLowerCase()];
    const id = parseId('Invoice', r.EntityRef.value);
    if (!exists || id === null || !exists(company, id)) {
      throw qboFaults.invalidReference(`${r.EntityRef.type} ${r.EntityRef.value} does not exist`);
    }
    return { type: r.EntityRef.type, value: String(id), includeOnSend: r.IncludeOnSend ?? false };
  });
  const at = company.now();
  const attachable: AttachableRecord = {
    id: company.takeAttachableId(),
    syncToken: 0,
    createdMs: at,
    updatedMs: at,
    note: body.Note ?? null,
    fileName: body.FileName ?? null,
    refs,
  };
  company.attachables.set(attachable.id, attachable);
  company.announce('Attachable', attachable.id, 'Create', at);
  return { Attachable: renderAttachable(attachable) };
}
