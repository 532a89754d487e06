// What stands in front of every Accounting API call, in Xero's order: the bearer token (401),
// the xero-tenant-id header against the token's connections (403), the token's scopes (401
// AuthorizationUnsuccessful), the rate limits (429 + headers), then any injected fault.
// Handlers answer through sendXero(), which adds the response envelope and applies body faults.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { sendProblem } from './api-errors.ts';
import type { Fault } from './faults.ts';
import { retryAfterOf, type FaultInjector } from './faults.ts';
import type { IdentityService } from './identity.ts';
import type { XeroLedgerStore } from './ledger-store.ts';
import type { XeroRateLimiter } from './limits.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { envelopeDateTime } from './xero-format.ts';

export interface GatewayDeps {
  identity: IdentityService;
  ledger: XeroLedgerStore;
  limits: XeroRateLimiter;
  faults: FaultInjector;
  providerName: string;
  now: () => number;
  /** Calls that hang are parked here so close() can end them. */
  hanging: Set<Response>;
}

/** Scopes that allow each resource, for reads and for writes (granular and broad). */
const SCOPES: Record<string, { read: string[]; write: string[] }> = {
  invoices: {
    read: [
      'accounting.transactions',
      'accounting.transactions.read',
      'accounting.invoices',
      'accounting.invoices.read',
    ],
    write: ['accounting.transactions', 'accounting.invoices'],
  },
  creditnotes: {
    read: [
      'accounting.transactions',
      'accounting.transactions.read',
      'accounting.invoices',
      'accounting.invoices.read',
    ],
    write: ['accounting.transactions', 'accounting.invoices'],
  },
  payments: {
    read: [
      'accounting.transactions',
      'accounting.transactions.read',
      'accounting.payments',
      'accounting.payments.read',
    ],
    write: ['accounting.transactions', 'accounting.payments'],
  },
  contacts: { read: ['accounting.contacts', 'accounting.contacts.read'], write: ['accounting.contacts'] },
  organisation: { read: ['accounting.settings', 'accounting.settings.read'], write: ['accounting.settings'] },
};

export function ledgerOf(res: Response): OrganisationLedger {
  return res.locals.ledger as OrganisationLedger;
}

export function gateway(deps: GatewayDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const access = deps.identity.checkAccessToken(req.headers.authorization);
    if (!access.ok) return sendProblem(res, 401, access.detail);
    const tenantId = String(req.headers['xero-tenant-id'] ?? '').toLowerCase();
    const ledger = tenantId ? deps.ledger.get(tenantId) : undefined;
    if (!ledger || !deps.identity.hasConnection(tenantId))
      return sendProblem(res, 403, 'AuthenticationUnsuccessful');
    const resource = req.path.split('/')[1]?.toLowerCase() ?? '';
    const allowed = SCOPES[resource]?.[req.method === 'GET' ? 'read' : 'write'];
    if (allowed && !allowed.some((s) => access.scopes.includes(s)))
      return sendProblem(res, 401, 'AuthorizationUnsuccessful');
    const decision = deps.limits.acquire(ledger.tenantId);
    res.set(decision.headers);
    if (!decision.ok) {
      res.set({
        'Retry-After': String(decision.retryAfterSeconds),
        'X-Rate-Limit-Problem': decision.problem,
      });
      res.status(429).type('text/plain').send('Rate limit exceeded');
      return;
    }
    res.on('close', decision.release);
    res.locals.ledger = ledger;
    const fault = deps.faults.take('api', req.method, req.path);
    if (fault && applyFault(fault, res, deps)) return;
    res.locals.fault = fault;
    next();
  };
}

/** Answers the call with the fault, or returns false when the fault shapes the body instead. */
function applyFault(fault: Fault, res: Response, deps: GatewayDeps): boolean {
  switch (fault.kind) {
    case 'status-500':
      res.status(500).json({
        ErrorNumber: 500,
        Type: 'UnknownErrorException',
        Message:
          'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
      });
      return true;
    case 'status-503':
      res.status(503).type('text/plain').send('The Xero API is temporarily unavailable');
      return true;
    case 'hang': {
      deps.hanging.add(res);
      res.on('close', () => deps.hanging.delete(res));
      if (fault.hangMs !== undefined) {
        const timer = setTimeout(() => {
          deps.hanging.delete(res);
          if (!res.headersSent) res.status(504).type('text/plain').send('Gateway Timeout');
        }, fault.hangMs);
        res.on('close', () => clearTimeout(timer));
      }
      return true;
    }
    case 'rate-limit-minute':
    case 'rate-limit-day':
    case 'rate-limit-appminute':
    case 'rate-limit-concurrent': {
      const problem = fault.kind.slice('rate-limit-'.length);
      const zero = {
        minute: 'X-MinLimit-Remaining',
        day: 'X-DayLimit-Remaining',
        appminute: 'X-AppMinLimit-Remaining',
      }[problem];
      if (zero) res.set(zero, '0');
      res.set({ 'Retry-After': String(retryAfterOf(fault)), 'X-Rate-Limit-Problem': problem });
      res.status(429).type('text/plain').send('Rate limit exceeded');
      return true;
    }
    default:
      return false;
  }
}

/** Sends a 200 with Xero's envelope ({Id, Status, ProviderName, DateTimeUTC, ...body}). */
export function sendXero(
  res: Response,
  deps: Pick<GatewayDeps, 'providerName' | 'now'>,
  body: Record<string, unknown>,
): void {
  const payload: Record<string, unknown> = {
    Id: randomUUID(),
    Status: 'OK',
    ProviderName: deps.providerName,
    DateTimeUTC: envelopeDateTime(deps.now()),
    ...body,
  };
  const fault = res.locals.fault as Fault | null | undefined;
  const invoices = payload.Invoices;
  if (fault?.kind === 'invalid-invoice' && Array.isArray(invoices) && invoices.length > 0) {
    const first = { ...(invoices[0] as Record<string, unknown>) };
    delete first.InvoiceID;
    first.Total = 'twelve hundred';
    first.CurrencyCode = '???';
    first.Status = 'UNKNOWN';
    payload.Invoices = [first, ...invoices.slice(1)];
  }
  const text = JSON.stringify(payload);
  res.status(200).type('application/json; charset=utf-8');
  // Cut short mid-document: the body is not valid JSON.
  res.send(fault?.kind === 'malformed-json' ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : text);
}
