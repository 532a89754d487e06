// The HubSpot app as Relance registers it: its public paths (the redirect URL and the card's backend,
// listed in ui-extension/hubspot's app-hsmeta.json), the scopes it asks for (read from that same
// file, so the consent and the app config never disagree), and its limits.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LimitSpec } from '../sdk/rate-limiter.ts';
import type { Config } from '../../src/config.ts';

export const HUBSPOT_PATHS = {
  connect: '/connect/hubspot',
  callback: '/oauth/hubspot/callback',
  /** Prefix of every route the card calls through hubspot.fetch (a permitted fetch URL). */
  card: '/hubspot/card',
  links: '/api/v1/hubspot/links',
} as const;

export const PROJECT_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../ui-extension/hubspot',
);
export const APP_CONFIG_FILE = path.join(PROJECT_DIR, 'src/app/app-hsmeta.json');

export function appConfig(): {
  uid: string;
  config: { auth: { requiredScopes: string[]; redirectUrls: string[] }; permittedUrls: { fetch: string[] } };
} {
  return JSON.parse(fs.readFileSync(APP_CONFIG_FILE, 'utf8'));
}

/** The scopes the install requests: the app's required scopes. */
export const HUBSPOT_SCOPES: readonly string[] = appConfig().config.auth.requiredScopes;

/** HubSpot's burst limit for public apps: 110 requests per rolling 10 seconds per installed account. */
export const HUBSPOT_LIMITS: LimitSpec = {
  windows: [{ windowMs: 10_000, max: 110 }],
  concurrent: 10,
};

export interface HubSpotSettings {
  clientId: string;
  clientSecret: string;
  apiBase: string;
  authorizeUrl: string;
  tokenUrl: string;
  redirectUri: string;
  scopes: readonly string[];
  /** Refresh an access token this long before it expires (tokens last 30 minutes). */
  refreshSkewMs: number;
  retry: { retries: number; baseMs: number; maxMs: number };
  now: () => number;
}

export function hubspotSettings(cfg: Config, overrides: Partial<HubSpotSettings> = {}): HubSpotSettings {
  return {
    clientId: cfg.hubspot.clientId ?? '',
    clientSecret: cfg.hubspot.clientSecret ?? '',
    apiBase: cfg.hubspot.apiBase,
    authorizeUrl: cfg.hubspot.authorizeUrl,
    tokenUrl: cfg.hubspot.tokenUrl,
    redirectUri: `${cfg.publicUrl}${HUBSPOT_PATHS.callback}`,
    scopes: HUBSPOT_SCOPES,
    refreshSkewMs: 5 * 60_000,
    retry: { retries: 5, baseMs: 500, maxMs: 15_000 },
    now: Date.now,
    ...overrides,
  };
}
