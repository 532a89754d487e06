// Sign in with Xero, end to end through the Xero sandbox's consent: xero-node's openid-client
// checks the RS256 id_token against the sandbox's JWKS, the callback records the user it names in
// every organisation of the consent and opens a session for the first; switching goes to the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { signSignInState } from '../../src/http/auth/signin-state.ts';
import { findConnection } from '../../src/store/repos/connections.ts';
import { listUsers } from '../../src/store/repos/users.ts';
import { Browser, currentSession, signInThrough, startAuthHarness, type AuthHarness } from './harness.ts';

const ORG_A = '0a1b2c3d-0000-4000-8000-00000000000a';
const ORG_B = '0a1b2c3d-0000-4000-8000-00000000000b';

describe('Sign in with Xero', () => {
  let h: AuthHarness;

  beforeAll(async () => {
    h = await startAuthHarness({
      xero: {
        organisations: [
          { tenantId: ORG_A, name: 'Atelier Lumière SRL', countryCode: 'BE', ledger: null },
          { tenantId: ORG_B, name: 'Harbour & Pine Ltd', countryCode: 'GB', ledger: null },
        ],
      },
    });
  }, 120_000);
  afterAll(() => h?.close());

  it('signs in through a two-organisation consent: a session for the first, a switch to the second', async () => {
    const camille = new Browser();
    const visit = await signInThrough(camille, h.url, '/signin/xero', {
      sandbox_tenants: `${ORG_A},${ORG_B}`,
    });
    expect(new URL(visit.url).pathname).toBe('/app/');
    expect(visit.chain.some((u) => u.startsWith(`${h.xero.url}/identity/connect/authorize`))).toBe(true);

    const session = await currentSession(camille, h.url);
    expect(session.status).toBe(200);
    expect(session.body.firm.name).toBe('Atelier Lumière SRL');
    expect(session.body.user).toMatchObject({
      role: 'owner',
      name: 'Camille Controller',
      email: 'controller@relance.example',
    });
    const firmA = (await findConnection(h.rt.db, 'xero', ORG_A))!.firmId;
    const firmB = (await findConnection(h.rt.db, 'xero', ORG_B))!.firmId;
    expect(session.body.firm.id).toBe(firmA);
    for (const firmId of [firmA, firmB]) {
      const users = await listUsers(h.rt.db, firmId);
      expect(users.map((u) => [u.platform, u.platformUserId, u.role])).toEqual([
        ['xero', h.xero.state.identity.userId, 'owner'],
      ]);
    }

    const switched = await camille.api(
      h.url,
      'POST',
      '/session/switch',
      { firmId: firmB },
      session.body.csrfToken,
    );
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({
      firm: { id: firmB, name: 'Harbour & Pine Ltd' },
      user: { role: 'owner' },
    });
    expect((await currentSession(camille, h.url)).body.firm.id).toBe(firmB);

    // Without the new session's CSRF token a cookie write is refused.
    const noCsrf = await camille.api(h.url, 'POST', '/session/switch', { firmId: firmA });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error).toBe('csrf');
  });

  it('makes another Xero user of one organisation its controller, with no way into the other', async () => {
    h.xero.state.identity.addUser({ email: 'noor@lumiere.example', givenName: 'Noor', familyName: 'Haddad' });
    const noor = new Browser();
    const visit = await signInThrough(noor, h.url, '/launch/xero', {
      sandbox_tenants: ORG_A,
      sandbox_user: 'noor@lumiere.example',
    });
    expect(new URL(visit.url).pathname).toBe('/app/');
    const session = await currentSession(noor, h.url);
    expect(session.body.firm.name).toBe('Atelier Lumière SRL');
    expect(session.body.user).toMatchObject({ role: 'controller', name: 'Noor Haddad' });

    const firmB = (await findConnection(h.rt.db, 'xero', ORG_B))!.firmId;
    const refused = await noor.api(
      h.url,
      'POST',
      '/session/switch',
      { firmId: firmB },
      session.body.csrfToken,
    );
    expect(refused.status).toBe(404);
    expect((await currentSession(noor, h.url)).body.firm.name).toBe('Atelier Lumière SRL');
    const firms = await noor.api(h.url, 'GET', '/session/firms');
    expect(firms.body.items).toEqual([
      expect.objectContaining({ name: 'Atelier Lumière SRL', role: 'controller', current: true }),
    ]);
  });

  it('refuses an expired or forged sign-in state with a page, and sets no session', async () => {
    const secret = createHash('sha256')
      .update(`relance-xero-state:${h.xero.state.identity.options.clientSecret}:${h.url}`)
      .digest('hex');
    const cases = {
      expired: signSignInState(secret, 'xero', {}, Date.now() - 11 * 60_000),
      forged: signSignInState('not the secret', 'xero'),
      garbage: 'not-a-state',
    };
    for (const [what, state] of Object.entries(cases)) {
      const b = new Browser();
      const page = await b.get(`${h.url}/oauth/xero/callback?code=abc&state=${state}`);
      expect(page.status, what).toBe(400);
      expect(page.text).toMatch(what === 'expired' ? /expired/ : /not signed by this server/);
      expect(page.text).toContain('href="/signin/xero"');
      expect(b.cookie(h.url, 'relance_session')).toBeUndefined();
    }
  });

  it('keeps answering the connect flow with JSON for API clients', async () => {
    const start = await fetch(`${h.url}/connect/xero`, { redirect: 'manual' });
    const consent = new URL(start.headers.get('location') as string);
    consent.searchParams.set('sandbox_tenants', ORG_B);
    const back = await fetch(consent, { redirect: 'manual' });
    const res = await fetch(back.headers.get('location') as string, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { connected: { tenantId: string }[]; user: { role: string } };
    // Xero lists all of this user's connections; the ones of this consent come first.
    expect(body.connected[0]?.tenantId).toBe(ORG_B);
    expect(body.user.role).toBe('owner');
    expect(res.headers.get('set-cookie')).toMatch(/relance_session=/);
  });
});
