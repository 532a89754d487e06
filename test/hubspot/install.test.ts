import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_PROPERTIES } from '../../connectors/hubspot/properties.ts';
import { HUBSPOT_SCOPES } from '../../connectors/hubspot/settings.ts';
import { signFirmParam } from '../../src/http/routes/hubspot/oauth-state.ts';
import { readTokens } from '../../src/store/repos/connections.ts';
import { body, installThroughOAuth, startHubSpotHarness, type HubSpotHarness } from './harness.ts';

describe('HubSpot install', () => {
  let h: HubSpotHarness;
  beforeAll(async () => {
    h = await startHubSpotHarness();
  });
  afterAll(async () => h?.close());

  it('refuses to start without a session or a signed firm', async () => {
    const res = await fetch(`${h.appUrl}/connect/hubspot`, { redirect: 'manual' });
    expect(res.status).toBe(401);
    const forged = await fetch(`${h.appUrl}/connect/hubspot?firm=not-a-token`, { redirect: 'manual' });
    expect(forged.status).toBe(400);
    expect((await body(forged)).fields[0].path).toBe('firm');
  });

  it('asks for the manifest scopes, stores the tokens encrypted and creates the company properties', async () => {
    const start = await fetch(`${h.appUrl}/connect/hubspot?firm=${signFirmParam(h.hs.stateKey, h.firmId)}`, {
      redirect: 'manual',
    });
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location') as string);
    expect(to.searchParams.get('scope')?.split(' ')).toEqual([...HUBSPOT_SCOPES]);
    expect(to.searchParams.get('redirect_uri')).toBe(`${h.appUrl}/oauth/hubspot/callback`);

    const res = await installThroughOAuth(h);
    expect(res.status).toBe(200);
    const [conn] = await h.store.db.query<{
      id: string;
      external_tenant_id: string;
      tokens: Buffer;
      firm_id: string;
    }>(`SELECT id, external_tenant_id, tokens, firm_id FROM connections WHERE platform = 'hubspot'`);
    expect(conn?.external_tenant_id).toBe(String(h.sandbox.state.hubId));
    expect(conn?.firm_id).toBe(h.firmId);
    const issued = [...h.sandbox.state.tokens.keys()].at(-1) as string;
    expect(conn?.tokens.toString('latin1')).not.toContain(issued); // encrypted at rest
    expect((await readTokens(h.store.db, h.rt.cipher, conn!.id)).accessToken).toBe(issued);

    const companyProps = h.sandbox.state.properties.get('companies')!;
    for (const p of COMPANY_PROPERTIES) expect(companyProps.get(p.name)?.groupName).toBe('relance');
    expect(h.sandbox.state.groups.get('companies')?.get('relance')?.label).toBe('Relance');

    // Installing again changes nothing: the properties exist, the connection is the same.
    expect((await installThroughOAuth(h)).status).toBe(200);
    const rows = await h.store.db.query(`SELECT 1 FROM connections WHERE platform = 'hubspot'`);
    expect(rows).toHaveLength(1);
    expect([...companyProps.values()].filter((p) => p.groupName === 'relance')).toHaveLength(
      COMPANY_PROPERTIES.length,
    );
  });

  it('refreshes the 30-minute token ahead of expiry, keeping the rotated refresh token', async () => {
    const [conn] = await h.store.db.query<{ id: string }>(
      `SELECT id FROM connections WHERE platform = 'hubspot'`,
    );
    const before = await readTokens(h.store.db, h.rt.cipher, conn!.id);
    const ctx = await h.hs.service.contextFor(conn!.id);
    expect(await ctx!.tokens.accessToken()).toBe(before.accessToken); // fresh: no refresh
    // Four minutes left: inside the five-minute margin, so the next call refreshes first.
    const ageing = { ...before, expiresAt: new Date(Date.now() + 4 * 60_000).toISOString() };
    await h.store.db.query(`UPDATE connections SET tokens = $2 WHERE id = $1`, [
      conn!.id,
      h.rt.cipher.encrypt(ageing, `hubspot:${h.sandbox.state.hubId}`),
    ]);
    const again = await h.hs.service.contextFor(conn!.id);
    const token = await again!.tokens.accessToken();
    expect(token).not.toBe(before.accessToken);
    const after = await readTokens(h.store.db, h.rt.cipher, conn!.id);
    expect(after.accessToken).toBe(token);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(Date.parse(after.expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(h.sandbox.state.refreshTokens.has(before.refreshToken)).toBe(false);
  });

  it('refuses a forged state', async () => {
    const res = await fetch(`${h.appUrl}/oauth/hubspot/callback?code=x&state=forged`, {
      headers: { accept: 'application/json' },
    });
    expect(res.status).toBe(400);
    expect((await body(res)).error).toBe('invalid_state');
  });
});
