// The Xero sandbox as an express 5 app: identity (login.xero.com / identity.xero.com), the
// connections API and the Accounting API (api.xero.com/api.xro/2.0) on one origin, plus the
// /__sandbox admin routes. createXeroSandbox() builds it; startXeroSandbox() listens on a port.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { adminRoutes } from './admin-routes.ts';
import { sendQueryParseException, sendValidationException, validationElement } from './api-errors.ts';
import { gateway } from './api-gateway.ts';
import { BadRequest } from './api-queries.ts';
import { identityRoutes } from './identity-routes.ts';
import { invoiceWriteRoutes, type WriteDeps } from './invoice-write-routes.ts';
import { LedgerError } from './ledger-inputs.ts';
import { readRoutes } from './read-routes.ts';
import { buildSandboxState, type XeroSandboxOptions, type XeroSandboxState } from './sandbox-state.ts';
import { QueryParseError } from './where-filter.ts';

export const API_BASE_PATH = '/api.xro/2.0';

export interface XeroSandbox {
  app: express.Express;
  state: XeroSandboxState;
  /** The origin the sandbox is reached at (issuer, resourceUrl in webhooks). */
  setPublicUrl(url: string): void;
  /** Ends calls parked by a "hang" fault and stops webhook timers. */
  shutdown(): void;
}

export interface RunningXeroSandbox extends XeroSandbox {
  url: string;
  /** `${url}/api.xro/2.0`: what accountingApi.basePath is set to. */
  apiUrl: string;
  close(): Promise<void>;
}

function apiErrors(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  if (err instanceof QueryParseError) return sendQueryParseException(res, err.message);
  if (err instanceof BadRequest || err instanceof LedgerError)
    return sendValidationException(res, [validationElement([err.message])]);
  if ((err as { type?: string }).type === 'entity.parse.failed')
    return sendValidationException(res, [validationElement(['body: not valid JSON'])]);
  next(err);
}

export function createXeroSandbox(options: XeroSandboxOptions = {}): XeroSandbox {
  const state = buildSandboxState(options);
  const hanging = new Set<Response>();
  const deps: WriteDeps = {
    identity: state.identity,
    ledger: state.ledger,
    limits: state.limits,
    faults: state.faults,
    providerName: state.providerName,
    now: () => state.clock.now(),
    hanging,
    idempotency: state.idempotency,
    onlineInvoiceBaseUrl: state.onlineInvoiceBaseUrl,
  };
  const app = express();
  app.set('etag', false); // Xero never answers 304; an ETag would let If-Modified-Since do so
  app.disable('x-powered-by');
  app.use(
    identityRoutes({
      identity: state.identity,
      ledger: state.ledger,
      faults: state.faults,
      consentTenantIds: () => state.consentTenantIds,
      publicUrl: () => state.publicUrl,
      hanging,
    }),
  );
  const api = Router();
  api.use(express.json({ limit: '5mb' }));
  api.use(gateway(deps));
  api.use(readRoutes(deps));
  api.use(invoiceWriteRoutes(deps));
  api.use(
    (_req, res) =>
      void res.status(404).type('text/plain').send("The resource you're looking for cannot be found"),
  );
  api.use(apiErrors);
  app.use(API_BASE_PATH, api);
  if (options.admin !== false) app.use('/__sandbox', adminRoutes(state));
  return {
    app,
    state,
    setPublicUrl(url: string) {
      state.publicUrl = url.replace(/\/$/, '');
      state.identity.issuer = state.publicUrl;
    },
    shutdown() {
      state.webhooks.close();
      for (const res of hanging) res.destroy();
      hanging.clear();
    },
  };
}

export async function startXeroSandbox(
  options: XeroSandboxOptions & { port?: number; host?: string } = {},
): Promise<RunningXeroSandbox> {
  const sandbox = createXeroSandbox(options);
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = sandbox.app.listen(options.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  sandbox.setPublicUrl(url);
  return {
    ...sandbox,
    url,
    apiUrl: `${url}${API_BASE_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        sandbox.shutdown();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
