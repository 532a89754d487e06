// The Xero module as `relance serve` wires it: the connector built from the configuration and the
// manifest, its routes and its jobs.
import { createHash } from 'node:crypto';
import type express from 'express';
import type { Runtime } from '../../src/runtime.ts';
import { xeroRouter } from '../../src/http/routes/xero/index.ts';
import type { Connector, TokenSet } from '../sdk/connector.ts';
import { loadXeroManifest } from './manifest.ts';
import {
  createXeroConnector,
  XERO_LIMITS,
  type XeroConnector,
  type XeroConnectorOptions,
} from './xero-connector.ts';
import { registerXeroJobs } from './xero-jobs.ts';
import { rotationOf } from './xero-oauth.ts';

export function xeroModule(
  rt: Runtime,
  overrides: Partial<XeroConnectorOptions> = {},
): { connector: Connector; router: express.Router; registerJobs(): void } {
  const cfg = rt.cfg.xero;
  const manifest = loadXeroManifest();
  const base: XeroConnector = createXeroConnector({
    clientId: cfg.clientId ?? '',
    clientSecret: cfg.clientSecret ?? '',
    webhookKey: cfg.webhookKey,
    apiBase: cfg.apiBase,
    authorizeUrl: cfg.authorizeUrl,
    tokenUrl: cfg.tokenUrl,
    connectionsUrl: cfg.connectionsUrl,
    redirectUri: `${rt.cfg.publicUrl}${manifest.redirectPath}`,
    scopes: manifest.scopes,
    async knownLinks(connectionId, ids) {
      const rows = await rt.db.query<{ external_id: string; payment_link: string }>(
        `SELECT external_id, payment_link FROM invoices WHERE connection_id = $1 AND external_id = ANY($2::text[]) AND payment_link IS NOT NULL`,
        [connectionId, ids],
      );
      return new Map(rows.map((r) => [r.external_id, r.payment_link]));
    },
    ...overrides,
  });
  // One consent's organisations share a rotating refresh token: after a refresh, pass it on.
  const connector: XeroConnector = {
    ...base,
    async refreshTokens(tokens: TokenSet) {
      const next = await base.refreshTokens(tokens);
      const grantId = next.extra?.grantId;
      const tenantIds = next.extra?.tenantIds;
      if (typeof grantId === 'string' && Array.isArray(tenantIds) && tenantIds.length > 1) {
        const rotation = rotationOf(next);
        await rt.queue.add(
          'xero.tokens',
          { grantId, tenantIds, rotation },
          { jobId: `xero-tokens:${grantId}:${rotation}` },
        );
      }
      return next;
    },
  };
  rt.connectors.set('xero', connector);
  const limiter = rt.limiter('xero', XERO_LIMITS);
  const stateSecret = createHash('sha256')
    .update(`relance-xero-state:${cfg.clientSecret ?? ''}:${rt.cfg.publicUrl}`)
    .digest('hex');
  const router = xeroRouter({
    rt,
    connector,
    stateSecret,
    webhookKey: cfg.webhookKey,
    paths: {
      connect: manifest.connectPath,
      callback: manifest.redirectPath,
      webhook: manifest.webhookPath,
      signin: manifest.signinPath,
      launch: manifest.launchPath,
    },
    now: overrides.now ?? Date.now,
  });
  return { connector, router, registerJobs: () => registerXeroJobs(rt, connector, limiter) };
}
