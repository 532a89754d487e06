// xero-node rejects with a JSON *string* ({"response":{"statusCode","body","headers"},"body"});
// this is the one place it is read and turned into the connector's typed errors.
import { ConnectorError, parseRetryAfter } from '../sdk/errors.ts';

export type RateLimitProblem = 'minute' | 'day' | 'appminute' | 'concurrent' | 'unknown';

/** A 429: which limit was hit, and how long until it frees. */
export class XeroRateLimitError extends ConnectorError {
  constructor(
    readonly problem: RateLimitProblem,
    retryAfterMs: number,
  ) {
    super('rate_limited', `Xero rate limit (${problem}): retry after ${Math.ceil(retryAfterMs / 1000)} s`, {
      status: 429,
      retryAfterMs,
    });
  }
}

interface Rejection {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

function readRejection(err: unknown): Rejection | null {
  const raw = typeof err === 'string' ? err : null;
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as {
      response?: { statusCode?: unknown; body?: unknown; headers?: unknown };
    };
    const r = parsed.response ?? {};
    const headers: Record<string, string> = {};
    if (r.headers && typeof r.headers === 'object') {
      for (const [k, v] of Object.entries(r.headers as Record<string, unknown>))
        headers[k.toLowerCase()] = String(v);
    }
    return { status: typeof r.statusCode === 'number' ? r.statusCode : 0, body: r.body, headers };
  } catch {
    return null;
  }
}

function describe(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 300);
  if (body && typeof body === 'object') {
    const b = body as {
      Detail?: unknown;
      Message?: unknown;
      Title?: unknown;
      Elements?: { ValidationErrors?: { Message?: unknown }[] }[];
    };
    const validation = b.Elements?.flatMap((e) => e.ValidationErrors ?? []).map((v) => String(v.Message));
    if (validation && validation.length > 0) return validation.join('; ').slice(0, 300);
    return String(b.Detail ?? b.Message ?? b.Title ?? JSON.stringify(body)).slice(0, 300);
  }
  return 'no detail';
}

const PROBLEMS = new Set(['minute', 'day', 'appminute', 'concurrent']);

/** Any failure of a xero-node call → a ConnectorError saying what to do. */
export function toConnectorError(err: unknown, what: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const r = readRejection(err);
  if (!r) {
    return new ConnectorError('upstream_unavailable', `${what}: ${(err as Error)?.message ?? String(err)}`, {
      cause: err,
    });
  }
  const message = `${what}: Xero answered ${r.status || 'nothing'} (${describe(r.body)})`;
  if (r.status === 0 || r.status >= 500 || r.status === 408) {
    return new ConnectorError('upstream_unavailable', message, {
      status: r.status,
      retryAfterMs: parseRetryAfter(r.headers['retry-after']),
    });
  }
  if (r.status === 429) {
    const problem = r.headers['x-rate-limit-problem']?.toLowerCase() ?? 'unknown';
    const retryAfterMs = parseRetryAfter(r.headers['retry-after']) ?? 60_000;
    return new XeroRateLimitError(
      (PROBLEMS.has(problem) ? problem : 'unknown') as RateLimitProblem,
      retryAfterMs,
    );
  }
  if (r.status === 401 || r.status === 403)
    return new ConnectorError('auth_revoked', message, { status: r.status });
  if (r.status === 404) return new ConnectorError('not_found', message, { status: r.status });
  return new ConnectorError('invalid_payload', message, { status: r.status });
}

/** A 401 that a fresh access token may cure (expired rather than revoked). */
export function isExpiredToken(err: ConnectorError): boolean {
  return (
    err.kind === 'auth_revoked' &&
    err.details.status === 401 &&
    !/AuthorizationUnsuccessful/i.test(err.message)
  );
}
