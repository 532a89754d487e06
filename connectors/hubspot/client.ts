// Every HubSpot API call goes through here: a slot from the shared limiter (110 per 10 s per
// account), the connection's access token, @hubspot/api-client pointed at HUBSPOT_API_BASE, and the
// SDK's ApiException mapped to the typed connector errors. A 401 refreshes the token once; a 429
// pauses the account for its Retry-After (or the rest of the 10-second window) and is retried.
import { Client } from '@hubspot/api-client';
import { ConnectorError, errorFromStatus, parseRetryAfter } from '../sdk/errors.ts';
import type { ConnectionContext } from '../sdk/connector.ts';
import { limited } from '../sdk/rate-limiter.ts';
import { withRetry } from '../sdk/retry.ts';
import type { HubSpotSettings } from './settings.ts';

interface ApiExceptionLike {
  code: number;
  body: unknown;
  headers: Record<string, string | undefined>;
}

export function isApiException(err: unknown): err is ApiExceptionLike {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'number' &&
    'body' in err &&
    'headers' in err
  );
}

/** HubSpot's message from an error body, never the request (which may carry personal data). */
function bodyMessage(body: unknown): string {
  if (body && typeof body === 'object') {
    const b = body as { message?: unknown; category?: unknown; status?: unknown };
    const what = [b.category ?? b.status, b.message].filter((x) => typeof x === 'string').join(': ');
    if (what) return what.slice(0, 300);
  }
  return typeof body === 'string' ? body.slice(0, 300) : 'no details';
}

export function toConnectorError(err: unknown, what: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (isApiException(err)) {
    const h = err.headers ?? {};
    let retryAfter = h['retry-after'] ?? null;
    if (err.code === 429 && !retryAfter) {
      // No Retry-After: wait out the rolling window HubSpot names.
      const interval = Number(h['x-hubspot-ratelimit-interval-milliseconds'] ?? 10_000);
      retryAfter = String(Math.ceil((Number.isFinite(interval) ? interval : 10_000) / 1000));
    }
    return errorFromStatus(err.code, `HubSpot ${what}: ${err.code} ${bodyMessage(err.body)}`, retryAfter);
  }
  return new ConnectorError('upstream_unavailable', `HubSpot ${what}: ${(err as Error)?.message ?? err}`, {
    cause: err,
  });
}

export function sdkClient(settings: Pick<HubSpotSettings, 'apiBase'>, accessToken?: string): Client {
  return new Client({
    ...(accessToken ? { accessToken } : {}),
    basePath: settings.apiBase,
    numberOfApiCallRetries: 0,
  });
}

/** One API call for a connection, limited, authenticated, retried, its errors typed. */
export async function hubspotCall<T>(
  settings: Pick<HubSpotSettings, 'apiBase' | 'retry'>,
  ctx: ConnectionContext,
  what: string,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  const key = ctx.externalTenantId;
  return withRetry(async () => {
    let refreshed = false;
    for (;;) {
      const token = refreshed ? await ctx.tokens.forceRefresh() : await ctx.tokens.accessToken();
      try {
        return await limited(ctx.limiter, key, () => fn(sdkClient(settings, token)));
      } catch (err) {
        const e = toConnectorError(err, what);
        if (e.kind === 'auth_revoked' && e.details.status === 401 && !refreshed) {
          refreshed = true; // the token was refused before its time: refresh once and try again
          continue;
        }
        if (e.kind === 'rate_limited') await ctx.limiter.penalize(key, e.retryAfterMs ?? 10_000);
        throw e;
      }
    }
  }, settings.retry);
}

export { parseRetryAfter };
