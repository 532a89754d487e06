// The QuickBooks Online connector: the Connector interface over node-quickbooks (API) and a small
// OAuth client (token endpoints), with every call limited, retried and mapped to typed errors.
import type { Connector, ConnectionContext } from '../sdk/connector.ts';
import { qboCaller } from './client.ts';
import { quickbooksFirmProfile } from './firm-profile.ts';
import type { LedgerLookup } from './ledger-lookup.ts';
import { authorizeUrl, exchangeCode, refreshTokens, revoke } from './oauth.ts';
import { pullQuickBooks } from './pull.ts';
import { rereadQuickBooks } from './reread.ts';
import type { QuickBooksSettings } from './settings.ts';
import { quickbooksWebhookTargets, verifyIntuitSignature } from './webhook.ts';
import { refetchOpenBalances, writeBackQuickBooks } from './write-back.ts';

export interface QuickBooksConnectorDeps {
  settings: QuickBooksSettings;
  lookup: LedgerLookup;
  /** Counts API calls (bench, tests). */
  counter?: { calls: number };
}

export function createQuickBooksConnector({
  settings: s,
  lookup,
  counter,
}: QuickBooksConnectorDeps): Connector {
  const call = (ctx: ConnectionContext) => qboCaller(s, ctx, counter);
  return {
    platform: 'quickbooks',
    authorizeUrl: (state) => authorizeUrl(s, state),
    exchangeCode: (callback) => exchangeCode(s, callback),
    refreshTokens: (tokens) => refreshTokens(s, tokens),
    revoke: (tokens) => revoke(s, tokens),
    firmProfile: (ctx) => quickbooksFirmProfile(call(ctx), ctx.externalTenantId),
    pull: (ctx, since) => pullQuickBooks({ call: call(ctx), lookup, now: s.now }, ctx, since),
    reread: (ctx, targets) => rereadQuickBooks(call(ctx), lookup, ctx, targets),
    verifyWebhook: (headers, rawBody) => verifyIntuitSignature(s.webhookVerifierToken, headers, rawBody),
    webhookTargets: (body) => quickbooksWebhookTargets(body),
    writeBack: (ctx, action) => writeBackQuickBooks(call(ctx), action),
    refetchOpenBalance: (ctx, ids) => refetchOpenBalances(call(ctx), ids),
  };
}
