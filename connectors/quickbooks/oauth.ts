// A small OAuth 2.0 client for Intuit's token endpoints (HTTP Basic client authentication): the
// authorize URL, code exchange, refresh (the rotated refresh token comes back to be persisted) and
// revocation. invalid_grant, or a refresh token past its hard expiry, means the firm must reconnect.
import { z } from 'zod';
import type { ConnectionGrant, PlatformUser, TokenSet } from '../sdk/connector.ts';
import { ConnectorError, errorFromStatus } from '../sdk/errors.ts';
import { QUICKBOOKS_SCOPES, type QuickBooksSettings } from './settings.ts';

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  x_refresh_token_expires_in: z.coerce.number().positive().optional(),
  x_refresh_token_hard_expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional(),
});

export const callbackQuery = z.object({
  code: z.string().min(1, 'code is required'),
  state: z.string().min(1, 'state is required'),
  realmId: z.string().regex(/^\d{1,30}$/, 'realmId must be digits'),
});

export function authorizeUrl(s: QuickBooksSettings, state: string): string {
  const url = new URL(s.authorizeUrl);
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', QUICKBOOKS_SCOPES.join(' '));
  url.searchParams.set('redirect_uri', s.redirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}

async function post(
  s: QuickBooksSettings,
  url: string,
  body: Record<string, string>,
  what: string,
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64')}`,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(body).toString(),
      signal: AbortSignal.timeout(s.timeoutMs),
    });
  } catch (err) {
    throw new ConnectorError('upstream_unavailable', `QuickBooks ${what}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (res.ok) return res;
  const text = await res.text();
  // invalid_grant: the code or refresh token was used, revoked or expired; no retry can fix it.
  if (res.status === 400 && /invalid_grant/.test(text)) {
    throw new ConnectorError('auth_revoked', `QuickBooks ${what}: invalid_grant, the firm must reconnect`, {
      status: 400,
    });
  }
  throw errorFromStatus(res.status, `QuickBooks ${what}: HTTP ${res.status}`, res.headers.get('retry-after'));
}

function toTokenSet(json: unknown, now: number, previous?: TokenSet): TokenSet {
  const parsed = tokenResponse.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConnectorError(
      'invalid_payload',
      `QuickBooks token response: ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  const t = parsed.data;
  const at = (s: number) => new Date(now + s * 1000).toISOString();
  // The hard expiry is fixed at first consent; a later response may leave it out.
  const hard =
    t.x_refresh_token_hard_expires_in !== undefined
      ? at(t.x_refresh_token_hard_expires_in)
      : (previous?.refreshExpiresAt ?? null);
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: at(t.expires_in),
    refreshExpiresAt: hard,
    scope: t.scope ?? previous?.scope ?? QUICKBOOKS_SCOPES.join(' '),
    extra: {
      refreshTokenExpiresAt:
        t.x_refresh_token_expires_in !== undefined ? at(t.x_refresh_token_expires_in) : null,
    },
  };
}

export async function exchangeCode(
  s: QuickBooksSettings,
  callback: URLSearchParams,
): Promise<ConnectionGrant[]> {
  const q = callbackQuery.safeParse(Object.fromEntries(callback));
  if (!q.success)
    throw new ConnectorError(
      'invalid_payload',
      q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  const res = await post(
    s,
    s.tokenUrl,
    { grant_type: 'authorization_code', code: q.data.code, redirect_uri: s.redirectUri },
    'code exchange',
  );
  const tokens = toTokenSet(await res.json(), s.now());
  const user = QUICKBOOKS_SCOPES.includes('openid') ? await fetchUserInfo(s, tokens.accessToken) : null;
  return [{ externalTenantId: q.data.realmId, tenantName: null, tokens, user }];
}

// Intuit's userinfo names (camelCase, unlike the OpenID standard's snake_case).
const userInfoResponse = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
});

/**
 * Sign in with Intuit: who consented, from the OpenID userinfo endpoint with the fresh access token.
 * Null when the grant has no OpenID scope or Intuit does not answer: the connection still stands,
 * only the panel cannot say who it is.
 */
export async function fetchUserInfo(
  s: QuickBooksSettings,
  accessToken: string,
): Promise<PlatformUser | null> {
  try {
    const res = await fetch(s.userinfoUrl, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(s.timeoutMs),
    });
    if (!res.ok) return null;
    const parsed = userInfoResponse.safeParse(await res.json());
    if (!parsed.success) return null;
    const u = parsed.data;
    const name = [u.givenName, u.familyName].filter((p) => p && p.trim() !== '').join(' ');
    return { id: u.sub, email: u.email ?? null, name: name === '' ? null : name };
  } catch {
    return null;
  }
}

export async function refreshTokens(s: QuickBooksSettings, tokens: TokenSet): Promise<TokenSet> {
  if (tokens.refreshExpiresAt && Date.parse(tokens.refreshExpiresAt) <= s.now()) {
    throw new ConnectorError(
      'auth_revoked',
      'QuickBooks refresh token is past its hard expiry: the firm must reconnect',
    );
  }
  const res = await post(
    s,
    s.tokenUrl,
    { grant_type: 'refresh_token', refresh_token: tokens.refreshToken },
    'token refresh',
  );
  return toTokenSet(await res.json(), s.now(), tokens);
}

export async function revoke(s: QuickBooksSettings, tokens: TokenSet): Promise<void> {
  try {
    await post(s, s.revokeUrl, { token: tokens.refreshToken }, 'revoke');
  } catch (err) {
    // Already revoked (e.g. the firm disconnected from QuickBooks): nothing left to undo.
    if (err instanceof ConnectorError && (err.kind === 'auth_revoked' || err.kind === 'invalid_payload'))
      return;
    throw err;
  }
}
