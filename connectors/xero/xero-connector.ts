// The Xero connector: the Connector interface over xero-node, the configured hosts and the shared
// per-organisation limiter.
import type { Money } from '../../src/core/money.ts';
import type {
  Checkpoint,
  ConnectionContext,
  ConnectionGrant,
  Connector,
  FirmProfile,
  SyncBatch,
  TokenSet,
  WebhookTarget,
  WriteBack,
  WriteBackReceipt,
} from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import type { LimitSpec } from '../sdk/rate-limiter.ts';
import type { RetryOptions } from '../sdk/retry.ts';
import { toFirmProfile } from './map-organisation.ts';
import { readCheckpoint } from './xero-checkpoint.ts';
import { XeroClient } from './xero-client.ts';
import { XeroOAuth } from './xero-oauth.ts';
import { pullPages, type PullOptions } from './xero-pull.ts';
import { rereadTargets } from './xero-reread.ts';
import { describeIssue, organisationSchema } from './xero-schemas.ts';
import { XeroUsage } from './xero-usage.ts';
import { verifyXeroSignature, xeroWebhookTargets } from './xero-webhooks.ts';
import { refetchOpenBalances, writeBackToXero } from './xero-write-back.ts';

/** Xero's limits per organisation: 60 calls a minute, 5,000 a day, 5 at once. */
export const XERO_LIMITS: LimitSpec = {
  windows: [
    { windowMs: 60_000, max: 60 },
    { windowMs: 86_400_000, max: 5000 },
  ],
  concurrent: 5,
};

export interface XeroConnectorOptions {
  clientId: string;
  clientSecret: string;
  webhookKey: string | null;
  apiBase: string;
  authorizeUrl: string;
  tokenUrl: string;
  connectionsUrl: string;
  redirectUri: string;
  scopes: string[];
  /** Calls a day kept for pre-send checks and write-backs (default 20 % of 5,000). */
  reserveCalls?: number;
  pauseMs?: number;
  timeoutMs?: number;
  retry?: RetryOptions;
  knownLinks?: PullOptions['knownLinks'];
  now?: () => number;
}

export interface XeroConnector extends Connector {
  readonly client: XeroClient;
  /** The invoice's online (payment) link; null for drafts and invoices Xero will not show. */
  onlineInvoiceUrl(ctx: ConnectionContext, invoiceId: string): Promise<string | null>;
}

export function createXeroConnector(o: XeroConnectorOptions): XeroConnector {
  const usage = new XeroUsage(o.now);
  const client = new XeroClient({
    apiBase: o.apiBase,
    usage,
    timeoutMs: o.timeoutMs,
    retry: o.retry,
    now: o.now,
  });
  const oauth = new XeroOAuth({ ...o, httpTimeoutMs: o.timeoutMs, now: o.now });
  const pullOptions: PullOptions = {
    reserveCalls: o.reserveCalls ?? Math.floor((XERO_LIMITS.windows[1]?.max ?? 5000) * 0.2),
    pauseMs: o.pauseMs ?? 3_600_000,
    knownLinks: o.knownLinks,
    now: o.now,
  };
  return {
    platform: 'xero',
    client,
    authorizeUrl: (state) => oauth.authorizeUrl(state),
    exchangeCode: (callback): Promise<ConnectionGrant[]> => oauth.exchange(callback),
    refreshTokens: (tokens: TokenSet) => oauth.refresh(tokens),
    revoke: (tokens: TokenSet) => oauth.revoke(tokens),
    async firmProfile(ctx): Promise<FirmProfile> {
      const body = await client.call(ctx, 'read organisation', (api, t) => api.getOrganisations(t));
      const parsed = organisationSchema.safeParse(body?.organisations?.[0]);
      if (!parsed.success)
        throw new ConnectorError('invalid_payload', `Organisation.${describeIssue(parsed.error)}`);
      return toFirmProfile(parsed.data);
    },
    pull: (ctx, since: Checkpoint | null): AsyncIterable<SyncBatch> =>
      pullPages(client, ctx, readCheckpoint(since), pullOptions),
    reread: (ctx, targets: WebhookTarget[]) => rereadTargets(client, ctx, targets, o.knownLinks),
    verifyWebhook: (headers, rawBody) =>
      verifyXeroSignature(o.webhookKey ?? '', rawBody, headers['x-xero-signature']),
    webhookTargets: (body) => xeroWebhookTargets(body),
    writeBack: (ctx, action: WriteBack): Promise<WriteBackReceipt> => writeBackToXero(client, ctx, action),
    refetchOpenBalance: (ctx, ids): Promise<Map<string, Money>> => refetchOpenBalances(client, ctx, ids),
    async onlineInvoiceUrl(ctx, invoiceId) {
      try {
        const body = await client.call(ctx, 'read online invoice', (api, t) =>
          api.getOnlineInvoice(t, invoiceId),
        );
        const url = body?.onlineInvoices?.[0]?.onlineInvoiceUrl;
        return typeof url === 'string' && /^https:\/\//.test(url) ? url : null;
      } catch (err) {
        if (err instanceof ConnectorError && (err.kind === 'not_found' || err.kind === 'invalid_payload'))
          return null;
        throw err;
      }
    },
  };
}
