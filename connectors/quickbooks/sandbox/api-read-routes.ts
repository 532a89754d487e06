// Reading from a company: CompanyInfo, Preferences, the query endpoint (GET, or POST with the query
// as text), change data capture, and single entities by Id.
import express, { type Request, type Router } from 'express';
import { runCdc } from './cdc.ts';
import { parseId } from './company.ts';
import { malformEntity } from './fault-injector.ts';
import { qboFaults } from './faults.ts';
import { includes, queryText, routeParam } from './http-helpers.ts';
import { formatQboResponseTime } from './qbo-time.ts';
import { runQuery } from './query-executor.ts';
import type { ChangingEntity } from './records.ts';
import {
  renderAttachable,
  renderCompanyInfo,
  renderCustomer,
  renderPreferences,
  renderTerm,
} from './render-company.ts';
import type { QboJson } from './render-common.ts';
import { renderCreditMemo, renderInvoice, renderPayment } from './render-transactions.ts';
import type { SandboxState } from './sandbox-state.ts';

/** Swaps one entity of a page for a broken copy when a test asked for it. */
function maybeMalform(state: SandboxState, realmId: string, path: string, entities: unknown): void {
  if (!Array.isArray(entities) || entities.length === 0) return;
  if (!state.faults.takeEntityFault(realmId, path)) return;
  const at = Math.floor(entities.length / 2);
  entities[at] = malformEntity(entities[at] as Record<string, unknown>);
}

export function apiReadRoutes(state: SandboxState): Router {
  const router = express.Router({ mergeParams: true });
  const companyOf = (req: Request) => state.company(routeParam(req, 'realmId'));
  const time = (): string => formatQboResponseTime(state.clock.now().getTime());

  router.get('/companyinfo/:id', (req, res) => {
    const company = companyOf(req);
    const id = routeParam(req, 'id');
    if (id !== company.realmId && id !== '1') throw qboFaults.objectNotFound('CompanyInfo', id);
    res.json({ CompanyInfo: renderCompanyInfo(company), time: time() });
  });

  router.get('/preferences', (req, res) => {
    res.json({ Preferences: renderPreferences(companyOf(req)), time: time() });
  });

  const query = (req: Request, text: string | null): QboJson => {
    if (text === null)
      throw qboFaults.queryParser(
        'Encountered " <EOF>" at line 1, column 1. The query parameter is missing.',
      );
    const company = companyOf(req);
    const body = runQuery(company, text, { invoiceLink: includes(req, 'invoiceLink') });
    const page = body.QueryResponse as Record<string, unknown>;
    for (const value of Object.values(page)) maybeMalform(state, company.realmId, req.path, value);
    return body;
  };
  router.get('/query', (req, res) => {
    res.json(query(req, queryText(req, 'query')));
  });
  router.post('/query', express.text({ type: ['application/text', 'text/plain'] }), (req, res) => {
    res.json(query(req, typeof req.body === 'string' ? req.body : queryText(req, 'query')));
  });

  router.get('/cdc', (req, res) => {
    const company = companyOf(req);
    const body = runCdc(company, queryText(req, 'entities') ?? '', queryText(req, 'changedSince') ?? '');
    for (const block of (body.CDCResponse as { QueryResponse: Record<string, unknown>[] }[])[0]
      ?.QueryResponse ?? []) {
      for (const value of Object.values(block)) maybeMalform(state, company.realmId, req.path, value);
    }
    res.json(body);
  });

  const readers: Record<
    string,
    { entity: ChangingEntity | 'Term'; read: (req: Request, id: number) => QboJson }
  > = {
    invoice: {
      entity: 'Invoice',
      read: (req, id) =>
        renderInvoice(companyOf(req), companyOf(req).invoice(id), {
          invoiceLink: includes(req, 'invoiceLink'),
        }),
    },
    payment: {
      entity: 'Payment',
      read: (req, id) => renderPayment(companyOf(req), companyOf(req).payment(id)),
    },
    creditmemo: {
      entity: 'CreditMemo',
      read: (req, id) => renderCreditMemo(companyOf(req), companyOf(req).creditMemo(id)),
    },
    customer: { entity: 'Customer', read: (req, id) => renderCustomer(companyOf(req).customer(id)) },
    attachable: { entity: 'Attachable', read: (req, id) => renderAttachable(companyOf(req).attachable(id)) },
    term: {
      entity: 'Term',
      read: (req, id) => {
        const company = companyOf(req);
        const term = company.term(id);
        if (!term) throw qboFaults.objectNotFound('Term', String(id));
        return renderTerm(company, term);
      },
    },
  };
  for (const [path, reader] of Object.entries(readers)) {
    router.get(`/${path}/:id`, (req, res) => {
      const raw = routeParam(req, 'id');
      const id = parseId(reader.entity, raw);
      if (id === null) throw qboFaults.objectNotFound(reader.entity, raw);
      res.json({ [reader.entity]: reader.read(req, id), time: time() });
    });
  }
  return router;
}
