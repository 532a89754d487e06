// The one place that talks to node-quickbooks: it builds a client per call with a current access
// token, wraps the callback into a promise, goes through the realm's shared limiter and withRetry,
// maps every failure to a ConnectorError (sdk-errors.ts), refreshes once on a 401 and pauses the
// realm on a 429.
import { createRequire } from 'node:module';
import type { AxiosStatic, InternalAxiosRequestConfig } from 'axios';
import type { QuickBooks as QuickBooksClient } from 'node-quickbooks';
import type { ConnectionContext } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import { limited } from '../sdk/rate-limiter.ts';
import { withRetry } from '../sdk/retry.ts';
import { sdkError } from './sdk-errors.ts';
import { MINOR_VERSION, type QuickBooksSettings } from './settings.ts';

const require = createRequire(import.meta.url);
export const QuickBooks = require('node-quickbooks') as typeof QuickBooksClient;
// node-quickbooks calls its own copy of axios and offers no timeout or extra query parameters;
// one interceptor on that copy adds both, only for the API hosts this connector registered.
const sdkAxios = createRequire(require.resolve('node-quickbooks'))('axios') as AxiosStatic;
const endpoints = new Map<string, { timeoutMs: number }>();
const INVOICE_READ = /\/v3\/company\/[^/]+\/(query\?query=select \* from invoice\b|invoice\/[^/?]+$)/i;
sdkAxios.interceptors.request.use((config: InternalAxiosRequestConfig) => {
  const url = config.url ?? '';
  for (const [prefix, opts] of endpoints) {
    if (!url.startsWith(prefix)) continue;
    if (!config.timeout) config.timeout = opts.timeoutMs;
    // Online payment links come only with include=invoiceLink.
    if (INVOICE_READ.test(url.split('&')[0] ?? url))
      config.params = { ...config.params, include: 'invoiceLink' };
  }
  return config;
});

export type Callback = (err: unknown, data?: unknown) => void;
export type Invoke = (qbo: QuickBooksClient, cb: Callback) => void;

/** Calls the QuickBooks API for one realm, safely. */
export type QboCall = <T>(what: string, invoke: Invoke) => Promise<T>;

export function qboClient(
  settings: QuickBooksSettings,
  realmId: string,
  accessToken: string,
): QuickBooksClient {
  const endpoint = `${settings.apiBase}/v3/company/`;
  endpoints.set(endpoint, { timeoutMs: settings.timeoutMs });
  const qbo = new QuickBooks(
    settings.clientId,
    settings.clientSecret,
    accessToken,
    false,
    realmId,
    false,
    false,
    MINOR_VERSION,
    '2.0',
    '',
  );
  qbo.endpoint = endpoint;
  return qbo;
}

function once<T>(what: string, qbo: QuickBooksClient, invoke: Invoke): Promise<T> {
  return new Promise((resolve, reject) => {
    try {
      invoke(qbo, (err, data) => {
        if (err) return reject(sdkError(what, err));
        // A body cut off half-way reaches us as a string: the upstream failed, try again.
        if (typeof data !== 'object' || data === null) {
          return reject(
            new ConnectorError('upstream_unavailable', `QuickBooks ${what}: the response was not JSON`),
          );
        }
        resolve(data as T);
      });
    } catch (err) {
      reject(sdkError(what, err));
    }
  });
}

export function qboCaller(
  settings: QuickBooksSettings,
  ctx: ConnectionContext,
  counter?: { calls: number },
): QboCall {
  const realm = ctx.externalTenantId;
  return <T>(what: string, invoke: Invoke) =>
    withRetry(async () => {
      let refreshed = false;
      for (;;) {
        const token = refreshed ? await ctx.tokens.forceRefresh() : await ctx.tokens.accessToken();
        try {
          if (counter) counter.calls++;
          return await limited(ctx.limiter, realm, () =>
            once<T>(what, qboClient(settings, realm, token), invoke),
          );
        } catch (err) {
          const e = err as ConnectorError;
          // A refused access token: refresh once (the refresh itself says if the grant is gone).
          if (e.kind === 'auth_revoked' && e.details.status === 401 && !refreshed) {
            refreshed = true;
            continue;
          }
          if (e.kind === 'rate_limited')
            await ctx.limiter.penalize(realm, e.retryAfterMs ?? settings.throttlePauseMs);
          throw err;
        }
      }
    }, settings.retry);
}
