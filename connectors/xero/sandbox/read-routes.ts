// GET endpoints of the Accounting API: Organisation, Invoices, Contacts, Payments, CreditNotes
// (lists with If-Modified-Since, where, order, page/pageSize and their own filters; single
// documents by id).
import { Router, type Request, type Response } from 'express';
import { sendNotFound } from './api-errors.ts';
import { ledgerOf, sendXero, type GatewayDeps } from './api-gateway.ts';
import { parseListQuery, parseModifiedSince, type ListQuery } from './api-queries.ts';
import type { ContactRecord, CreditNoteRecord, InvoiceRecord, PaymentRecord } from './ledger-types.ts';
import { contactFields, creditNoteFields, invoiceFields, paymentFields } from './list-fields.ts';
import { listRecords, type ListResult } from './list-query.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { renderContact, renderOrganisation } from './render-contact.ts';
import { renderCreditNote, renderInvoice, renderPayment, type InvoiceView } from './render-documents.ts';
import { mentionsField } from './where-filter.ts';

type Filter<T> = { key: string; test: (r: T) => boolean };

function paged<T>(result: ListResult<T>): Record<string, unknown> {
  return result.pagination ? { pagination: result.pagination } : {};
}

/** An invoice by GUID, or (as Xero allows) by invoice number. */
export function findInvoice(ledger: OrganisationLedger, idOrNumber: string): InvoiceRecord | undefined {
  const byId = ledger.invoices.get(idOrNumber.toLowerCase());
  if (byId) return byId;
  for (const inv of ledger.invoices.values())
    if (inv.type === 'ACCREC' && inv.number === idOrNumber) return inv;
  return undefined;
}

function invoiceFilters(q: ListQuery): Filter<InvoiceRecord>[] {
  const filters: Filter<InvoiceRecord>[] = [];
  if (q.statuses?.length) {
    const set = new Set<string>(q.statuses);
    filters.push({ key: `statuses:${[...set].sort().join(',')}`, test: (i) => set.has(i.status) });
  } else if (!(q.where && mentionsField(q.where, 'Status'))) {
    // Deleted invoices only come back when asked for by status.
    filters.push({ key: 'not-deleted', test: (i) => i.status !== 'DELETED' });
  }
  if (q.ids?.length) {
    const set = new Set(q.ids.map((s) => s.toLowerCase()));
    filters.push({ key: `ids:${[...set].sort().join(',')}`, test: (i) => set.has(i.id) });
  }
  if (q.invoicenumbers?.length) {
    const set = new Set(q.invoicenumbers);
    filters.push({ key: `numbers:${[...set].sort().join(',')}`, test: (i) => set.has(i.number) });
  }
  if (q.contactids?.length) {
    const set = new Set(q.contactids.map((s) => s.toLowerCase()));
    filters.push({ key: `contacts:${[...set].sort().join(',')}`, test: (i) => set.has(i.contactId) });
  }
  return filters;
}

export function readRoutes(deps: GatewayDeps): Router {
  const r = Router();

  r.get('/Organisation', (_req, res) => {
    sendXero(res, deps, { Organisations: [renderOrganisation(ledgerOf(res).org)] });
  });

  r.get('/Invoices', (req: Request, res: Response) => {
    const ledger = ledgerOf(res);
    const q = parseListQuery(req);
    const filters = invoiceFilters(q);
    if (q.searchterm) {
      const term = q.searchterm.toLowerCase();
      filters.push({
        key: `search:${term}`,
        test: (i) =>
          i.number.toLowerCase().includes(term) ||
          i.reference.toLowerCase().includes(term) ||
          (ledger.contacts.get(i.contactId)?.name.toLowerCase().includes(term) ?? false),
      });
    }
    const result = listRecords(ledger, {
      entity: 'Invoice',
      records: () => ledger.invoices.values(),
      fields: invoiceFields(ledger),
      where: q.where,
      order: q.order,
      modifiedSince: parseModifiedSince(req),
      filters,
      page: q.page,
      pageSize: q.pagesize,
    });
    const view: InvoiceView = q.summaryonly ? 'summary' : q.page !== undefined ? 'paged' : 'unpaged';
    sendXero(res, deps, {
      ...paged(result),
      Invoices: result.items.map((i) => renderInvoice(ledger, i, view)),
    });
  });

  r.get('/Invoices/:id', (req, res) => {
    const ledger = ledgerOf(res);
    const inv = findInvoice(ledger, String(req.params.id));
    if (!inv) return sendNotFound(res);
    sendXero(res, deps, { Invoices: [renderInvoice(ledger, inv, 'single')] });
  });

  r.get('/Contacts', (req, res) => {
    const ledger = ledgerOf(res);
    const q = parseListQuery(req);
    const filters: Filter<ContactRecord>[] = [];
    if (q.ids?.length) {
      const set = new Set(q.ids.map((s) => s.toLowerCase()));
      filters.push({ key: `ids:${[...set].sort().join(',')}`, test: (c) => set.has(c.id) });
    } else if (!q.includearchived) {
      filters.push({ key: 'active', test: (c) => c.status !== 'ARCHIVED' });
    }
    if (q.searchterm) {
      const term = q.searchterm.toLowerCase();
      filters.push({
        key: `search:${term}`,
        test: (c) =>
          [c.name, c.firstName, c.lastName, c.email, c.contactNumber].some((f) =>
            f.toLowerCase().includes(term),
          ),
      });
    }
    const result = listRecords<ContactRecord>(ledger, {
      entity: 'Contact',
      records: () => ledger.contacts.values(),
      fields: contactFields(),
      where: q.where,
      order: q.order,
      modifiedSince: parseModifiedSince(req),
      filters,
      page: q.page,
      pageSize: q.pagesize,
    });
    sendXero(res, deps, {
      ...paged(result),
      Contacts: result.items.map((c) => renderContact(ledger, c, q.summaryonly ? 'summary' : 'list')),
    });
  });

  r.get('/Contacts/:id', (req, res) => {
    const ledger = ledgerOf(res);
    const contact = ledger.contacts.get(String(req.params.id).toLowerCase());
    if (!contact) return sendNotFound(res);
    sendXero(res, deps, { Contacts: [renderContact(ledger, contact, 'list')] });
  });

  r.get('/Payments', (req, res) => {
    const ledger = ledgerOf(res);
    const q = parseListQuery(req);
    const result = listRecords<PaymentRecord>(ledger, {
      entity: 'Payment',
      records: () => ledger.payments.values(),
      fields: paymentFields(ledger),
      where: q.where,
      order: q.order,
      modifiedSince: parseModifiedSince(req),
      filters: [],
      page: q.page,
      pageSize: q.pagesize,
    });
    sendXero(res, deps, { ...paged(result), Payments: result.items.map((p) => renderPayment(ledger, p)) });
  });

  r.get('/Payments/:id', (req, res) => {
    const ledger = ledgerOf(res);
    const payment = ledger.payments.get(String(req.params.id).toLowerCase());
    if (!payment) return sendNotFound(res);
    sendXero(res, deps, { Payments: [renderPayment(ledger, payment)] });
  });

  r.get('/CreditNotes', (req, res) => {
    const ledger = ledgerOf(res);
    const q = parseListQuery(req);
    const result = listRecords<CreditNoteRecord>(ledger, {
      entity: 'CreditNote',
      records: () => ledger.creditNotes.values(),
      fields: creditNoteFields(ledger),
      where: q.where,
      order: q.order,
      modifiedSince: parseModifiedSince(req),
      filters: [],
      page: q.page,
      pageSize: q.pagesize,
    });
    sendXero(res, deps, {
      ...paged(result),
      CreditNotes: result.items.map((n) => renderCreditNote(ledger, n, q.page !== undefined)),
    });
  });

  r.get('/CreditNotes/:id', (req, res) => {
    const ledger = ledgerOf(res);
    const note = ledger.creditNotes.get(String(req.params.id).toLowerCase());
    if (!note) return sendNotFound(res);
    sendXero(res, deps, { CreditNotes: [renderCreditNote(ledger, note, true)] });
  });

  return r;
}
