// /__sandbox: the sandbox's own controls for tests and demos running in another process —
// change the books (contacts, invoices, payments, credit notes, voids, deletions), inject
// faults, move a manual clock, choose which organisations a consent connects, expire tokens,
// and drive webhooks (URL, intent to receive, flush). Bodies are checked by the same zod
// schemas as the programmatic API; a bad one answers 400 naming the field.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { isManualClock } from './clock.ts';
import { LedgerError, parseInput } from './ledger-inputs.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { renderContact } from './render-contact.ts';
import { renderCreditNote, renderInvoice, renderPayment } from './render-documents.ts';
import type { XeroSandboxState } from './sandbox-state.ts';

const advanceBody = z.object({ seconds: z.number().min(0) });
const consentBody = z.object({ tenantIds: z.array(z.string()).min(1).nullable() });
const webhookBody = z.object({ url: z.url().nullable() });

export function adminRoutes(state: XeroSandboxState): Router {
  const r = Router();
  r.use(express.json({ limit: '2mb' }));
  const org = (req: Request): OrganisationLedger => state.ledger.org(String(req.params.tenantId));
  const id = (req: Request, name: string): string => String(req.params[name]);

  r.get('/state', (_req, res) => {
    res.json({
      organisations: state.ledger.list().map((o) => ({
        tenantId: o.tenantId,
        name: o.org.name,
        countryCode: o.org.countryCode,
        baseCurrency: o.org.baseCurrency,
        contacts: o.contacts.size,
        invoices: o.invoices.size,
        payments: o.payments.size,
        creditNotes: o.creditNotes.size,
        usage: state.limits.usage(o.tenantId),
      })),
      connections: [...state.identity.connections.values()],
      webhooks: {
        url: state.webhooks.url,
        status: state.webhooks.status,
        pending: state.webhooks.pendingEvents().length,
        lastIntent: state.webhooks.lastIntent,
      },
      faults: state.faults.pending(),
      now: new Date(state.clock.now()).toISOString(),
    });
  });

  r.post('/organisations/:tenantId/contacts', (req, res) => {
    const o = org(req);
    res.status(201).json(renderContact(o, o.addContact(req.body), 'list'));
  });
  r.patch('/organisations/:tenantId/contacts/:contactId', (req, res) => {
    const o = org(req);
    res.json(renderContact(o, o.updateContact(id(req, 'contactId'), req.body), 'list'));
  });
  r.post('/organisations/:tenantId/invoices', (req, res) => {
    const o = org(req);
    res.status(201).json(renderInvoice(o, o.addInvoice(req.body), 'single'));
  });
  r.patch('/organisations/:tenantId/invoices/:invoiceId', (req, res) => {
    const o = org(req);
    res.json(renderInvoice(o, o.updateInvoice(id(req, 'invoiceId'), req.body), 'single'));
  });
  r.post('/organisations/:tenantId/invoices/:invoiceId/void', (req, res) => {
    const o = org(req);
    res.json(renderInvoice(o, o.voidInvoice(id(req, 'invoiceId')), 'single'));
  });
  r.post('/organisations/:tenantId/invoices/:invoiceId/delete', (req, res) => {
    const o = org(req);
    res.json(renderInvoice(o, o.deleteInvoice(id(req, 'invoiceId')), 'single'));
  });
  r.post('/organisations/:tenantId/payments', (req, res) => {
    const o = org(req);
    res.status(201).json(renderPayment(o, o.addPayment(req.body)));
  });
  r.post('/organisations/:tenantId/batch-payments', (req, res) => {
    const o = org(req);
    res.status(201).json(o.addBatchPayment(req.body).map((p) => renderPayment(o, p)));
  });
  r.delete('/organisations/:tenantId/payments/:paymentId', (req, res) => {
    const o = org(req);
    res.json(renderPayment(o, o.deletePayment(id(req, 'paymentId'))));
  });
  r.post('/organisations/:tenantId/credit-notes', (req, res) => {
    const o = org(req);
    res.status(201).json(renderCreditNote(o, o.addCreditNote(req.body), true));
  });
  r.post('/organisations/:tenantId/credit-notes/:creditNoteId/allocations', (req, res) => {
    const o = org(req);
    const allocation = o.allocateCreditNote(id(req, 'creditNoteId'), req.body);
    const note = o.creditNotes.get(allocation.creditNoteId);
    res.status(201).json(note ? renderCreditNote(o, note, true) : null);
  });
  r.get('/organisations/:tenantId/usage', (req, res) => {
    res.json(state.limits.usage(org(req).tenantId));
  });

  r.get('/faults', (_req, res) => void res.json(state.faults.pending()));
  r.post('/faults', (req, res) => void res.status(201).json(state.faults.inject(req.body)));
  r.delete('/faults', (_req, res) => {
    state.faults.clear();
    res.status(204).end();
  });

  r.post('/clock/advance', (req, res) => {
    const { seconds } = parseInput(advanceBody, req.body);
    if (!isManualClock(state.clock))
      return void res
        .status(409)
        .json({ error: 'the sandbox runs on the system clock; start it with a manual clock to move time' });
    state.clock.advance(seconds * 1000);
    res.json({ now: new Date(state.clock.now()).toISOString() });
  });
  r.post('/consent', (req, res) => {
    const { tenantIds } = parseInput(consentBody, req.body);
    for (const t of tenantIds ?? []) state.ledger.org(t);
    state.consentTenantIds = tenantIds?.map((t) => t.toLowerCase()) ?? null;
    res.json({ tenantIds: state.consentTenantIds });
  });
  r.post('/tokens/expire', (_req, res) => {
    state.identity.expireAccessTokens();
    res.status(204).end();
  });
  r.post('/limits/reset', (_req, res) => {
    state.limits.reset();
    res.status(204).end();
  });

  r.get('/webhooks', (_req, res) => {
    res.json({
      url: state.webhooks.url,
      status: state.webhooks.status,
      lastIntent: state.webhooks.lastIntent,
      pending: state.webhooks.pendingEvents(),
      deliveries: state.webhooks.deliveries,
    });
  });
  r.put('/webhooks', (req, res) => {
    const { url } = parseInput(webhookBody, req.body);
    state.webhooks.configure(url);
    res.json({ url: state.webhooks.url, status: state.webhooks.status });
  });
  r.post('/webhooks/intent-to-receive', async (_req, res) => {
    if (!state.webhooks.url) return void res.status(409).json({ error: 'no webhook URL configured' });
    res.json(await state.webhooks.intentToReceive());
  });
  r.post('/webhooks/flush', async (_req, res) => {
    res.json(await state.webhooks.flush());
  });

  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof LedgerError)
      return void res.status(400).json({ error: err.message, field: err.field });
    if ((err as { type?: string }).type === 'entity.parse.failed')
      return void res.status(400).json({ error: 'body: not valid JSON', field: 'body' });
    next(err);
  });
  return r;
}
