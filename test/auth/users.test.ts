// The firm's users in the panel API: everyone signed in reads the list; only owners change roles;
// the firm always keeps an owner; a role change applies to the user's next request; another firm's
// users are "not found".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadXeroManifest } from '../../connectors/xero/manifest.ts';
import { Browser, currentSession, signInThrough, startAuthHarness, type AuthHarness } from './harness.ts';

const REALM = '9130000000000011';
const OTHER_REALM = '9130000000000012';

describe('users and roles', () => {
  let h: AuthHarness;
  const owner = new Browser();
  const ctl = new Browser();
  let ownerCsrf = '';
  let ownerId = '';
  let ctlId = '';
  let foreignUserId = '';

  beforeAll(async () => {
    h = await startAuthHarness({
      quickbooks: {
        companies: [
          { realmId: REALM, companyName: 'Harbour & Pine Studio' },
          { realmId: OTHER_REALM, companyName: 'Cedar Row Bakery' },
        ],
      },
    });
    h.qbo.state.oauth.addUser({
      email: 'sam@harbour.example',
      givenName: 'Sam',
      familyName: 'Okafor',
      realmIds: [REALM],
    });
    await signInThrough(owner, h.url, '/signin/quickbooks', { realm: REALM });
    await signInThrough(ctl, h.url, '/signin/quickbooks', { realm: REALM, user: 'sam@harbour.example' });
    const o = await currentSession(owner, h.url);
    ownerCsrf = o.body.csrfToken;
    ownerId = o.body.user.id;
    ctlId = (await currentSession(ctl, h.url)).body.user.id;
    const other = new Browser();
    await signInThrough(other, h.url, '/signin/quickbooks', { realm: OTHER_REALM });
    foreignUserId = (await currentSession(other, h.url)).body.user.id;
  }, 120_000);
  afterAll(() => h?.close());

  const patch = (b: Browser, id: string, body: unknown, csrf: string) =>
    b.api(h.url, 'PATCH', `/users/${id}`, body, csrf);

  it('lists the firm’s users to anyone signed in, and to nobody else', async () => {
    const list = await ctl.api(h.url, 'GET', '/users');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: ownerId, name: 'Alex Morgan', role: 'owner', platform: 'quickbooks' }),
      expect.objectContaining({
        id: ctlId,
        name: 'Sam Okafor',
        role: 'controller',
        email: 'sam@harbour.example',
      }),
    ]);
    const anonymous = await new Browser().api(h.url, 'GET', '/users');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe('unauthenticated');
  });

  it('lets only owners change roles', async () => {
    const csrf = (await currentSession(ctl, h.url)).body.csrfToken;
    const refused = await patch(ctl, ownerId, { role: 'viewer' }, csrf);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('forbidden');

    const demoted = await patch(owner, ctlId, { role: 'viewer' }, ownerCsrf);
    expect(demoted.status).toBe(200);
    expect(demoted.body).toMatchObject({ id: ctlId, role: 'viewer' });
    // The change holds from the viewer's next request, on the session they already have.
    expect((await currentSession(ctl, h.url)).body.user.role).toBe('viewer');
  });

  it('never leaves the firm without an owner', async () => {
    const alone = await patch(owner, ownerId, { role: 'controller' }, ownerCsrf);
    expect(alone.status).toBe(409);
    expect(alone.body).toMatchObject({ error: 'conflict', fields: [{ path: 'role' }] });

    expect((await patch(owner, ctlId, { role: 'owner' }, ownerCsrf)).status).toBe(200);
    const stepDown = await patch(owner, ownerId, { role: 'controller' }, ownerCsrf);
    expect(stepDown.status).toBe(200);
    expect((await currentSession(owner, h.url)).body.user.role).toBe('controller');
    // Sam, now the only owner, hands the firm back.
    const samCsrf = (await currentSession(ctl, h.url)).body.csrfToken;
    expect((await patch(ctl, ownerId, { role: 'owner' }, samCsrf)).status).toBe(200);
  });

  it('names the bad field, answers 404 for another firm’s user, and wants the CSRF token', async () => {
    const bad = await patch(owner, ctlId, { role: 'admin' }, ownerCsrf);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'bad_request', fields: [{ path: 'role' }] });
    const extra = await patch(owner, ctlId, { role: 'viewer', firmId: 'x' }, ownerCsrf);
    expect(extra.status).toBe(400);

    expect((await patch(owner, foreignUserId, { role: 'viewer' }, ownerCsrf)).status).toBe(404);
    expect((await patch(owner, 'not-an-id', { role: 'viewer' }, ownerCsrf)).status).toBe(404);

    const noCsrf = await patch(owner, ctlId, { role: 'viewer' }, '');
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error).toBe('csrf');
  });

  it('serves the launch and sign-in URLs the Xero manifest registers', async () => {
    const m = loadXeroManifest();
    for (const path of [m.signinPath, m.launchPath]) {
      const res = await fetch(`${h.url}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const to = new URL(res.headers.get('location') as string);
      expect(`${to.origin}${to.pathname}`).toBe(`${h.xero.url}/identity/connect/authorize`);
      expect(to.searchParams.get('scope')?.split(' ')).toEqual(
        expect.arrayContaining(['openid', 'profile', 'email']),
      );
    }
  });
});
