// The app manifest must match what the code serves and requests: every URL is an express route of
// the QuickBooks router with the right method, the scopes are the ones in the authorize URL, and
// every webhook entity is one the connector re-reads.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createQuickBooksConnector } from '../../connectors/quickbooks/connector.ts';
import { quickbooksSettings, QUICKBOOKS_SCOPES } from '../../connectors/quickbooks/settings.ts';
import { quickbooksRouter } from '../../src/http/routes/quickbooks/router.ts';
import { loadConfig } from '../../src/config.ts';
import type { Runtime } from '../../src/runtime.ts';
import type { LedgerLookup } from '../../connectors/quickbooks/ledger-lookup.ts';

const manifest = parse(
  fs.readFileSync(new URL('../../manifests/quickbooks/app.yaml', import.meta.url), 'utf8'),
) as {
  scopes: string[];
  urls: Record<string, string>;
  webhooks: { url: string; entities: string[] };
};
const cfg = loadConfig({
  PUBLIC_URL: 'https://relance.example.com',
  QUICKBOOKS_CLIENT_ID: 'id',
  QUICKBOOKS_CLIENT_SECRET: 's',
});
const connector = createQuickBooksConnector({
  settings: quickbooksSettings(cfg),
  lookup: {} as LedgerLookup,
});
const router = quickbooksRouter({ rt: { cfg } as Runtime, connector, stateKey: Buffer.alloc(32) });
const routes = (router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]).flatMap(
  (l) => (l.route ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route!.path}`) : []),
);

describe('QuickBooks manifest', () => {
  it('lists only URLs the router serves, with the method Intuit uses', () => {
    for (const path of Object.values(manifest.urls)) expect(routes).toContain(`GET ${path}`);
    expect(routes).toContain(`POST ${manifest.webhooks.url}`);
    expect(routes).toHaveLength(Object.keys(manifest.urls).length + 1);
  });

  it('registers the redirect URI the code sends and the scopes it requests', () => {
    const authorize = new URL(connector.authorizeUrl('s'));
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${cfg.publicUrl}${manifest.urls.redirect}`);
    expect(authorize.searchParams.get('scope')?.split(' ')).toEqual(manifest.scopes);
    expect(manifest.scopes).toEqual([...QUICKBOOKS_SCOPES]);
  });

  it('subscribes to exactly the entities a webhook can make the connector re-read', () => {
    const body = {
      eventNotifications: [
        {
          realmId: '1',
          dataChangeEvent: {
            entities: manifest.webhooks.entities.map((name, i) => ({
              name,
              id: String(i + 1),
              operation: 'Update',
            })),
          },
        },
      ],
    };
    expect(connector.webhookTargets(body)).toHaveLength(manifest.webhooks.entities.length);
  });
});
