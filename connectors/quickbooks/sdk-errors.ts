// Every way a node-quickbooks call can fail, mapped to one ConnectorError: an axios error with a
// status (and a Fault or gateway `fault` body), a Fault body on a 200, a network error or timeout,
// or a body that is not JSON at all (a response cut off half-way).
import { ConnectorError, errorFromStatus } from '../sdk/errors.ts';

interface FaultError {
  code?: string;
  Message?: string;
  Detail?: string;
  message?: string;
  detail?: string;
}

function faultOf(body: unknown): FaultError | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as { Fault?: { Error?: FaultError[] }; fault?: { error?: FaultError[] } };
  return b.Fault?.Error?.[0] ?? b.fault?.error?.[0] ?? null;
}

const describe = (f: FaultError | null, fallback: string) =>
  f
    ? `${f.code ?? '?'} ${f.Message ?? f.message ?? ''}${(f.Detail ?? f.detail) ? `: ${f.Detail ?? f.detail}` : ''}`.trim()
    : fallback;

/** Fault codes that say what to do whatever the HTTP status. */
function fromFaultCode(code: string | undefined, message: string, status?: number): ConnectorError | null {
  if (code === '5010') return new ConnectorError('conflict', message, { status });
  if (code === '003001' || code === '3001') return new ConnectorError('rate_limited', message, { status });
  if (code === '610') return new ConnectorError('not_found', message, { status });
  if (code === '3200' || code === '3100')
    return new ConnectorError('auth_revoked', message, { status: status ?? 401 });
  return null;
}

export function sdkError(what: string, raw: unknown): ConnectorError {
  if (raw instanceof ConnectorError) return raw;
  const e = raw as {
    response?: { status: number; data: unknown; headers?: Record<string, unknown> };
    code?: string;
    message?: string;
  };
  if (e?.response) {
    const fault = faultOf(e.response.data);
    const message = `QuickBooks ${what}: HTTP ${e.response.status} ${describe(fault, '')}`.trim();
    const byCode =
      e.response.status >= 400 && e.response.status < 500 && e.response.status !== 429
        ? fromFaultCode(fault?.code, message, e.response.status)
        : null;
    if (byCode) return byCode;
    const retryAfter = e.response.headers?.['retry-after'];
    return errorFromStatus(e.response.status, message, typeof retryAfter === 'string' ? retryAfter : null);
  }
  const fault = faultOf(raw);
  if (fault) {
    const message = `QuickBooks ${what}: ${describe(fault, 'fault')}`;
    return fromFaultCode(fault.code, message) ?? new ConnectorError('invalid_payload', message);
  }
  // No response: timeout, reset, refused. Worth retrying.
  return new ConnectorError(
    'upstream_unavailable',
    `QuickBooks ${what}: ${e?.code ?? ''} ${e?.message ?? String(raw)}`.trim(),
    { cause: raw },
  );
}
