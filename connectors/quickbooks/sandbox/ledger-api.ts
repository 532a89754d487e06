// The programmatic face of one company's ledger for tests, benchmarks and the admin routes:
// each mutation keeps balances, LinkedTxn, SyncToken and LastUpdatedTime right, feeds CDC and
// queues a webhook, and answers with the entity as the QuickBooks API would render it.
import type { Company } from './company.ts';
import * as invoices from './invoice-mutations.ts';
import type { CustomerEdit, IdInput, InvoiceEdit, NewCustomer, NewInvoice } from './invoice-mutations.ts';
import * as payments from './payment-mutations.ts';
import type { CreditApplication, NewCreditMemo, NewPayment } from './payment-mutations.ts';
import { renderCustomer } from './render-company.ts';
import type { QboJson } from './render-common.ts';
import { renderCreditMemo, renderInvoice, renderPayment } from './render-transactions.ts';

export interface LedgerApi {
  readonly realmId: string;
  readonly company: Company;
  addCustomer(input: NewCustomer): QboJson;
  editCustomer(id: IdInput, edit: CustomerEdit): QboJson;
  /** QuickBooks' "delete" of a customer: it becomes inactive. */
  deactivateCustomer(id: IdInput): QboJson;
  addInvoice(input: NewInvoice): QboJson;
  editInvoice(id: IdInput, edit: InvoiceEdit): QboJson;
  sendInvoice(id: IdInput, sendTo?: string): QboJson;
  voidInvoice(id: IdInput): QboJson;
  deleteInvoice(id: IdInput): void;
  recordPayment(input: NewPayment): QboJson;
  deletePayment(id: IdInput): void;
  addCreditMemo(input: NewCreditMemo): QboJson;
  /** Applies credit to an invoice; answers with the zero-amount payment that links both. */
  applyCreditMemo(input: CreditApplication): QboJson;
  deleteCreditMemo(id: IdInput): void;
  invoice(id: IdInput): QboJson;
  payment(id: IdInput): QboJson;
  creditMemo(id: IdInput): QboJson;
  customer(id: IdInput): QboJson;
}

export function ledgerApi(company: Company): LedgerApi {
  const inv = (id: number): QboJson => renderInvoice(company, company.invoice(id));
  return {
    realmId: company.realmId,
    company,
    addCustomer: (input) => renderCustomer(invoices.addCustomer(company, input)),
    editCustomer: (id, edit) => renderCustomer(invoices.editCustomer(company, id, edit)),
    deactivateCustomer: (id) => renderCustomer(invoices.deactivateCustomer(company, id)),
    addInvoice: (input) => inv(invoices.addInvoice(company, input).id),
    editInvoice: (id, edit) => inv(invoices.editInvoice(company, id, edit).id),
    sendInvoice: (id, sendTo) => inv(invoices.sendInvoice(company, id, sendTo).id),
    voidInvoice: (id) => inv(invoices.voidInvoice(company, id).id),
    deleteInvoice: (id) => invoices.deleteInvoice(company, id),
    recordPayment: (input) => renderPayment(company, payments.recordPayment(company, input)),
    deletePayment: (id) => payments.deletePayment(company, id),
    addCreditMemo: (input) => renderCreditMemo(company, payments.addCreditMemo(company, input)),
    applyCreditMemo: (input) => renderPayment(company, payments.applyCreditMemo(company, input)),
    deleteCreditMemo: (id) => payments.deleteCreditMemo(company, id),
    invoice: (id) => inv(invoices.toId('Invoice', id)),
    payment: (id) => renderPayment(company, company.payment(invoices.toId('Payment', id))),
    creditMemo: (id) => renderCreditMemo(company, company.creditMemo(invoices.toId('CreditMemo', id))),
    customer: (id) => renderCustomer(company.customer(invoices.toId('Customer', id))),
  };
}
