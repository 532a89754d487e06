// Sessions: the cookie and Bearer forms, the CSRF rule for cookie writes, quiet renewal, and every
// kind of bad token (expired, forged, alg none, tampered, another firm's) refused.
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { sessionSecret, verifySessionToken } from '../../src/http/auth/session.ts';
import { sessionResponse } from '../../src/http/api/schemas.ts';
import { call, makeFirm, makeUser, startApi, type Actor, type ApiHarness } from './harness.ts';

let h: ApiHarness;
let owner: Actor;
let other: Actor;
let secret: string;

beforeAll(async () => {
  h = await startApi();
  const firm = await makeFirm(h, 'Lumen & Fils');
  const otherFirm = await makeFirm(h, 'Brasserie Nord', 'BE');
  owner = await makeUser(h, firm.id, 'owner', 'Camille Martin');
  other = await makeUser(h, otherFirm.id, 'owner');
  await h.rt.db.query(
    `INSERT INTO connections (firm_id, platform, external_tenant_id) VALUES ($1, 'quickbooks', '9130001'), ($1, 'import', $1::text)`,
    [firm.id],
  );
  secret = await sessionSecret(h.rt);
});
afterAll(async () => {
  await h.close();
});

const sign = (claims: Record<string, unknown>, key = secret, alg: jwt.Algorithm = 'HS256') =>
  jwt.sign(claims, key, { algorithm: alg });
const asToken = (token: string): Actor => ({ ...owner, token });
const now = () => Math.floor(Date.now() / 1000);

describe('GET /api/v1/session', () => {
  it('answers the firm, the user, the CSRF token and the expiry for a cookie session', async () => {
    const r = await call(h, owner, 'GET', '/session');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = sessionResponse.parse(r.body);
    expect(body.firm).toMatchObject({
      id: owner.firmId,
      name: 'Lumen & Fils',
      country: 'FR',
      baseCurrency: 'EUR',
      language: 'fr',
      reviewMode: true,
      platforms: ['quickbooks'],
    });
    expect(body.user).toEqual({
      id: owner.userId,
      name: 'Camille Martin',
      email: 'owner@example.com',
      role: 'owner',
    });
    expect(body.csrfToken).toBe(owner.csrf);
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
  });

  it('accepts the same token as a Bearer token', async () => {
    const r = await call(h, owner, 'GET', '/session', { as: 'bearer' });
    expect(r.status).toBe(200);
  });

  it('answers 401 unauthenticated in JSON without a session', async () => {
    const r = await call(h, null, 'GET', '/session', { as: 'none' });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: 'unauthenticated' });
    expect(typeof (r.body as { message: string }).message).toBe('string');
  });

  const base = () => ({ sub: owner.userId, firm: owner.firmId, role: 'owner', csrf: owner.csrf });
  const bad: [string, () => string][] = [
    ['an expired token', () => sign({ ...base(), iat: now() - 3600, exp: now() - 1800 })],
    [
      'a token signed with another secret',
      () => sign({ ...base(), iat: now(), exp: now() + 600 }, 'x'.repeat(40)),
    ],
    [
      'an unsigned token (alg none)',
      () => jwt.sign({ ...base(), iat: now(), exp: now() + 600 }, '', { algorithm: 'none' }),
    ],
    [
      'a token whose payload was changed after signing',
      () => {
        const good = sign({ ...base(), role: 'viewer', iat: now(), exp: now() + 600 });
        const [head, , sig] = good.split('.');
        const payload = Buffer.from(JSON.stringify({ ...base(), iat: now(), exp: now() + 600 })).toString(
          'base64url',
        );
        return `${head}.${payload}.${sig}`;
      },
    ],
    ['a token signed as HS512', () => sign({ ...base(), iat: now(), exp: now() + 600 }, secret, 'HS512')],
    [
      'a genuine token naming another firm than the user’s',
      () => sign({ ...base(), firm: other.firmId, iat: now(), exp: now() + 600 }),
    ],
    [
      'a genuine token for a user that does not exist',
      () => sign({ ...base(), sub: '00000000-0000-4000-8000-000000000000', iat: now(), exp: now() + 600 }),
    ],
    [
      'a token without the csrf claim',
      () => sign({ sub: owner.userId, firm: owner.firmId, role: 'owner', iat: now(), exp: now() + 600 }),
    ],
    ['garbage', () => 'not.a.jwt'],
  ];
  for (const [what, make] of bad) {
    it(`refuses ${what} (cookie and Bearer)`, async () => {
      const token = make();
      for (const as of ['cookie', 'bearer'] as const) {
        const r = await call(h, asToken(token), 'GET', '/session', { as });
        expect(r.status, as).toBe(401);
        expect(r.body).toMatchObject({ error: 'unauthenticated' });
      }
    });
  }

  it('renews a cookie session past half its lifetime, keeping the csrf token', async () => {
    const old = sign({ ...base(), iat: now() - 20 * 60, exp: now() + 10 * 60 });
    const r = await call(h, asToken(old), 'GET', '/session');
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie') ?? '';
    const m = /relance_session=([^;]+)/.exec(cookie);
    expect(m).not.toBeNull();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const fresh = await verifySessionToken(h.rt, m![1]!);
    expect(fresh?.csrf).toBe(owner.csrf);
    expect(fresh!.exp).toBeGreaterThan(now() + 29 * 60);
    // A young session is not renewed.
    const young = await call(h, owner, 'GET', '/session');
    expect(young.headers.get('set-cookie')).toBeNull();
  });
});

describe('CSRF and logout', () => {
  it('refuses a cookie write without the X-CSRF-Token header, or with a wrong one', async () => {
    const missing = await call(h, owner, 'POST', '/session/logout', { csrf: null });
    expect(missing.status).toBe(403);
    expect(missing.body).toMatchObject({ error: 'csrf' });
    const wrong = await call(h, owner, 'POST', '/session/logout', { csrf: 'A'.repeat(32) });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('lets a Bearer write through without the header', async () => {
    const r = await call(h, owner, 'POST', '/session/logout', { as: 'bearer' });
    expect(r.status).toBe(200);
  });

  it('clears the cookie on logout', async () => {
    const r = await call(h, owner, 'POST', '/session/logout');
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).toMatch(/relance_session=;.*Expires=Thu, 01 Jan 1970/i);
  });
});

describe('the signing secret', () => {
  it('is generated once and kept in the database when RELANCE_SESSION_SECRET is unset', async () => {
    const rows = await h.rt.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM app_secrets`);
    expect(rows[0]!.n).toBe(1);
    expect(secret.length).toBeGreaterThanOrEqual(43);
  });

  it('comes from RELANCE_SESSION_SECRET when set, which must be at least 32 bytes', () => {
    expect(() => loadConfig({ RELANCE_SESSION_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ RELANCE_SESSION_SECRET: 'short' })).toThrow(/RELANCE_SESSION_SECRET/);
    const cfg = loadConfig({ RELANCE_SESSION_SECRET: 'k'.repeat(32) });
    expect(cfg.sessionSecret).toBe('k'.repeat(32));
  });
});
