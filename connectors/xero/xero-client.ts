// Every Accounting API call goes through here: a slot from the shared per-organisation limiter, a
// valid access token, xero-node's AccountingApi against the configured base, a timeout, the
// allowance headers read, 429s turned into a pause for the whole organisation, retries with backoff.
import { AccountingApi } from 'xero-node';
import type { ConnectionContext } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import { limited } from '../sdk/rate-limiter.ts';
import { withRetry, type RetryOptions } from '../sdk/retry.ts';
import { isExpiredToken, toConnectorError, XeroRateLimitError } from './xero-errors.ts';
import type { XeroUsage } from './xero-usage.ts';

export interface XeroClientOptions {
  apiBase: string;
  usage: XeroUsage;
  timeoutMs?: number;
  retry?: RetryOptions;
  now?: () => number;
}

interface XeroNodeResult<T> {
  response: { headers?: Record<string, unknown> };
  body: T;
}

/** A daily limit reached: not retried here (it frees tomorrow); the caller plans around it. */
class DayLimitReached extends Error {
  constructor(readonly error: XeroRateLimitError) {
    super(error.message);
  }
}

function msUntilNextUtcDay(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - now;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ConnectorError('upstream_unavailable', `${what}: no answer within ${ms} ms`)),
      ms,
    );
  });
  p.catch(() => undefined); // a late rejection after the timeout must not go unhandled
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export class XeroClient {
  constructor(private readonly opts: XeroClientOptions) {}

  get usage(): XeroUsage {
    return this.opts.usage;
  }

  /** Runs one xero-node call for the connection's organisation and returns its body. */
  async call<T>(
    ctx: ConnectionContext,
    what: string,
    fn: (api: AccountingApi, tenantId: string) => Promise<XeroNodeResult<T>>,
  ): Promise<T> {
    try {
      return await withRetry(() => this.once(ctx, what, fn), this.opts.retry);
    } catch (err) {
      throw err instanceof DayLimitReached ? err.error : err;
    }
  }

  private async once<T>(
    ctx: ConnectionContext,
    what: string,
    fn: (api: AccountingApi, tenantId: string) => Promise<XeroNodeResult<T>>,
  ): Promise<T> {
    const tenant = ctx.externalTenantId;
    const now = this.opts.now ?? Date.now;
    return limited(ctx.limiter, tenant, async () => {
      let refreshed = false;
      for (;;) {
        const api = new AccountingApi();
        api.basePath = this.opts.apiBase;
        api.accessToken = refreshed ? await ctx.tokens.forceRefresh() : await ctx.tokens.accessToken();
        try {
          const result = await withTimeout(fn(api, tenant), this.opts.timeoutMs ?? 30_000, what);
          const seen = this.opts.usage.observe(tenant, result.response?.headers);
          // Out of calls for the minute or the day: pause the organisation for every worker.
          if (seen?.dayRemaining === 0) await ctx.limiter.penalize(tenant, msUntilNextUtcDay(now()));
          else if (seen?.minuteRemaining === 0)
            await ctx.limiter.penalize(tenant, this.opts.usage.minuteFreesInMs(tenant));
          return result.body;
        } catch (raw) {
          const err = toConnectorError(raw, what);
          if (!refreshed && isExpiredToken(err)) {
            refreshed = true; // the token was refused before its time: refresh once and try again
            continue;
          }
          if (err instanceof XeroRateLimitError) {
            if (err.problem !== 'concurrent') await ctx.limiter.penalize(tenant, err.retryAfterMs ?? 60_000);
            if (err.problem === 'day') {
              this.opts.usage.observe(tenant, { 'x-daylimit-remaining': 0 });
              throw new DayLimitReached(err);
            }
          }
          throw err;
        }
      }
    });
  }
}
