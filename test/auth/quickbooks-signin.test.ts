// Sign in with Intuit, end to end: the browser goes from /signin/quickbooks (or the launch URL)
// through the QuickBooks sandbox's consent to the callback and lands in /app/ with a session for
// the firm of the company it consented to, as the user Intuit's userinfo names.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateKey } from '../../connectors/quickbooks/oauth-state.ts';
import { signSignInState } from '../../src/http/auth/signin-state.ts';
import { findConnection, readTokens } from '../../src/store/repos/connections.ts';
import { listUsers } from '../../src/store/repos/users.ts';
import { Browser, currentSession, signInThrough, startAuthHarness, type AuthHarness } from './harness.ts';

const REALM_A = '9130000000000001';
const REALM_B = '9130000000000002';

describe('Sign in with QuickBooks', () => {
  let h: AuthHarness;
  const owner = new Browser();

  beforeAll(async () => {
    h = await startAuthHarness({
      quickbooks: {
        companies: [
          { realmId: REALM_A, companyName: 'Harbour & Pine Studio' },
          { realmId: REALM_B, companyName: 'Cedar Row Bakery' },
        ],
      },
    });
  }, 120_000);
  afterAll(() => h?.close());

  it('takes the installer of a new company through consent into the panel as its owner', async () => {
    const visit = await signInThrough(owner, h.url, '/signin/quickbooks', { realm: REALM_A });
    expect(new URL(visit.url).pathname).toBe('/app/');
    expect(visit.chain.some((u) => u.startsWith(h.qbo.urls.authorize))).toBe(true);
    expect(owner.cookie(h.url, 'relance_session')).toBeTruthy();

    const session = await currentSession(owner, h.url);
    expect(session.status).toBe(200);
    expect(session.body.firm.name).toBe('Harbour & Pine Studio');
    expect(session.body.user).toMatchObject({ role: 'owner', name: 'Alex Morgan' });
    expect(session.body.user.email).toMatch(/^admin@/);

    const conn = await findConnection(h.rt.db, 'quickbooks', REALM_A);
    expect(conn?.firmId).toBe(session.body.firm.id);
    const users = await listUsers(h.rt.db, conn!.firmId);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ platform: 'quickbooks', role: 'owner', id: session.body.user.id });
  });

  it('makes a second user of the same company a controller, and recognises a returning user', async () => {
    h.qbo.state.oauth.addUser({
      email: 'sam@harbour.example',
      givenName: 'Sam',
      familyName: 'Okafor',
      realmIds: [REALM_A, REALM_B],
    });
    const sam = new Browser();
    const visit = await signInThrough(sam, h.url, '/signin/quickbooks', {
      realm: REALM_A,
      user: 'sam@harbour.example',
    });
    expect(new URL(visit.url).pathname).toBe('/app/');
    const session = await currentSession(sam, h.url);
    expect(session.body.user).toMatchObject({ role: 'controller', name: 'Sam Okafor' });
    expect(session.body.firm.name).toBe('Harbour & Pine Studio');

    // The owner signs in again: still one owner row, not a new user.
    await signInThrough(new Browser(), h.url, '/signin/quickbooks', { realm: REALM_A });
    const conn = await findConnection(h.rt.db, 'quickbooks', REALM_A);
    const users = await listUsers(h.rt.db, conn!.firmId);
    expect(users.map((u) => [u.name, u.role])).toEqual([
      ['Alex Morgan', 'owner'],
      ['Sam Okafor', 'controller'],
    ]);
  });

  it("opens a session for the consented company's firm only; switching needs membership", async () => {
    const sam = new Browser();
    await signInThrough(sam, h.url, '/signin/quickbooks', { realm: REALM_B, user: 'sam@harbour.example' });
    const inB = await currentSession(sam, h.url);
    expect(inB.body.firm.name).toBe('Cedar Row Bakery');
    expect(inB.body.user.role).toBe('owner'); // the first user of that new firm

    const firms = await sam.api(h.url, 'GET', '/session/firms');
    expect((firms.body.items as { name: string }[]).map((f) => f.name).sort()).toEqual([
      'Cedar Row Bakery',
      'Harbour & Pine Studio',
    ]);
    const firmA = (await findConnection(h.rt.db, 'quickbooks', REALM_A))!.firmId;
    const switched = await sam.api(h.url, 'POST', '/session/switch', { firmId: firmA }, inB.body.csrfToken);
    expect(switched.status).toBe(200);
    expect(switched.body).toMatchObject({ firm: { id: firmA }, user: { role: 'controller' } });
    const after = await currentSession(sam, h.url);
    expect(after.body.firm.id).toBe(firmA);

    // The owner of A never signed in to B: switching there is "not found".
    const alex = new Browser();
    await signInThrough(alex, h.url, '/signin/quickbooks', { realm: REALM_A });
    const alexSession = await currentSession(alex, h.url);
    const firmB = inB.body.firm.id;
    const refused = await alex.api(
      h.url,
      'POST',
      '/session/switch',
      { firmId: firmB },
      alexSession.body.csrfToken,
    );
    expect(refused.status).toBe(404);
    expect((await currentSession(alex, h.url)).body.firm.id).toBe(firmA);
  });

  it('sends a launch for a connected company through sign-in, and an unknown company to connect', async () => {
    const unknown = await fetch(`${h.url}/launch/quickbooks?realmId=123456`, { redirect: 'manual' });
    expect(unknown.status).toBe(302);
    expect(unknown.headers.get('location')).toBe('/connect/quickbooks');

    const malformed = await fetch(`${h.url}/launch/quickbooks?realmId=abc`, { redirect: 'manual' });
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toContain('realmId: expected the QuickBooks company id');

    const known = await fetch(`${h.url}/launch/quickbooks?realmId=${REALM_A}`, { redirect: 'manual' });
    expect(known.headers.get('location')?.startsWith(h.qbo.urls.authorize)).toBe(true);
    expect(known.headers.get('set-cookie')).toBeNull(); // no panel without signing in

    const b = new Browser();
    const visit = await signInThrough(b, h.url, `/launch/quickbooks?realmId=${REALM_A}`, { realm: REALM_A });
    expect(new URL(visit.url).pathname).toBe('/app/');
    expect((await currentSession(b, h.url)).body.firm.name).toBe('Harbour & Pine Studio');
  });

  it('refuses a forged, expired or foreign sign-in state with a page that offers to start again', async () => {
    const key = stateKey(Buffer.from('cd'.repeat(32), 'hex'));
    const states = {
      forged: signSignInState(stateKey('another secret'), 'quickbooks'),
      expired: signSignInState(key, 'quickbooks', {}, Date.now() - 11 * 60_000),
      xero: signSignInState(key, 'xero'),
    };
    for (const [what, state] of Object.entries(states)) {
      const b = new Browser();
      const page = await b.get(
        `${h.url}/oauth/quickbooks/callback?code=abc&realmId=${REALM_A}&state=${state}`,
      );
      expect(page.status, what).toBe(400);
      expect(page.text).toContain('href="/signin/quickbooks"');
      expect(page.text).toMatch(
        what === 'expired' ? /expired/ : /not signed by this server|not one this server/,
      );
      expect(b.cookie(h.url, 'relance_session')).toBeUndefined();
    }
    const denied = await signInThrough(new Browser(), h.url, '/signin/quickbooks', { deny: '1' });
    expect(denied.status).toBe(400);
    expect(denied.text).toMatch(/access_denied/);
  });

  it('keeps the tokens when the disconnect URL is opened without a session, and sends the visitor to sign in', async () => {
    const conn = (await findConnection(h.rt.db, 'quickbooks', REALM_B))!;
    const res = await fetch(`${h.url}/disconnect/quickbooks?realmId=${REALM_B}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/signin\/quickbooks\?realmId=/);
    expect((await findConnection(h.rt.db, 'quickbooks', REALM_B))?.status).toBe('active');
    await expect(readTokens(h.rt.db, h.rt.cipher, conn.id)).resolves.toMatchObject({
      refreshToken: expect.any(String),
    });

    // A controller of that firm may not disconnect it.
    const controller = new Browser();
    h.qbo.state.oauth.addUser({
      email: 'kim@cedar.example',
      givenName: 'Kim',
      familyName: 'Lee',
      realmIds: [REALM_B],
    });
    await signInThrough(controller, h.url, '/signin/quickbooks', {
      realm: REALM_B,
      user: 'kim@cedar.example',
    });
    const forbidden = await controller.get(`${h.url}/disconnect/quickbooks?realmId=${REALM_B}`);
    expect(forbidden.status).toBe(403);
    expect((await findConnection(h.rt.db, 'quickbooks', REALM_B))?.status).toBe('active');
  });

  it('disconnects when the owner asks from Relance, or when Intuit has revoked the tokens', async () => {
    // The owner of B (Sam), sent through sign-in by the disconnect URL, comes back and disconnects.
    const sam = new Browser();
    const visit = await signInThrough(sam, h.url, `/disconnect/quickbooks?realmId=${REALM_B}`, {
      realm: REALM_B,
      user: 'sam@harbour.example',
    });
    expect(new URL(visit.url).pathname).toBe('/disconnect/quickbooks');
    expect(visit.status).toBe(200);
    expect((await findConnection(h.rt.db, 'quickbooks', REALM_B))?.status).toBe('disconnected');

    // A: the firm disconnects inside QuickBooks; Intuit revokes and opens the URL, no session needed.
    const conn = (await findConnection(h.rt.db, 'quickbooks', REALM_A))!;
    h.qbo.state.oauth.revoke((await readTokens(h.rt.db, h.rt.cipher, conn.id)).refreshToken);
    const res = await fetch(`${h.url}/disconnect/quickbooks?realmId=${REALM_A}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    expect((await findConnection(h.rt.db, 'quickbooks', REALM_A))?.status).toBe('disconnected');
  });
});
