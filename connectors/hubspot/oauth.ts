// The HubSpot install: consent URL, code exchange at the v1 token endpoint (form-encoded, through the
// SDK's TokensApi), the account (portal) the token belongs to from the token-info endpoint, refresh
// (the refresh token is kept whatever HubSpot answers: a rotated one replaces the old) and revocation.
import type { ConnectionGrant, TokenSet } from '../sdk/connector.ts';
import { ConnectorError } from '../sdk/errors.ts';
import { isApiException, sdkClient, toConnectorError } from './client.ts';
import type { HubSpotSettings } from './settings.ts';

const TOKEN_PATH = '/oauth/v1/token';

export function authorizeUrl(s: HubSpotSettings, state: string): string {
  const u = new URL(s.authorizeUrl);
  u.searchParams.set('client_id', s.clientId);
  u.searchParams.set('redirect_uri', s.redirectUri);
  u.searchParams.set('scope', s.scopes.join(' '));
  u.searchParams.set('state', state);
  return u.toString();
}

interface TokenAnswer {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** The token endpoint's base for the SDK (HUBSPOT_TOKEN_URL without /oauth/v1/token). */
function tokenBase(s: HubSpotSettings): string {
  if (!s.tokenUrl.endsWith(TOKEN_PATH))
    throw new ConnectorError('invalid_payload', `HUBSPOT_TOKEN_URL must end with ${TOKEN_PATH}`);
  return s.tokenUrl.slice(0, -TOKEN_PATH.length);
}

async function tokenRequest(
  s: HubSpotSettings,
  grant: { code: string } | { refreshToken: string },
): Promise<TokenAnswer> {
  const api = sdkClient({ apiBase: tokenBase(s) }).oauth.tokensApi;
  try {
    const r =
      'code' in grant
        ? await api.create('authorization_code', grant.code, s.redirectUri, s.clientId, s.clientSecret)
        : await api.create(
            'refresh_token',
            undefined,
            undefined,
            s.clientId,
            s.clientSecret,
            grant.refreshToken,
          );
    if (!r.accessToken || !r.refreshToken || !Number.isFinite(r.expiresIn))
      throw new ConnectorError(
        'invalid_payload',
        'HubSpot token answer lacks access_token, refresh_token or expires_in',
      );
    return { accessToken: r.accessToken, refreshToken: r.refreshToken, expiresIn: r.expiresIn };
  } catch (err) {
    // A refused code or refresh token is a 400 {status: "BAD_..."}: the firm must install again.
    if (isApiException(err) && err.code === 400)
      throw new ConnectorError('auth_revoked', toConnectorError(err, 'token').message, { status: 400 });
    throw toConnectorError(err, 'token');
  }
}

function tokenSet(s: HubSpotSettings, t: TokenAnswer, extra: Record<string, unknown>): TokenSet {
  return {
    accessToken: t.accessToken,
    refreshToken: t.refreshToken,
    expiresAt: new Date(s.now() + t.expiresIn * 1000).toISOString(),
    refreshExpiresAt: null,
    scope: s.scopes.join(' '),
    extra,
  };
}

export async function exchangeCode(s: HubSpotSettings, params: URLSearchParams): Promise<ConnectionGrant[]> {
  const code = params.get('code');
  if (!code) throw new ConnectorError('invalid_payload', 'the callback has no code');
  const t = await tokenRequest(s, { code });
  let info;
  try {
    info = await sdkClient(s).oauth.accessTokensApi.get(t.accessToken);
  } catch (err) {
    throw toConnectorError(err, 'token info');
  }
  if (!info.hubId) throw new ConnectorError('invalid_payload', 'HubSpot token info has no hub_id');
  const missing = s.scopes.filter((x) => !(info.scopes ?? []).includes(x));
  if (missing.length > 0)
    throw new ConnectorError(
      'invalid_payload',
      `HubSpot granted fewer scopes than needed: ${missing.join(', ')}`,
    );
  return [
    {
      externalTenantId: String(info.hubId),
      tenantName: info.hubDomain ?? null,
      tokens: tokenSet(s, t, { hubDomain: info.hubDomain ?? null, userId: info.userId, appId: info.appId }),
    },
  ];
}

export async function refreshTokens(s: HubSpotSettings, tokens: TokenSet): Promise<TokenSet> {
  const t = await tokenRequest(s, { refreshToken: tokens.refreshToken });
  return tokenSet(s, t, { ...(tokens.extra ?? {}), refreshedAt: new Date(s.now()).toISOString() });
}

export async function revoke(s: HubSpotSettings, tokens: TokenSet): Promise<void> {
  try {
    await sdkClient({ apiBase: tokenBase(s) }).oauth.refreshTokensApi.archive(tokens.refreshToken);
  } catch (err) {
    const e = toConnectorError(err, 'revoke');
    if (e.kind !== 'not_found') throw e;
  }
}
