// The write endpoints, and /batch (at most 30 items: queries, invoice updates, attachables).
// A write carrying `requestid` is answered from memory when the same id comes again, as
// QuickBooks does, so a retried request never creates a second note or payment.
import express, { type Request, type RequestHandler, type Router } from 'express';
import { ZodError } from 'zod';
import { createAttachable, createCustomer, createPayment, invoiceOperation } from './api-writes.ts';
import { batchSchema } from './api-write-schemas.ts';
import type { Company } from './company.ts';
import { isQboFault, QboFault, qboFaults } from './faults.ts';
import { faultFromZod, queryText, routeParam } from './http-helpers.ts';
import { sendInvoice } from './invoice-mutations.ts';
import { formatQboResponseTime } from './qbo-time.ts';
import { runQuery } from './query-executor.ts';
import type { QboJson } from './render-common.ts';
import { renderInvoice } from './render-transactions.ts';
import type { SandboxState } from './sandbox-state.ts';

export const BATCH_MAX_ITEMS = 30;

export function apiWriteRoutes(state: SandboxState): Router {
  const router = express.Router({ mergeParams: true });
  router.use(express.json({ limit: '2mb', type: ['application/json', 'application/*+json'] }));
  const time = (): string => formatQboResponseTime(state.clock.now().getTime());

  const write =
    (handle: (company: Company, req: Request) => QboJson): RequestHandler =>
    (req, res) => {
      const company = state.company(routeParam(req, 'realmId'));
      const requestId = queryText(req, 'requestid');
      const key = requestId === null ? null : `${company.realmId}:${requestId}`;
      const cached = key === null ? undefined : state.idempotentResponses.get(key);
      if (cached) {
        res.status(cached.status).json(cached.body);
        return;
      }
      const body = { ...handle(company, req), time: time() };
      if (key !== null) state.idempotentResponses.set(key, { status: 200, body });
      res.json(body);
    };

  router.post(
    '/invoice',
    write((company, req) => invoiceOperation(company, queryText(req, 'operation'), req.body)),
  );
  router.post(
    '/invoice/:id/send',
    write((company, req) => ({
      Invoice: renderInvoice(
        company,
        sendInvoice(company, routeParam(req, 'id'), queryText(req, 'sendTo') ?? undefined),
      ),
    })),
  );
  router.post(
    '/payment',
    write((company, req) => {
      if (queryText(req, 'operation') !== null)
        throw qboFaults.unsupportedOperation(`payment ${queryText(req, 'operation')}`);
      return createPayment(company, req.body);
    }),
  );
  router.post(
    '/customer',
    write((company, req) => {
      if (queryText(req, 'operation') !== null)
        throw qboFaults.unsupportedOperation(`customer ${queryText(req, 'operation')}`);
      return createCustomer(company, req.body);
    }),
  );
  router.post(
    '/attachable',
    write((company, req) => {
      if (queryText(req, 'operation') !== null)
        throw qboFaults.unsupportedOperation(`attachable ${queryText(req, 'operation')}`);
      return createAttachable(company, req.body);
    }),
  );

  router.post('/batch', (req, res) => {
    const company = state.company(routeParam(req, 'realmId'));
    const { BatchItemRequest: items } = batchSchema.parse(req.body);
    if (items.length > BATCH_MAX_ITEMS) {
      throw new QboFault(
        400,
        'ValidationFault',
        '4000',
        'Batch size exceeded',
        `A batch holds at most ${BATCH_MAX_ITEMS} items; this one has ${items.length}.`,
      );
    }
    const now = state.clock.now().getTime();
    const responses = items.map((item) => {
      try {
        if (item.Query !== undefined) {
          return { bId: item.bId, QueryResponse: runQuery(company, item.Query).QueryResponse };
        }
        if (item.Invoice !== undefined) {
          const op = item.operation === 'create' ? null : (item.operation ?? null);
          return { bId: item.bId, ...invoiceOperation(company, op, item.Invoice) };
        }
        if (item.Attachable !== undefined && (item.operation ?? 'create') === 'create') {
          return { bId: item.bId, ...createAttachable(company, item.Attachable) };
        }
        throw qboFaults.unsupportedOperation(`batch item ${item.bId}`);
      } catch (error) {
        const fault = isQboFault(error)
          ? error
          : error instanceof ZodError
            ? faultFromZod(error)
            : qboFaults.systemFailure();
        return { bId: item.bId, Fault: fault.body(now).Fault };
      }
    });
    res.json({ BatchItemResponse: responses, time: time() });
  });

  return router;
}
