// Panel sessions: a short-lived JWT (HS256) bound to one firm, one user and a role, carried in the
// `relance_session` cookie or as a Bearer token. Cookie sessions must echo the token's csrf claim in
// X-CSRF-Token on every write; past half its lifetime a cookie is renewed quietly (same csrf).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import type { Runtime } from '../../runtime.ts';
import type { Db } from '../../store/db.ts';
import { sendError } from '../api/errors.ts';

export const SESSION_COOKIE = 'relance_session';
export const SESSION_LIFETIME_S = 30 * 60;
export const ROLES = ['owner', 'controller', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  firmId: string;
  userId: string;
  role: Role;
  csrf: string;
}

const claimsSchema = z.object({
  sub: z.uuid(),
  firm: z.uuid(),
  role: z.enum(ROLES),
  csrf: z.string().min(16).max(200),
  iat: z.number().int(),
  exp: z.number().int(),
});
type Claims = z.infer<typeof claimsSchema>;

// One secret per database (so per installation), read once per process.
const secrets = new WeakMap<Db, Promise<string>>();

/** The signing secret: RELANCE_SESSION_SECRET, else the one kept in `app_secrets` (made once). */
export function sessionSecret(rt: Pick<Runtime, 'cfg' | 'db'>): Promise<string> {
  if (rt.cfg.sessionSecret) return Promise.resolve(rt.cfg.sessionSecret);
  let s = secrets.get(rt.db);
  if (!s) {
    s = (async () => {
      await rt.db.query(
        `INSERT INTO app_secrets (name, value) VALUES ('session', $1) ON CONFLICT (name) DO NOTHING`,
        [randomBytes(48)],
      );
      const [row] = await rt.db.query<{ value: Buffer }>(
        `SELECT value FROM app_secrets WHERE name = 'session'`,
      );
      return (row as { value: Buffer }).value.toString('base64');
    })();
    s.catch(() => secrets.delete(rt.db));
    secrets.set(rt.db, s);
  }
  return s;
}

export async function issueSession(
  rt: Pick<Runtime, 'cfg' | 'db'>,
  who: { firmId: string; userId: string; role: Role },
  csrf: string = randomBytes(24).toString('base64url'),
): Promise<{ token: string; csrf: string; expiresAt: string }> {
  const secret = await sessionSecret(rt);
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + SESSION_LIFETIME_S;
  // iat and exp given in the payload: jsonwebtoken keeps them as they are.
  const token = jwt.sign({ sub: who.userId, firm: who.firmId, role: who.role, csrf, iat, exp }, secret, {
    algorithm: 'HS256',
  });
  return { token, csrf, expiresAt: new Date(exp * 1000).toISOString() };
}

export function setSessionCookie(res: Response, rt: Pick<Runtime, 'cfg'>, token: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: rt.cfg.publicUrl.startsWith('https:'),
    maxAge: SESSION_LIFETIME_S * 1000,
  });
}

export function clearSessionCookie(res: Response, rt: Pick<Runtime, 'cfg'>): void {
  res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: rt.cfg.publicUrl.startsWith('https:'),
  });
}

function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? (m[1] as string) : '';
}

/** The token's claims when it is genuine, unexpired and well formed; null otherwise. */
export async function verifySessionToken(
  rt: Pick<Runtime, 'cfg' | 'db'>,
  token: string,
): Promise<Claims | null> {
  const secret = await sessionSecret(rt);
  // A token verified once (the exact same string, so the same signature) is not verified again
  // on every request of a busy panel; its expiry still is.
  const known = verified.get(token);
  if (known && known.secret === secret) return known.claims.exp * 1000 > Date.now() ? known.claims : null;
  try {
    const decoded = jwt.verify(token, secret, { algorithms: ['HS256'] });
    const c = claimsSchema.safeParse(decoded);
    if (!c.success) return null;
    if (verified.size >= 10_000) verified.clear();
    verified.set(token, { secret, claims: c.data });
    return c.data;
  } catch {
    return null;
  }
}

const verified = new Map<string, { secret: string; claims: Claims }>();

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// Each request checks that the user still belongs to the firm, and reads its current role. The
// answer is kept for a second or two per process (a busy panel asks many times a second);
// `forgetSessionUser` drops it at once when a role changes or a user is removed.
const USER_TTL_MS = 2000;
const users = new Map<string, { role: Role | null; until: number }>();

export function forgetSessionUser(userId?: string): void {
  if (!userId) return users.clear();
  for (const key of users.keys()) if (key.startsWith(`${userId}:`)) users.delete(key);
}

async function currentRole(db: Db, userId: string, firmId: string): Promise<Role | null> {
  const key = `${userId}:${firmId}`;
  const hit = users.get(key);
  if (hit && hit.until > Date.now()) return hit.role;
  const [user] = await db.query<{ role: string }>(`SELECT role FROM users WHERE id = $1 AND firm_id = $2`, [
    userId,
    firmId,
  ]);
  const role = user
    ? (ROLES as readonly string[]).includes(user.role)
      ? (user.role as Role)
      : 'viewer'
    : null;
  if (users.size > 10_000) users.clear();
  users.set(key, { role, until: Date.now() + USER_TTL_MS });
  return role;
}

/**
 * Authenticates every request it guards: sets `res.locals.session`, or answers 401. The user must
 * still belong to the token's firm (a token naming another firm is refused), and acts with the role
 * the firm gives it now, so a demotion takes effect at once.
 */
export function sessionMiddleware(rt: Pick<Runtime, 'cfg' | 'db'>): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const fromHeader = bearer(req);
      const token = fromHeader ?? readCookie(req, SESSION_COOKIE);
      if (!token) return sendError(res, 401, 'unauthenticated', 'sign in to continue');
      const claims = await verifySessionToken(rt, token);
      if (!claims) return sendError(res, 401, 'unauthenticated', 'the session is invalid or has expired');
      const role = await currentRole(rt.db, claims.sub, claims.firm);
      if (!role)
        return sendError(res, 401, 'unauthenticated', 'the session does not match a user of this firm');
      const viaCookie = fromHeader === null;
      if (viaCookie && !SAFE_METHODS.has(req.method)) {
        const sent = req.get('x-csrf-token');
        if (!sent || !sameText(sent, claims.csrf))
          return sendError(res, 403, 'csrf', 'missing or wrong X-CSRF-Token header');
      }
      const session: Session = { firmId: claims.firm, userId: claims.sub, role, csrf: claims.csrf };
      res.locals.session = session;
      res.locals.sessionExpiresAt = new Date(claims.exp * 1000).toISOString();
      // Quiet renewal: past half its lifetime, a cookie session gets a fresh token with the same csrf.
      if (viaCookie && claims.exp - Date.now() / 1000 < SESSION_LIFETIME_S / 2) {
        const fresh = await issueSession(rt, session, claims.csrf);
        setSessionCookie(res, rt, fresh.token);
        res.locals.sessionExpiresAt = fresh.expiresAt;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function currentSession(res: Response): Session {
  return res.locals.session as Session;
}

/** Lets the request through only for these roles; 403 `forbidden` otherwise. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const s = res.locals.session as Session | undefined;
    if (!s) return sendError(res, 401, 'unauthenticated', 'sign in to continue');
    if (!roles.includes(s.role))
      return sendError(res, 403, 'forbidden', `this needs the role ${roles.join(' or ')}`);
    next();
  };
}
