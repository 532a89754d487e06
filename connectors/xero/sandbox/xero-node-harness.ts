// Drives the sandbox the way the connector does: xero-node's XeroClient with an openid-client
// discovered from the sandbox's issuer (xero-node would discover identity.xero.com otherwise),
// accountingApi.basePath pointed at the sandbox, and the consent redirect followed by hand.
import { Issuer } from 'openid-client';
import { XeroClient } from 'xero-node';
import type { RunningXeroSandbox } from './sandbox.ts';

export const TEST_REDIRECT_URI = 'http://localhost:3000/oauth/xero/callback';
export const TEST_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  'accounting.invoices',
  'accounting.payments.read',
  'accounting.contacts.read',
  'accounting.settings.read',
];

export interface XeroNodeOptions {
  scopes?: string[];
  state?: string;
  redirectUri?: string;
}

/** A XeroClient wired to the sandbox, not yet connected. */
export async function xeroNodeClient(
  sandbox: RunningXeroSandbox,
  options: XeroNodeOptions = {},
): Promise<XeroClient> {
  const { clientId, clientSecret } = sandbox.state.identity.options;
  const redirectUri = options.redirectUri ?? TEST_REDIRECT_URI;
  const xero = new XeroClient({
    clientId,
    clientSecret,
    redirectUris: [redirectUri],
    scopes: options.scopes ?? TEST_SCOPES,
    state: options.state ?? 'relance-test-state',
  });
  const issuer = await Issuer.discover(sandbox.url);
  xero.openIdClient = new issuer.Client({
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
  });
  xero.accountingApi.basePath = sandbox.apiUrl;
  return xero;
}

/** Follows the consent URL (the sandbox auto-consents) and returns where it redirects. */
export async function consent(consentUrl: string, tenantIds?: string[]): Promise<string> {
  const url = new URL(consentUrl);
  if (tenantIds) url.searchParams.set('sandbox_tenants', tenantIds.join(','));
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
  return location;
}

/** Consent → callback → token set, as the connector's OAuth routes do it. */
export async function connectXeroNode(
  sandbox: RunningXeroSandbox,
  options: XeroNodeOptions & { tenantIds?: string[] } = {},
): Promise<XeroClient> {
  const xero = await xeroNodeClient(sandbox, options);
  await xero.apiCallback(await consent(await xero.buildConsentUrl(), options.tenantIds));
  return xero;
}

/** The status, body and headers of a xero-node call that must fail (it rejects with a JSON string). */
export async function xeroNodeRejection(
  call: Promise<unknown>,
): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    return xeroNodeError(error);
  }
  throw new Error('expected the xero-node call to be rejected');
}

/** xero-node rejects with a JSON string; this reads its status and body. */
export function xeroNodeError(error: unknown): {
  status: number;
  body: unknown;
  headers: Record<string, string>;
} {
  const parsed = JSON.parse(
    typeof error === 'string' ? error : String((error as Error).message ?? error),
  ) as { response?: { statusCode?: number; body?: unknown; headers?: Record<string, string> } };
  return {
    status: parsed.response?.statusCode ?? 0,
    body: parsed.response?.body,
    headers: parsed.response?.headers ?? {},
  };
}

/** An access token over plain HTTP (authorize → code → token), for tests that do not need xero-node. */
export async function plainAccessToken(
  sandbox: RunningXeroSandbox,
  scopes: string[] = TEST_SCOPES,
): Promise<string> {
  const { clientId, clientSecret } = sandbox.state.identity.options;
  const authorize = new URL(`${sandbox.url}/identity/connect/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: TEST_REDIRECT_URI,
    scope: scopes.join(' '),
    state: 'plain',
  }).toString();
  const code = new URL(await consent(authorize.toString())).searchParams.get('code') as string;
  const res = await fetch(`${sandbox.url}/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: TEST_REDIRECT_URI,
      client_id: clientId,
      client_secret: clientSecret,
    }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`token exchange failed: ${JSON.stringify(body)}`);
  return body.access_token;
}
