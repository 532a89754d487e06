// Xero's identity service, in memory: authorization codes, token families with refresh-token
// rotation (the previous refresh token stays usable for a 30-minute grace, for a lost response),
// 60-day expiry of unused refresh tokens, revocation, and each user's connections (one per
// organisation that user consented to: Xero lists a user's own connections only). The users who
// can sign in are a small registry: a default one, and others added by tests and the demo. Times come from the sandbox clock, except the id_token's
// iat/exp, which openid-client checks against the real clock.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SandboxClock } from './clock.ts';
import { atHash, sharedSigningKey, signJwt, type SigningKey } from './identity-keys.ts';

export interface IdentityOptions {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; when empty, any absolute http(s) URI is accepted. */
  redirectUris: string[];
  allowedScopes: string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  refreshGraceSeconds: number;
  clock: SandboxClock;
}

/** A Xero user: `xero_userid` is a GUID, the OpenID `sub` the same GUID without dashes. */
export interface SandboxUser {
  userId: string;
  email: string;
  givenName: string;
  familyName: string;
}

export interface ConnectionRecord {
  id: string;
  /** The Xero user who made the connection. */
  userId: string;
  tenantId: string;
  tenantName: string;
  authEventId: string;
  createdAt: number;
  updatedAt: number;
}

interface CodeRecord {
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  authEventId: string;
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
}

interface GrantRecord {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  authEventId: string;
  sessionId: string;
  authTime: number;
  publicClient: boolean;
  revoked: boolean;
}

interface RefreshRecord {
  grantId: string;
  expiresAt: number;
  rotatedAt: number | null;
}

interface AccessRecord {
  grantId: string;
  expiresAt: number;
}

export interface TokenResult {
  status: number;
  body: Record<string, unknown>;
}

export type AccessCheck =
  { ok: true; scopes: string[]; authEventId: string; userId: string } | { ok: false; detail: string };

const CODE_TTL_MS = 5 * 60_000;
const ID_TOKEN_TTL_S = 300;

export class IdentityService {
  readonly key: SigningKey = sharedSigningKey();
  /** The default user: the one who consents when the authorize request names none. */
  readonly userId = randomUUID();
  readonly users = new Map<string, SandboxUser>([
    [
      this.userId,
      {
        userId: this.userId,
        email: 'controller@relance.example',
        givenName: 'Camille',
        familyName: 'Controller',
      },
    ],
  ]);
  readonly connections = new Map<string, ConnectionRecord>();
  private readonly codes = new Map<string, CodeRecord>();
  private readonly grants = new Map<string, GrantRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly accessTokens = new Map<string, AccessRecord>();
  issuer = 'http://localhost';

  constructor(readonly options: IdentityOptions) {}

  private now(): number {
    return this.options.clock.now();
  }

  /** Adds a user who can sign in (sandbox extension `sandbox_user=<email or id>` on authorize). */
  addUser(input: { email: string; givenName: string; familyName: string; userId?: string }): SandboxUser {
    const user: SandboxUser = {
      userId: (input.userId ?? randomUUID()).toLowerCase(),
      email: input.email,
      givenName: input.givenName,
      familyName: input.familyName,
    };
    if (this.findUser(user.email) || this.users.has(user.userId))
      throw new RangeError(`a user ${user.email} already exists`);
    this.users.set(user.userId, user);
    return user;
  }

  /** A user by id or e-mail (case-insensitive). */
  findUser(idOrEmail: string): SandboxUser | null {
    const key = idOrEmail.trim().toLowerCase();
    for (const u of this.users.values())
      if (u.userId === key || u.userId.replace(/-/g, '') === key || u.email.toLowerCase() === key) return u;
    return null;
  }

  private user(userId: string): SandboxUser {
    return this.users.get(userId) ?? (this.users.get(this.userId) as SandboxUser);
  }

  redirectUriAllowed(uri: string): boolean {
    if (this.options.redirectUris.length > 0) return this.options.redirectUris.includes(uri);
    try {
      return ['http:', 'https:'].includes(new URL(uri).protocol);
    } catch {
      return false;
    }
  }

  /** The user consents: connections are made (or refreshed) for each organisation and a code issued. */
  consent(input: {
    clientId: string;
    /** The consenting user (default: the default user). */
    userId?: string;
    redirectUri: string;
    scopes: string[];
    tenants: { tenantId: string; name: string }[];
    nonce: string | null;
    codeChallenge: string | null;
    codeChallengeMethod: 'S256' | 'plain';
  }): string {
    const authEventId = randomUUID();
    const now = this.now();
    const userId = input.userId ?? this.userId;
    for (const t of input.tenants) {
      const existing = [...this.connections.values()].find(
        (c) => c.tenantId === t.tenantId && c.userId === userId,
      );
      if (existing) {
        existing.authEventId = authEventId;
        existing.updatedAt = now;
        existing.tenantName = t.name;
      } else {
        const id = randomUUID();
        this.connections.set(id, {
          id,
          userId,
          tenantId: t.tenantId,
          tenantName: t.name,
          authEventId,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
    const code = randomBytes(32).toString('base64url');
    this.codes.set(code, {
      clientId: input.clientId,
      userId,
      redirectUri: input.redirectUri,
      scopes: input.scopes,
      authEventId,
      nonce: input.nonce,
      codeChallenge: input.codeChallenge,
      codeChallengeMethod: input.codeChallengeMethod,
      expiresAt: now + CODE_TTL_MS,
      used: false,
    });
    return code;
  }

  /** Client authentication: HTTP Basic or client_id/client_secret in the body. */
  authenticateClient(
    authorization: string | undefined,
    body: Record<string, string | undefined>,
  ): { clientId: string; secretOk: boolean } | null {
    let clientId = body.client_id;
    let secret = body.client_secret;
    if (authorization?.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return null;
      clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
    }
    if (clientId !== this.options.clientId) return null;
    if (secret !== undefined && secret !== this.options.clientSecret) return null;
    return { clientId, secretOk: secret === this.options.clientSecret };
  }

  exchangeCode(
    clientId: string,
    secretOk: boolean,
    p: { code?: string; redirect_uri?: string; code_verifier?: string },
  ): TokenResult {
    const record = p.code ? this.codes.get(p.code) : undefined;
    if (
      !record ||
      record.used ||
      record.expiresAt <= this.now() ||
      record.clientId !== clientId ||
      record.redirectUri !== p.redirect_uri
    ) {
      return invalidGrant();
    }
    if (record.codeChallenge !== null) {
      const verifier = p.code_verifier ?? '';
      const computed =
        record.codeChallengeMethod === 'S256'
          ? createHash('sha256').update(verifier).digest('base64url')
          : verifier;
      if (computed !== record.codeChallenge) return invalidGrant();
    } else if (!secretOk) {
      return { status: 400, body: { error: 'invalid_client' } };
    }
    record.used = true;
    const grant: GrantRecord = {
      id: randomUUID(),
      clientId,
      userId: record.userId,
      scopes: record.scopes,
      authEventId: record.authEventId,
      sessionId: randomUUID().replace(/-/g, ''),
      authTime: Math.floor(this.now() / 1000),
      publicClient: !secretOk,
      revoked: false,
    };
    this.grants.set(grant.id, grant);
    return this.issue(grant, record.nonce);
  }

  refresh(clientId: string, secretOk: boolean, refreshToken: string | undefined): TokenResult {
    const record = refreshToken ? this.refreshTokens.get(refreshToken) : undefined;
    const grant = record && this.grants.get(record.grantId);
    const now = this.now();
    if (!record || !grant || grant.revoked || grant.clientId !== clientId) return invalidGrant();
    if (!secretOk && !grant.publicClient) return { status: 400, body: { error: 'invalid_client' } };
    if (now >= record.expiresAt) return invalidGrant();
    if (record.rotatedAt !== null && now - record.rotatedAt > this.options.refreshGraceSeconds * 1000)
      return invalidGrant();
    if (record.rotatedAt === null) record.rotatedAt = now;
    return this.issue(grant, null);
  }

  /** Revoking a refresh token ends its grant and removes the connections it made. */
  revoke(clientId: string, token: string | undefined): void {
    const record = token ? this.refreshTokens.get(token) : undefined;
    const grant = record && this.grants.get(record.grantId);
    if (!grant || grant.clientId !== clientId) return;
    grant.revoked = true;
    for (const [id, c] of this.connections)
      if (c.authEventId === grant.authEventId) this.connections.delete(id);
  }

  checkAccessToken(authorization: string | undefined): AccessCheck {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : '';
    const record = this.accessTokens.get(token);
    const grant = record && this.grants.get(record.grantId);
    if (!record || !grant || grant.revoked) return { ok: false, detail: 'AuthenticationUnsuccessful' };
    if (record.expiresAt <= this.now()) {
      return {
        ok: false,
        detail: `TokenExpired: token expired at ${new Date(record.expiresAt).toISOString()}`,
      };
    }
    return { ok: true, scopes: grant.scopes, authEventId: grant.authEventId, userId: grant.userId };
  }

  hasConnection(tenantId: string): boolean {
    for (const c of this.connections.values()) if (c.tenantId === tenantId.toLowerCase()) return true;
    return false;
  }

  /** Test hook: every access token issued so far expires now. */
  expireAccessTokens(): void {
    const now = this.now();
    for (const record of this.accessTokens.values()) record.expiresAt = Math.min(record.expiresAt, now);
  }

  /** OpenID claims of a user, as the id_token and userinfo carry them for the granted scopes. */
  claims(userId: string, scopes: string[]): Record<string, unknown> {
    const u = this.user(userId);
    return {
      sub: u.userId.replace(/-/g, ''),
      xero_userid: u.userId,
      ...(scopes.includes('email') ? { email: u.email } : {}),
      ...(scopes.includes('profile')
        ? {
            preferred_username: u.email,
            given_name: u.givenName,
            family_name: u.familyName,
            name: `${u.givenName} ${u.familyName}`,
          }
        : {}),
    };
  }

  private issue(grant: GrantRecord, nonce: string | null): TokenResult {
    const now = this.now();
    const user = this.user(grant.userId);
    this.prune(now);
    const ttl = this.options.accessTokenTtlSeconds;
    const accessToken = signJwt(this.key, {
      nbf: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + ttl,
      iss: this.issuer,
      aud: `${this.issuer}/resources`,
      client_id: grant.clientId,
      sub: user.userId.replace(/-/g, ''),
      auth_time: grant.authTime,
      idp: 'local',
      xero_userid: user.userId,
      global_session_id: grant.sessionId,
      sid: grant.sessionId,
      jti: randomBytes(16).toString('hex').toUpperCase(),
      authentication_event_id: grant.authEventId,
      scope: grant.scopes,
      amr: ['pwd'],
    });
    this.accessTokens.set(accessToken, { grantId: grant.id, expiresAt: now + ttl * 1000 });
    const body: Record<string, unknown> = {};
    if (grant.scopes.includes('openid')) {
      const wall = Math.floor(Date.now() / 1000);
      body.id_token = signJwt(this.key, {
        nbf: wall,
        exp: wall + ID_TOKEN_TTL_S,
        iss: this.issuer,
        aud: grant.clientId,
        iat: wall,
        at_hash: atHash(accessToken),
        sid: grant.sessionId,
        auth_time: grant.authTime,
        global_session_id: grant.sessionId,
        ...this.claims(grant.userId, grant.scopes),
        ...(nonce ? { nonce } : {}),
      });
    }
    body.access_token = accessToken;
    body.expires_in = ttl;
    body.token_type = 'Bearer';
    if (grant.scopes.includes('offline_access')) {
      const refreshToken = randomBytes(32).toString('hex');
      this.refreshTokens.set(refreshToken, {
        grantId: grant.id,
        expiresAt: now + this.options.refreshTokenTtlSeconds * 1000,
        rotatedAt: null,
      });
      body.refresh_token = refreshToken;
    }
    body.scope = grant.scopes.join(' ');
    return { status: 200, body };
  }

  /** Forgets tokens no one can use any more, so long runs do not grow without bound. */
  private prune(now: number): void {
    const grace = this.options.refreshGraceSeconds * 1000;
    for (const [t, r] of this.refreshTokens)
      if (r.expiresAt <= now || (r.rotatedAt !== null && now - r.rotatedAt > grace))
        this.refreshTokens.delete(t);
    for (const [t, a] of this.accessTokens) if (a.expiresAt < now - 86_400_000) this.accessTokens.delete(t);
    for (const [c, r] of this.codes) if (r.expiresAt <= now) this.codes.delete(c);
  }
}

function invalidGrant(): TokenResult {
  return { status: 400, body: { error: 'invalid_grant' } };
}
