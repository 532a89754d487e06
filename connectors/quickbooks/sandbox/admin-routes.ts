// /__sandbox: the same operations tests use in-process, over HTTP for tests and demos in another
// process. Companies and ledgers, tokens without the browser, ledger mutations, fault plans,
// webhook deliveries and the request counters.
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import {
  creditApplicationSchema,
  customerEditSchema,
  faultPlanSchema,
  flushSchema,
  invoiceEditSchema,
  newCreditMemoSchema,
  newCustomerSchema,
  newInvoiceSchema,
  newPaymentSchema,
  sendSchema,
  webhookConfigSchema,
} from './admin-schemas.ts';
import { generateLedgerOptionsSchema } from './generate-ledger.ts';
import { routeParam } from './http-helpers.ts';
import { companySeedSchema } from './options.ts';
import type { SandboxState } from './sandbox-state.ts';

function counts(state: SandboxState, realmId: string) {
  const c = state.company(realmId);
  return {
    realmId,
    companyName: c.profile.companyName,
    currency: c.profile.currency,
    customers: c.customers.size,
    invoices: c.invoices.size,
    payments: c.payments.size,
    creditMemos: c.creditMemos.size,
    attachables: c.attachables.size,
  };
}

export function adminRoutes(state: SandboxState): Router {
  const router = express.Router();
  router.use(express.json({ limit: '1mb' }));
  const realm = (req: Request): string => state.company(routeParam(req, 'realmId')).realmId;
  const ledger = (req: Request) => state.ledger(realm(req));
  const idOf = (req: Request): string => routeParam(req, 'id');
  const body = (req: Request): unknown => req.body ?? {};

  router.get('/companies', (_req, res) => {
    res.json({ companies: [...state.companies.keys()].map((id) => counts(state, id)) });
  });
  router.post('/companies', (req, res) => {
    const company = state.addCompany(companySeedSchema.omit({ ledger: true }).parse(body(req)));
    res.status(201).json(counts(state, company.realmId));
  });
  router.post('/companies/:realmId/ledger', (req, res) => {
    const options = generateLedgerOptionsSchema.parse(body(req));
    state.loadLedger(realm(req), options);
    res.status(201).json(counts(state, realm(req)));
  });
  router.post('/companies/:realmId/tokens', (req, res) => {
    res.status(201).json({ realmId: realm(req), ...state.oauth.issueTokens(realm(req)) });
  });
  router.post('/companies/:realmId/expire-tokens', (req, res) => {
    res.json({ expired: state.oauth.expireAccessTokens(realm(req)) });
  });
  router.get('/companies/:realmId/stats', (req, res) => {
    res.json(state.stats(realm(req)));
  });
  router.post('/companies/:realmId/stats/reset', (req, res) => {
    state.limiter.resetStats(realm(req));
    res.json(state.stats(realm(req)));
  });

  router.post('/companies/:realmId/customers', (req, res) => {
    res.status(201).json({ Customer: ledger(req).addCustomer(newCustomerSchema.parse(body(req))) });
  });
  router.post('/companies/:realmId/customers/:id/edit', (req, res) => {
    res.json({ Customer: ledger(req).editCustomer(idOf(req), customerEditSchema.parse(body(req))) });
  });
  router.post('/companies/:realmId/customers/:id/deactivate', (req, res) => {
    res.json({ Customer: ledger(req).deactivateCustomer(idOf(req)) });
  });
  router.post('/companies/:realmId/invoices', (req, res) => {
    res.status(201).json({ Invoice: ledger(req).addInvoice(newInvoiceSchema.parse(body(req))) });
  });
  router.post('/companies/:realmId/invoices/:id/edit', (req, res) => {
    res.json({ Invoice: ledger(req).editInvoice(idOf(req), invoiceEditSchema.parse(body(req))) });
  });
  router.post('/companies/:realmId/invoices/:id/send', (req, res) => {
    res.json({ Invoice: ledger(req).sendInvoice(idOf(req), sendSchema.parse(body(req)).sendTo) });
  });
  router.post('/companies/:realmId/invoices/:id/void', (req, res) => {
    res.json({ Invoice: ledger(req).voidInvoice(idOf(req)) });
  });
  router.post('/companies/:realmId/invoices/:id/delete', (req, res) => {
    ledger(req).deleteInvoice(idOf(req));
    res.json({ deleted: { entity: 'Invoice', id: idOf(req) } });
  });
  router.post('/companies/:realmId/payments', (req, res) => {
    res.status(201).json({ Payment: ledger(req).recordPayment(newPaymentSchema.parse(body(req))) });
  });
  router.post('/companies/:realmId/payments/:id/delete', (req, res) => {
    ledger(req).deletePayment(idOf(req));
    res.json({ deleted: { entity: 'Payment', id: idOf(req) } });
  });
  router.post('/companies/:realmId/credit-memos', (req, res) => {
    res.status(201).json({ CreditMemo: ledger(req).addCreditMemo(newCreditMemoSchema.parse(body(req))) });
  });
  router.post('/companies/:realmId/credit-memos/:id/apply', (req, res) => {
    const application = creditApplicationSchema.parse(body(req));
    res
      .status(201)
      .json({ Payment: ledger(req).applyCreditMemo({ ...application, creditMemoId: idOf(req) }) });
  });
  router.post('/companies/:realmId/credit-memos/:id/delete', (req, res) => {
    ledger(req).deleteCreditMemo(idOf(req));
    res.json({ deleted: { entity: 'CreditMemo', id: idOf(req) } });
  });

  router.get('/faults', (_req, res) => {
    res.json({ faults: state.faults.pending() });
  });
  router.post('/faults', (req, res) => {
    state.faults.inject(faultPlanSchema.parse(body(req)));
    res.status(201).json({ faults: state.faults.pending() });
  });
  router.delete('/faults', (_req, res) => {
    state.faults.clear();
    res.json({ faults: [] });
  });
  router.post('/expire-tokens', (_req, res) => {
    res.json({ expired: state.oauth.expireAccessTokens() });
  });

  router.get('/webhooks', (_req, res) => {
    res.json({
      settings: state.webhooks.settings,
      pending: state.webhooks.pending,
      deliveries: state.webhooks.deliveries,
    });
  });
  router.post('/webhooks/config', (req, res) => {
    const change = webhookConfigSchema.parse(body(req));
    state.webhooks.configure(Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)));
    res.json({ settings: state.webhooks.settings });
  });
  router.post('/webhooks/flush', async (req, res) => {
    res.json({ deliveries: await state.webhooks.flush(flushSchema.parse(body(req))) });
  });
  router.post('/webhooks/:id/replay', async (req, res) => {
    const id = z.coerce.number().int().positive().parse(idOf(req));
    res.json({ delivery: await state.webhooks.replay(id) });
  });
  router.get('/events', (_req, res) => {
    res.json({ events: state.events });
  });
  return router;
}
