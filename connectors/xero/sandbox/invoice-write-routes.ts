// Writes and per-invoice reads the collections tool needs: POST /Invoices/{id} (ExpectedPaymentDate
// for a promise to pay, and the few other changes the sandbox models), GET/PUT /Invoices/{id}/History
// (notes of at most 250 characters) and GET /Invoices/{id}/OnlineInvoice (not for drafts or bills).
// Writes honour Idempotency-Key.
import { createHash, randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { fromEpochDay } from '../../../src/core/dates.ts';
import { sendNotFound, sendValidationException, validationElement } from './api-errors.ts';
import { ledgerOf, sendXero, type GatewayDeps } from './api-gateway.ts';
import { BadRequest, parseIdempotencyKey } from './api-queries.ts';
import { IdempotencyStore } from './idempotency.ts';
import { invoiceHistory } from './invoice-history.ts';
import { LedgerError, type InvoiceUpdateInput } from './ledger-inputs.ts';
import type { InvoiceRecord } from './ledger-types.ts';
import { findInvoice } from './read-routes.ts';
import { renderHistory } from './render-contact.ts';
import { renderInvoice } from './render-documents.ts';
import { envelopeDateTime, msDateTime, parseXeroDateInput, utcLocalString } from './xero-format.ts';

export interface WriteDeps extends GatewayDeps {
  idempotency: IdempotencyStore;
  onlineInvoiceBaseUrl: string;
}

const MAX_NOTE = 250;
const updateBody = z.object({
  Invoices: z.array(z.record(z.string(), z.unknown())).length(1, 'send exactly one invoice'),
});
const historyBody = z.object({
  HistoryRecords: z
    .array(z.object({ Details: z.string().optional() }).passthrough())
    .min(1, 'send at least one record'),
});
const UPDATABLE = new Set([
  'InvoiceID',
  'InvoiceNumber',
  'Type',
  'Contact',
  'ExpectedPaymentDate',
  'DueDate',
  'Reference',
  'SentToContact',
  'Status',
]);

type Outcome = { status: number; body: Record<string, unknown> };

function envelope(deps: WriteDeps, body: Record<string, unknown>): Record<string, unknown> {
  return {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: deps.providerName,
    DateTimeUTC: envelopeDateTime(deps.now()),
    ...body,
  };
}

/** Runs a write once per Idempotency-Key: a retry gets the first answer and changes nothing. */
function idempotent(req: Request, res: Response, deps: WriteDeps, run: () => Outcome): void {
  const key = parseIdempotencyKey(req);
  const tenantId = ledgerOf(res).tenantId;
  const fingerprint = IdempotencyStore.fingerprint(req.method, req.path, req.body);
  if (key) {
    const seen = deps.idempotency.lookup(tenantId, key, fingerprint);
    if (seen.kind === 'replay') {
      res.status(seen.status).type('application/json; charset=utf-8').send(seen.body);
      return;
    }
    if (seen.kind === 'conflict')
      throw new BadRequest('Idempotency-Key', 'was already used for a different request');
  }
  let outcome: Outcome;
  try {
    outcome = run();
  } catch (e) {
    if (!(e instanceof LedgerError || e instanceof BadRequest)) throw e;
    outcome = {
      status: 400,
      body: {
        ErrorNumber: 10,
        Type: 'ValidationException',
        Message: 'A validation exception occurred',
        Elements: [validationElement([e.message])],
      },
    };
  }
  const text = JSON.stringify(outcome.body);
  if (key) deps.idempotency.remember(tenantId, key, fingerprint, outcome.status, text);
  res.status(outcome.status).type('application/json; charset=utf-8').send(text);
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new BadRequest(issue?.path.map(String).join('.') || 'body', issue?.message ?? 'invalid');
}

/** Turns the POST body into the ledger's update, refusing changes the sandbox does not model. */
function toUpdate(inv: InvoiceRecord, fields: Record<string, unknown>): InvoiceUpdateInput {
  const update: InvoiceUpdateInput = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!UPDATABLE.has(name))
      throw new BadRequest(`Invoices.0.${name}`, 'changing this field is not supported by the sandbox');
  }
  const same = (name: string, current: string, given: unknown) => {
    if (given !== undefined && String(given).toLowerCase() !== current.toLowerCase())
      throw new BadRequest(`Invoices.0.${name}`, `does not match the invoice (${current})`);
  };
  same('InvoiceID', inv.id, fields.InvoiceID);
  same('InvoiceNumber', inv.number, fields.InvoiceNumber);
  same('Type', inv.type, fields.Type);
  same(
    'Contact.ContactID',
    inv.contactId,
    (fields.Contact as { ContactID?: unknown } | undefined)?.ContactID,
  );
  const date = (name: string, value: unknown): string => {
    const day = typeof value === 'string' ? parseXeroDateInput(value) : null;
    if (day === null) throw new BadRequest(`Invoices.0.${name}`, 'expected YYYY-MM-DD or /Date(ms)/');
    return fromEpochDay(day);
  };
  if (fields.ExpectedPaymentDate !== undefined)
    update.expectedPaymentDate =
      fields.ExpectedPaymentDate === null || fields.ExpectedPaymentDate === ''
        ? null
        : date('ExpectedPaymentDate', fields.ExpectedPaymentDate);
  if (fields.DueDate !== undefined) update.dueDate = date('DueDate', fields.DueDate);
  if (fields.Reference !== undefined) update.reference = String(fields.Reference);
  if (fields.SentToContact !== undefined) {
    if (typeof fields.SentToContact !== 'boolean')
      throw new BadRequest('Invoices.0.SentToContact', 'expected true or false');
    update.sentToContact = fields.SentToContact;
  }
  if (fields.Status !== undefined && fields.Status !== inv.status)
    update.status = fields.Status as InvoiceUpdateInput['status'];
  return update;
}

/** A stable, unguessable-looking online invoice token per organisation and invoice. */
function onlineToken(tenantId: string, invoiceId: string): string {
  return createHash('sha256').update(`${tenantId}:${invoiceId}`).digest('base64url').slice(0, 40);
}

export function invoiceWriteRoutes(deps: WriteDeps): Router {
  const r = Router();

  r.post('/Invoices/:id', (req, res) => {
    idempotent(req, res, deps, () => {
      const ledger = ledgerOf(res);
      const inv = findInvoice(ledger, String(req.params.id));
      if (!inv)
        throw new LedgerError(
          'InvoiceID',
          'The document with the supplied id was not found for this endpoint.',
        );
      const body = parseBody(updateBody, req.body);
      const updated = ledger.updateInvoice(
        inv.id,
        toUpdate(inv, body.Invoices[0] as Record<string, unknown>),
      );
      return { status: 200, body: envelope(deps, { Invoices: [renderInvoice(ledger, updated, 'single')] }) };
    });
  });

  r.get('/Invoices/:id/History', (req, res) => {
    const ledger = ledgerOf(res);
    const inv = findInvoice(ledger, String(req.params.id));
    if (!inv) return sendNotFound(res);
    sendXero(res, deps, { HistoryRecords: invoiceHistory(ledger, inv).map(renderHistory) });
  });

  const addHistory = (req: Request, res: Response) => {
    idempotent(req, res, deps, () => {
      const ledger = ledgerOf(res);
      const body = parseBody(historyBody, req.body);
      const inv = findInvoice(ledger, String(req.params.id));
      // Strictly after anything recorded before it, so history lists in the order things happened.
      const now = inv ? ledger.stamp() : deps.now();
      const problems = body.HistoryRecords.map((h) => {
        const details = h.Details ?? '';
        if (!inv) return 'The document with the supplied id was not found for this endpoint.';
        if (details.trim() === '') return 'The Details field is required.';
        if (details.length > MAX_NOTE)
          return `The Details field must be ${MAX_NOTE} characters or fewer (got ${details.length}).`;
        return null;
      });
      const record = (details: string, messages: string[]) => ({
        DateUTCString: utcLocalString(now),
        DateUTC: msDateTime(now),
        Details: details,
        ValidationErrors: messages.map((Message) => ({ Message })),
      });
      if (!inv || problems.some((p) => p !== null)) {
        return {
          status: 400,
          body: {
            ErrorNumber: 10,
            Type: 'ValidationException',
            Message: 'A validation exception occurred',
            Elements: body.HistoryRecords.map((h, i) =>
              record(h.Details ?? '', problems[i] ? [problems[i] as string] : []),
            ),
          },
        };
      }
      for (const h of body.HistoryRecords)
        ledger.recordHistory(inv.id, {
          at: now,
          changes: 'Note',
          details: h.Details as string,
          user: 'System Generated',
        });
      return {
        status: 200,
        body: envelope(deps, {
          HistoryRecords: body.HistoryRecords.map((h) => record(h.Details as string, [])),
        }),
      };
    });
  };
  r.put('/Invoices/:id/History', addHistory);
  r.post('/Invoices/:id/History', addHistory);

  r.get('/Invoices/:id/OnlineInvoice', (req, res) => {
    const ledger = ledgerOf(res);
    const inv = findInvoice(ledger, String(req.params.id));
    if (!inv) return sendNotFound(res);
    if (inv.type !== 'ACCREC' || !['AUTHORISED', 'PAID', 'VOIDED'].includes(inv.status)) {
      const why =
        inv.type !== 'ACCREC'
          ? 'Online invoices are only available for sales invoices (ACCREC)'
          : `An online invoice cannot be created for an invoice with status ${inv.status}`;
      return sendValidationException(res, [validationElement([why], { InvoiceID: inv.id })]);
    }
    sendXero(res, deps, {
      OnlineInvoices: [
        { OnlineInvoiceUrl: `${deps.onlineInvoiceBaseUrl}/${onlineToken(ledger.tenantId, inv.id)}` },
      ],
    });
  });

  return r;
}
