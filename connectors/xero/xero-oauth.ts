// OAuth 2.0 with Xero through xero-node, against the configured hosts only: the OpenID issuer is
// discovered at the origin of the token URL (never identity.xero.com unless configured), its
// authorize and token endpoints are the configured ones, and connections are listed and deleted
// with plain HTTP at the configured connections URL (xero-node hard-codes api.xero.com there).
import { randomUUID } from 'node:crypto';
import {
  custom,
  errors as oidcErrors,
  Issuer,
  type BaseClient,
  type TokenSet as OidcTokenSet,
} from 'openid-client';
import { XeroClient } from 'xero-node';
import { z } from 'zod';
import type { ConnectionGrant, PlatformUser, TokenSet } from '../sdk/connector.ts';
import { ConnectorError, errorFromStatus } from '../sdk/errors.ts';
import { withRetry, type RetryOptions } from '../sdk/retry.ts';

export const REFRESH_GRACE_MS = 30 * 60_000;
const REFRESH_LIFETIME_MS = 60 * 86_400_000;

/** How many times this consent's refresh token has been rotated (0 as exchanged). */
export function rotationOf(tokens: TokenSet): number {
  const r = tokens.extra?.rotation;
  return typeof r === 'number' && Number.isInteger(r) ? r : 0;
}

export interface XeroOAuthOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string[];
  authorizeUrl: string;
  tokenUrl: string;
  connectionsUrl: string;
  httpTimeoutMs?: number;
  retry?: RetryOptions;
  now?: () => number;
}

const connectionsSchema = z.array(
  z
    .object({
      id: z.string().min(1),
      tenantId: z.string().min(1),
      tenantType: z.string(),
      tenantName: z.string().nullish(),
    })
    .loose(),
);
export type XeroConnection = z.infer<typeof connectionsSchema>[number];

/** What Xero's identity service said, as a typed error: a refused grant means "reconnect". */
function oauthError(err: unknown, what: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof oidcErrors.OPError) {
    const refused = ['invalid_grant', 'invalid_client', 'unauthorized_client', 'access_denied'].includes(
      err.error ?? '',
    );
    return new ConnectorError(
      refused ? 'auth_revoked' : 'upstream_unavailable',
      `${what}: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`,
      { cause: err },
    );
  }
  return new ConnectorError('upstream_unavailable', `${what}: ${(err as Error)?.message ?? String(err)}`, {
    cause: err,
  });
}

/** The authentication event of an access token (a JWT from the token endpoint), if it says. */
function authEventOf(accessToken: string): string | null {
  try {
    const payload = JSON.parse(
      Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as {
      authentication_event_id?: unknown;
    };
    return typeof payload.authentication_event_id === 'string' ? payload.authentication_event_id : null;
  } catch {
    return null;
  }
}

/**
 * Who consented, from the id_token (present with the openid scope). openid-client has already
 * checked it in the callback: signature against the issuer's JWKS, issuer, audience, expiry, at_hash.
 * Xero's stable user id is `xero_userid`; `sub` is the same GUID in another spelling.
 */
function userFromIdToken(ts: OidcTokenSet): PlatformUser | null {
  if (!ts.id_token) return null;
  const c = ts.claims() as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const id = text(c.xero_userid) ?? text(c.sub);
  if (!id) return null;
  const name = text(c.name) ?? ([text(c.given_name), text(c.family_name)].filter(Boolean).join(' ') || null);
  return { id: id.toLowerCase(), email: text(c.email), name };
}

export class XeroOAuth {
  private client: Promise<BaseClient> | null = null;
  constructor(private readonly o: XeroOAuthOptions) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** The openid client built from the configured token URL's origin, once. */
  openIdClient(): Promise<BaseClient> {
    this.client ??= (async () => {
      const origin = new URL(this.o.tokenUrl).origin;
      const found = await Issuer.discover(`${origin}/.well-known/openid-configuration`);
      const issuer = new Issuer({
        ...found.metadata,
        authorization_endpoint: this.o.authorizeUrl,
        token_endpoint: this.o.tokenUrl,
      });
      const client = new issuer.Client({
        client_id: this.o.clientId,
        client_secret: this.o.clientSecret,
        redirect_uris: [this.o.redirectUri],
      });
      client[custom.http_options] = () => ({ timeout: this.o.httpTimeoutMs ?? 10_000 });
      return client;
    })().catch((err: unknown) => {
      this.client = null; // try discovery again next time
      throw oauthError(err, 'OpenID discovery');
    });
    return this.client;
  }

  private xeroNode(state: string): XeroClient {
    return new XeroClient({
      clientId: this.o.clientId,
      clientSecret: this.o.clientSecret,
      redirectUris: [this.o.redirectUri],
      scopes: this.o.scopes,
      state,
      httpTimeout: this.o.httpTimeoutMs ?? 10_000,
    });
  }

  authorizeUrl(state: string): string {
    const url = new URL(this.o.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.o.clientId,
      redirect_uri: this.o.redirectUri,
      scope: this.o.scopes.join(' '),
      state,
    }).toString();
    return url.toString();
  }

  private toTokens(ts: OidcTokenSet, extra: Record<string, unknown>): TokenSet {
    if (!ts.access_token || !ts.refresh_token) {
      throw new ConnectorError(
        'auth_revoked',
        'Xero gave no refresh token: the offline_access scope is required',
      );
    }
    const expiresAt = ts.expires_at ? ts.expires_at * 1000 : this.now() + (ts.expires_in ?? 1800) * 1000;
    return {
      accessToken: ts.access_token,
      refreshToken: ts.refresh_token,
      expiresAt: new Date(expiresAt).toISOString(),
      refreshExpiresAt: new Date(this.now() + REFRESH_LIFETIME_MS).toISOString(),
      ...(ts.scope ? { scope: ts.scope } : {}),
      extra,
    };
  }

  /** The callback's code → tokens → one grant per organisation the consent covers. */
  async exchange(callback: URLSearchParams): Promise<ConnectionGrant[]> {
    const state = callback.get('state') ?? '';
    const xero = this.xeroNode(state);
    xero.openIdClient = await this.openIdClient();
    let ts: OidcTokenSet;
    try {
      ts = await xero.apiCallback(`${this.o.redirectUri}?${callback.toString()}`);
    } catch (err) {
      throw oauthError(err, 'code exchange');
    }
    const base = this.toTokens(ts, {});
    const user = userFromIdToken(ts);
    // GET /connections lists every organisation this user has connected; those of this consent
    // (its authentication event, named in the access token) come first: a sign-in opens the first.
    const event = authEventOf(base.accessToken);
    const all = (await this.listConnections(base.accessToken)).filter((c) => c.tenantType === 'ORGANISATION');
    const current = (c: XeroConnection) => event !== null && c.authEventId === event;
    const connections = [...all.filter(current), ...all.filter((c) => !current(c))];
    const grantId = randomUUID();
    const tenantIds = connections.map((c) => c.tenantId.toLowerCase());
    return connections.map((c) => ({
      externalTenantId: c.tenantId.toLowerCase(),
      tenantName: c.tenantName ?? null,
      tokens: { ...base, extra: { grantId, tenantIds, xeroConnectionId: c.id } },
      user,
    }));
  }

  async listConnections(accessToken: string): Promise<XeroConnection[]> {
    const res = await this.http('GET', this.o.connectionsUrl, accessToken, 'list connections');
    const parsed = connectionsSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success)
      throw new ConnectorError(
        'invalid_payload',
        `connections: ${parsed.error.issues[0]?.message ?? 'unreadable'}`,
      );
    return parsed.data;
  }

  private async http(method: string, url: string, accessToken: string, what: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.o.httpTimeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new ConnectorError('upstream_unavailable', `${what}: ${(err as Error).message}`, { cause: err });
    }
    if (!res.ok)
      throw errorFromStatus(
        res.status,
        `${what}: Xero answered ${res.status}`,
        res.headers.get('retry-after'),
      );
    return res;
  }

  private async refreshWith(refreshToken: string, accessToken: string): Promise<OidcTokenSet> {
    const xero = this.xeroNode('refresh');
    xero.openIdClient = await this.openIdClient();
    xero.setTokenSet({ refresh_token: refreshToken, access_token: accessToken });
    // A lost answer is retried with the same token: Xero honours it for 30 minutes.
    return withRetry(
      async () => {
        try {
          return await xero.refreshToken();
        } catch (err) {
          throw oauthError(err, 'token refresh');
        }
      },
      { retries: 3, baseMs: 200, ...this.o.retry },
    );
  }

  /**
   * A new token set; the refresh token it replaces is kept with the time it was replaced, so that if
   * the rotated one is refused (its answer lost, a sibling connection raced us), the old one can be
   * used within Xero's 30-minute grace. A refused grant past that = auth_revoked (reconnect).
   */
  async refresh(tokens: TokenSet): Promise<TokenSet> {
    const extra = tokens.extra ?? {};
    const keep = {
      ...extra,
      previousRefreshToken: tokens.refreshToken,
      previousReplacedAt: new Date(this.now()).toISOString(),
      rotation: rotationOf(tokens) + 1,
    };
    try {
      return this.toTokens(await this.refreshWith(tokens.refreshToken, tokens.accessToken), keep);
    } catch (err) {
      const previous = typeof extra.previousRefreshToken === 'string' ? extra.previousRefreshToken : null;
      const replacedAt =
        typeof extra.previousReplacedAt === 'string' ? Date.parse(extra.previousReplacedAt) : NaN;
      const inGrace = previous !== null && this.now() - replacedAt < REFRESH_GRACE_MS;
      if (!(err instanceof ConnectorError) || err.kind !== 'auth_revoked' || !inGrace) throw err;
      return this.toTokens(await this.refreshWith(previous, tokens.accessToken), keep);
    }
  }

  /** Disconnects the organisation (DELETE /connections/{id}); gone already is fine. */
  async revoke(tokens: TokenSet): Promise<void> {
    const id = tokens.extra?.xeroConnectionId;
    if (typeof id !== 'string') return;
    try {
      await this.http(
        'DELETE',
        `${this.o.connectionsUrl.replace(/\/$/, '')}/${encodeURIComponent(id)}`,
        tokens.accessToken,
        'disconnect',
      );
    } catch (err) {
      if (err instanceof ConnectorError && (err.kind === 'not_found' || err.kind === 'auth_revoked')) return;
      throw err;
    }
  }
}
