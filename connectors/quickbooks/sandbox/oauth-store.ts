// Intuit's OAuth 2.0 server in miniature: authorization codes (single use, bound to the redirect
// URI, short-lived), access tokens (an hour), refresh tokens that rotate on every refresh (the
// previous one is dead from then on) and a grant that revocation ends as a whole. Sign in with
// Intuit: the users who consent (each company has a default admin; tests add more, with access to
// one or several companies), and what the OpenID userinfo endpoint says about them.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** When set, refresh tokens die this long after the first connection, however often refreshed. */
  refreshTokenHardTtlSeconds: number | null;
  codeTtlSeconds: number;
}

export interface TokenResponse {
  token_type: 'bearer';
  access_token: string;
  expires_in: number;
  refresh_token: string;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
}

export interface OAuthError {
  error: 'invalid_grant' | 'invalid_request' | 'unsupported_grant_type' | 'invalid_client';
  error_description?: string;
}

export type AccessCheck =
  'ok' | 'missing' | 'invalid' | 'expired' | 'revoked' | 'wrong-realm' | 'no-accounting-scope';

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

/** An Intuit user: `sub` is Intuit's stable id for them (a GUID). */
export interface SandboxUser {
  sub: string;
  email: string;
  givenName: string;
  familyName: string;
  realmIds: string[];
}

interface Grant {
  realmId: string;
  /** Who consented (null for tokens issued without the browser). */
  userSub: string | null;
  scope: string;
  createdMs: number;
  revoked: boolean;
}
interface AccessToken {
  grant: Grant;
  expiresMs: number;
}
interface RefreshToken {
  grant: Grant;
  expiresMs: number;
  used: boolean;
}
interface Code {
  realmId: string;
  userSub: string | null;
  redirectUri: string;
  scope: string;
  expiresMs: number;
  used: boolean;
}

function token(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

export class OAuthStore {
  private readonly codes = new Map<string, Code>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  readonly users = new Map<string, SandboxUser>();

  constructor(
    private readonly clock: Clock,
    readonly config: OAuthConfig,
  ) {}

  private now(): number {
    return this.clock.now().getTime();
  }

  checkClient(clientId: string, clientSecret: string): boolean {
    return clientId === this.config.clientId && clientSecret === this.config.clientSecret;
  }

  /** Adds a user with access to these companies. */
  addUser(input: Omit<SandboxUser, 'sub'> & { sub?: string }): SandboxUser {
    const user: SandboxUser = { ...input, sub: input.sub ?? randomUUID(), realmIds: [...input.realmIds] };
    if (this.users.has(user.sub) || this.findUser(user.email))
      throw new RangeError(`a user ${user.email} already exists`);
    this.users.set(user.sub, user);
    return user;
  }

  /** A user by sub or e-mail (case-insensitive). */
  findUser(subOrEmail: string): SandboxUser | null {
    const key = subOrEmail.trim().toLowerCase();
    for (const u of this.users.values()) if (u.sub === key || u.email.toLowerCase() === key) return u;
    return null;
  }

  /** The company's administrator, made on first use with a sub derived from the realm. */
  defaultUser(realmId: string, domain: string): SandboxUser {
    const hex = createHash('sha256').update(`qbo-admin:${realmId}`).digest('hex');
    const sub = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    return (
      this.users.get(sub) ??
      this.addUser({
        sub,
        email: `admin@${domain}`,
        givenName: 'Alex',
        familyName: 'Morgan',
        realmIds: [realmId],
      })
    );
  }

  issueCode(realmId: string, redirectUri: string, scope: string, userSub: string | null = null): string {
    const code = token('AB11', 24);
    this.codes.set(code, {
      realmId,
      userSub,
      redirectUri,
      scope,
      expiresMs: this.now() + this.config.codeTtlSeconds * 1000,
      used: false,
    });
    return code;
  }

  exchangeCode(code: string, redirectUri: string): TokenResponse | OAuthError {
    const entry = this.codes.get(code);
    if (!entry || entry.used || entry.expiresMs <= this.now()) {
      return {
        error: 'invalid_grant',
        error_description: 'the authorization code is unknown, used or expired',
      };
    }
    // A code is spent on first presentation, even by a request that then fails.
    entry.used = true;
    if (entry.redirectUri !== redirectUri) {
      return {
        error: 'invalid_grant',
        error_description: 'redirect_uri does not match the authorization request',
      };
    }
    return this.mint({
      realmId: entry.realmId,
      userSub: entry.userSub,
      scope: entry.scope,
      createdMs: this.now(),
      revoked: false,
    });
  }

  refresh(refreshToken: string): TokenResponse | OAuthError {
    const entry = this.refreshTokens.get(refreshToken);
    if (!entry || entry.used || entry.grant.revoked || entry.expiresMs <= this.now()) {
      return { error: 'invalid_grant' };
    }
    entry.used = true;
    return this.mint(entry.grant);
  }

  /** Connects a company without the browser round trip (tests, benchmarks, the demo). */
  issueTokens(realmId: string, scope = ACCOUNTING_SCOPE): TokenResponse {
    return this.mint({ realmId, userSub: null, scope, createdMs: this.now(), revoked: false });
  }

  /** Revokes the whole grant behind an access or refresh token; unknown tokens are ignored (RFC 7009). */
  revoke(tokenValue: string): boolean {
    const grant = this.accessTokens.get(tokenValue)?.grant ?? this.refreshTokens.get(tokenValue)?.grant;
    if (!grant) return false;
    grant.revoked = true;
    return true;
  }

  authenticate(accessToken: string | null, realmId: string): AccessCheck {
    if (accessToken === null) return 'missing';
    const entry = this.accessTokens.get(accessToken);
    if (!entry) return 'invalid';
    if (entry.grant.revoked) return 'revoked';
    if (entry.expiresMs <= this.now()) return 'expired';
    if (entry.grant.realmId !== realmId) return 'wrong-realm';
    if (!entry.grant.scope.split(' ').includes(ACCOUNTING_SCOPE)) return 'no-accounting-scope';
    return 'ok';
  }

  /**
   * What the OpenID userinfo endpoint answers for an access token: the consenting user's claims for
   * the scopes granted (Intuit's camelCase names), or why not.
   */
  userInfo(accessToken: string | null): Record<string, unknown> | 'invalid' | 'insufficient_scope' {
    const entry = accessToken === null ? undefined : this.accessTokens.get(accessToken);
    if (!entry || entry.grant.revoked || entry.expiresMs <= this.now()) return 'invalid';
    const scopes = entry.grant.scope.split(' ');
    const user = entry.grant.userSub === null ? undefined : this.users.get(entry.grant.userSub);
    if (!scopes.includes('openid') || !user) return 'insufficient_scope';
    return {
      sub: user.sub,
      ...(scopes.includes('email') ? { email: user.email, emailVerified: true } : {}),
      ...(scopes.includes('profile') ? { givenName: user.givenName, familyName: user.familyName } : {}),
    };
  }

  /** Expires every live access token (of one company, or all): the next API call gets a 401. */
  expireAccessTokens(realmId?: string): number {
    let expired = 0;
    const now = this.now();
    for (const entry of this.accessTokens.values()) {
      if ((realmId === undefined || entry.grant.realmId === realmId) && entry.expiresMs > now) {
        entry.expiresMs = now;
        expired++;
      }
    }
    return expired;
  }

  private mint(grant: Grant): TokenResponse {
    const now = this.now();
    const { accessTokenTtlSeconds, refreshTokenTtlSeconds, refreshTokenHardTtlSeconds } = this.config;
    const hardExpiresMs =
      refreshTokenHardTtlSeconds === null ? Infinity : grant.createdMs + refreshTokenHardTtlSeconds * 1000;
    const refreshExpiresMs = Math.min(now + refreshTokenTtlSeconds * 1000, hardExpiresMs);
    const access = token('eyJ', 96);
    const refresh = token('RT1-', 36);
    this.accessTokens.set(access, { grant, expiresMs: now + accessTokenTtlSeconds * 1000 });
    this.refreshTokens.set(refresh, { grant, expiresMs: refreshExpiresMs, used: false });
    const response: TokenResponse = {
      token_type: 'bearer',
      access_token: access,
      expires_in: accessTokenTtlSeconds,
      refresh_token: refresh,
      x_refresh_token_expires_in: Math.max(0, Math.floor((refreshExpiresMs - now) / 1000)),
    };
    if (hardExpiresMs !== Infinity) {
      response.x_refresh_token_hard_expires_in = Math.max(0, Math.floor((hardExpiresMs - now) / 1000));
    }
    return response;
  }
}
