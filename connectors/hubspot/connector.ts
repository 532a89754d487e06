// HubSpot as a Connector: it installs, refreshes and revokes like the accounting platforms, and
// verifies HubSpot's signed requests; it holds no ledger, so the accounting reads are empty and its
// write-backs go through its own outbox (src/jobs/hubspot-write-back.ts), not the host's.
import type { Connector, SyncBatch } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import { authorizeUrl, exchangeCode, refreshTokens, revoke } from './oauth.ts';
import type { HubSpotSettings } from './settings.ts';
import { verifySignatureV3 } from './signature.ts';

const empty = (): SyncBatch => ({
  customers: [],
  invoices: [],
  payments: [],
  creditNotes: [],
  invalid: [],
  checkpoint: {},
});

export function createHubSpotConnector(s: HubSpotSettings): Connector {
  const header = (h: Record<string, string | string[] | undefined>, name: string) => {
    const v = h[name] ?? h[name.toLowerCase()];
    return Array.isArray(v) ? v[0] : v;
  };
  return {
    platform: 'hubspot',
    authorizeUrl: (state) => authorizeUrl(s, state),
    exchangeCode: (params) => exchangeCode(s, params),
    refreshTokens: (tokens) => refreshTokens(s, tokens),
    revoke: (tokens) => revoke(s, tokens),
    async firmProfile() {
      throw new ConnectorError('invalid_payload', 'HubSpot is linked to a firm; it does not define one');
    },
    // eslint-disable-next-line require-yield
    async *pull() {
      return;
    },
    async reread() {
      return empty();
    },
    /** Needs the full URI: callers pass it as the `x-relance-uri` pseudo-header with method and timestamp. */
    verifyWebhook(headers, rawBody) {
      return verifySignatureV3({
        secret: s.clientSecret,
        method: header(headers, 'x-relance-method') ?? 'POST',
        uri: header(headers, 'x-relance-uri') ?? '',
        body: rawBody.toString('utf8'),
        signature: header(headers, 'x-hubspot-signature-v3'),
        timestamp: header(headers, 'x-hubspot-request-timestamp'),
        now: s.now(),
      }).ok;
    },
    webhookTargets: () => [],
    async writeBack() {
      throw new ConnectorError('invalid_payload', 'HubSpot write-backs go through the HubSpot outbox');
    },
    async refetchOpenBalance() {
      return new Map();
    },
  };
}
