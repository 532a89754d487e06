// Typed connector errors: each says what the caller must do. One table maps them to an HTTP status
// and a retry policy, so every connector and every job treats them the same way.

export type ConnectorErrorKind =
  | 'rate_limited' // wait retryAfterMs (or back off), then retry
  | 'auth_revoked' // mark the connection needs_reconnect, ask the firm to reconnect, never retry
  | 'not_found' // the entity is gone: treat as deleted
  | 'conflict' // stale version (e.g. SyncToken): re-read and retry once
  | 'upstream_unavailable' // 5xx, timeout, network: retry with backoff
  | 'invalid_payload'; // malformed data from the platform: record, skip, report

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: {
      status?: number;
      retryAfterMs?: number;
      entity?: string;
      externalId?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message);
    this.name = 'ConnectorError';
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }
}

export interface ErrorPolicy {
  httpStatus: number;
  retry: 'after' | 'backoff' | 'once' | 'never';
}

export const ERROR_POLICY: Record<ConnectorErrorKind, ErrorPolicy> = {
  rate_limited: { httpStatus: 429, retry: 'after' },
  auth_revoked: { httpStatus: 401, retry: 'never' },
  not_found: { httpStatus: 404, retry: 'never' },
  conflict: { httpStatus: 409, retry: 'once' },
  upstream_unavailable: { httpStatus: 502, retry: 'backoff' },
  invalid_payload: { httpStatus: 422, retry: 'never' },
};

export function isRetryable(err: unknown): boolean {
  if (!(err instanceof ConnectorError)) return false;
  const r = ERROR_POLICY[err.kind].retry;
  return r === 'after' || r === 'backoff';
}

/** Maps an HTTP status (and Retry-After header, in seconds or an HTTP date) to a typed error. */
export function errorFromStatus(status: number, message: string, retryAfter?: string | null): ConnectorError {
  const retryAfterMs = parseRetryAfter(retryAfter);
  if (status === 429) return new ConnectorError('rate_limited', message, { status, retryAfterMs });
  if (status === 401 || status === 403) return new ConnectorError('auth_revoked', message, { status });
  if (status === 404) return new ConnectorError('not_found', message, { status });
  if (status === 409) return new ConnectorError('conflict', message, { status });
  if (status >= 500 || status === 408)
    return new ConnectorError('upstream_unavailable', message, { status, retryAfterMs });
  return new ConnectorError('invalid_payload', message, { status });
}

export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
