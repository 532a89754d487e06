// What the QuickBooks connector is configured with: the app's credentials, every Intuit URL
// (overridable, so tests point them at the sandbox), and the knobs tests turn down (timeouts, backoff).
import type { Config } from '../../src/config.ts';
import type { RetryOptions } from '../sdk/retry.ts';

/**
 * The accounting scope (Relance reads the ledger and writes notes, nothing else) and Sign in with
 * Intuit's OpenID scopes, so that whoever connects or signs in is known to the panel.
 */
export const QUICKBOOKS_SCOPES = ['com.intuit.quickbooks.accounting', 'openid', 'email', 'profile'] as const;

/** The app's public paths, as registered in the Intuit developer portal (see manifests/quickbooks). */
export const QUICKBOOKS_PATHS = {
  connect: '/connect/quickbooks',
  callback: '/oauth/quickbooks/callback',
  launch: '/launch/quickbooks',
  disconnect: '/disconnect/quickbooks',
  reconnect: '/reconnect/quickbooks',
  signin: '/signin/quickbooks',
  webhook: '/webhooks/quickbooks',
} as const;

/** Entities the webhook subscription names; the same ones the sync reads. */
export const QUICKBOOKS_WEBHOOK_ENTITIES = ['Customer', 'Invoice', 'Payment', 'CreditMemo'] as const;

export const MINOR_VERSION = '75';

export interface QuickBooksSettings {
  clientId: string;
  clientSecret: string;
  webhookVerifierToken: string | null;
  /** Host root, e.g. https://quickbooks.api.intuit.com. */
  apiBase: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** OpenID userinfo: who signed in. */
  userinfoUrl: string;
  redirectUri: string;
  /** Per request; a hung upstream is a retryable timeout after this long. */
  timeoutMs: number;
  /** How long a realm gets no request after a 429 without Retry-After. */
  throttlePauseMs: number;
  retry: RetryOptions;
  /** Injected clock (ms since epoch): CDC age, note dates. */
  now: () => number;
}

export function quickbooksSettings(
  cfg: Config,
  overrides: Partial<QuickBooksSettings> = {},
): QuickBooksSettings {
  return {
    clientId: cfg.quickbooks.clientId ?? '',
    clientSecret: cfg.quickbooks.clientSecret ?? '',
    webhookVerifierToken: cfg.quickbooks.webhookVerifierToken,
    apiBase: cfg.quickbooks.apiBase,
    authorizeUrl: cfg.quickbooks.authorizeUrl,
    tokenUrl: cfg.quickbooks.tokenUrl,
    revokeUrl: cfg.quickbooks.revokeUrl,
    userinfoUrl: cfg.quickbooks.userinfoUrl,
    redirectUri: `${cfg.publicUrl}${QUICKBOOKS_PATHS.callback}`,
    timeoutMs: 30_000,
    throttlePauseMs: 10_000,
    retry: { retries: 6, baseMs: 500, maxMs: 60_000 },
    now: Date.now,
    ...overrides,
  };
}
