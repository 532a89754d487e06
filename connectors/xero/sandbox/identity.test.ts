import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from './clock.ts';
import { startXeroSandbox, type RunningXeroSandbox } from './sandbox.ts';
import {
  TEST_REDIRECT_URI,
  connectXeroNode,
  consent,
  xeroNodeClient,
  xeroNodeRejection,
} from './xero-node-harness.ts';

const MINUTE = 60_000;

async function connections(
  sandbox: RunningXeroSandbox,
  accessToken: string,
): Promise<{ id: string; tenantId: string; tenantName: string; authEventId: string; tenantType: string }[]> {
  const res = await fetch(`${sandbox.url}/connections`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

async function tokenRequest(
  sandbox: RunningXeroSandbox,
  body: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const { clientId, clientSecret } = sandbox.state.identity.options;
  const res = await fetch(`${sandbox.url}/connect/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('Xero sandbox identity (through xero-node and openid-client)', () => {
  let clock: ManualClock;
  let sandbox: RunningXeroSandbox;
  let tenants: string[];

  beforeEach(async () => {
    clock = createManualClock(Date.UTC(2026, 0, 31, 9));
    sandbox = await startXeroSandbox({
      clock,
      redirectUris: [TEST_REDIRECT_URI],
      organisations: [
        {
          name: 'Atelier Lumière SRL',
          countryCode: 'BE',
          ledger: { seed: 'id-a', contacts: 3, invoices: 5, payments: 2 },
        },
        {
          name: 'Harbour & Pine Ltd',
          countryCode: 'GB',
          ledger: { seed: 'id-b', contacts: 3, invoices: 5, payments: 2 },
        },
      ],
    });
    tenants = sandbox.state.ledger.list().map((o) => o.tenantId);
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('completes consent, callback and token exchange, with an id_token openid-client accepts', async () => {
    const xero = await connectXeroNode(sandbox);
    const tokenSet = xero.readTokenSet();
    expect(tokenSet.claims().iss).toBe(sandbox.url);
    expect(tokenSet.claims().xero_userid).toBe(sandbox.state.identity.userId);
    expect(tokenSet.expires_in ?? 0).toBeGreaterThan(1790);
    expect(tokenSet.scope).toContain('offline_access');
    expect(tokenSet.refresh_token).toMatch(/^[0-9a-f]{64}$/);
    const accessClaims = JSON.parse(
      Buffer.from(String(tokenSet.access_token).split('.')[1] as string, 'base64url').toString(),
    ) as Record<string, unknown>;
    const list = await connections(sandbox, String(tokenSet.access_token));
    expect(list.map((c) => c.tenantName).sort()).toEqual(['Atelier Lumière SRL', 'Harbour & Pine Ltd']);
    expect(
      list.every(
        (c) => c.authEventId === accessClaims.authentication_event_id && c.tenantType === 'ORGANISATION',
      ),
    ).toBe(true);
    const org = await xero.accountingApi.getOrganisations(tenants[1] as string);
    expect(org.body.organisations?.[0]?.name).toBe('Harbour & Pine Ltd');
  });

  it('connects only the organisations chosen at consent, and refuses the others with 403', async () => {
    const xero = await connectXeroNode(sandbox, { tenantIds: [tenants[0] as string] });
    const list = await connections(sandbox, String(xero.readTokenSet().access_token));
    expect(list.map((c) => c.tenantId)).toEqual([tenants[0]]);
    const refused = await xeroNodeRejection(xero.accountingApi.getInvoices(tenants[1] as string));
    expect(refused).toMatchObject({ status: 403, body: { Detail: 'AuthenticationUnsuccessful' } });
  });

  it('rotates the refresh token and keeps the previous one usable for 30 minutes only', async () => {
    const xero = await connectXeroNode(sandbox);
    const first = String(xero.readTokenSet().refresh_token);
    const second = await xero.refreshToken();
    expect(second.refresh_token).not.toBe(first);
    clock.advance(29 * MINUTE);
    const retried = await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: first });
    expect(retried.status).toBe(200);
    expect(retried.json.refresh_token).toMatch(/^[0-9a-f]{64}$/);
    clock.advance(2 * MINUTE);
    expect(await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: first })).toEqual({
      status: 400,
      json: { error: 'invalid_grant' },
    });
    // The token from the successful rotation is still good.
    expect(
      (
        await tokenRequest(sandbox, {
          grant_type: 'refresh_token',
          refresh_token: String(second.refresh_token),
        })
      ).status,
    ).toBe(200);
  });

  it('processes a refresh whose response is lost, so the old refresh token must be retried within the grace', async () => {
    const xero = await connectXeroNode(sandbox);
    const original = String(xero.readTokenSet().refresh_token);
    sandbox.state.faults.inject({ kind: 'lose-token-response' });
    await expect(xero.refreshToken()).rejects.toThrow();
    clock.advance(10 * MINUTE);
    // (xero-node's refreshWithRefreshToken posts to identity.xero.com; the retry goes through openid-client.)
    const retried = await xero.openIdClient.refresh(original);
    expect(retried.access_token).toBeTruthy();
    expect(retried.refresh_token).not.toBe(original);
  });

  it('expires a refresh token left unused for 60 days', async () => {
    const xero = await connectXeroNode(sandbox);
    clock.advance(60 * 24 * 60 * MINUTE + 1000);
    const refused = await tokenRequest(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: String(xero.readTokenSet().refresh_token),
    });
    expect(refused).toEqual({ status: 400, json: { error: 'invalid_grant' } });
  });

  it('rejects an access token after its 30 minutes with 401 TokenExpired', async () => {
    const xero = await connectXeroNode(sandbox);
    clock.advance(31 * MINUTE);
    const refused = await xeroNodeRejection(xero.accountingApi.getInvoices(tenants[0] as string));
    expect(refused.status).toBe(401);
    expect(String((refused.body as { Detail?: string }).Detail)).toMatch(/^TokenExpired/);
    await xero.refreshToken();
    const ok = await xero.accountingApi.getInvoices(tenants[0] as string);
    expect(ok.response.status).toBe(200);
  });

  it('uses an authorization code once', async () => {
    const xero = await xeroNodeClient(sandbox);
    const callback = await consent(await xero.buildConsentUrl());
    const code = new URL(callback).searchParams.get('code') as string;
    expect(
      (
        await tokenRequest(sandbox, {
          grant_type: 'authorization_code',
          code,
          redirect_uri: TEST_REDIRECT_URI,
        })
      ).status,
    ).toBe(200);
    expect(
      await tokenRequest(sandbox, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: TEST_REDIRECT_URI,
      }),
    ).toEqual({ status: 400, json: { error: 'invalid_grant' } });
  });

  it('refuses a wrong client secret with invalid_client', async () => {
    const res = await fetch(`${sandbox.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: sandbox.state.identity.options.clientId,
        client_secret: 'wrong',
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_client' });
  });

  it('validates the authorize request: client, redirect URI, scope and state', async () => {
    const base = `${sandbox.url}/identity/connect/authorize`;
    const params = {
      response_type: 'code',
      client_id: sandbox.state.identity.options.clientId,
      redirect_uri: TEST_REDIRECT_URI,
      scope: 'openid accounting.invoices',
      state: 's1',
    };
    const go = (p: Record<string, string>) =>
      fetch(`${base}?${new URLSearchParams(p)}`, { redirect: 'manual' });
    expect((await go({ ...params, client_id: 'someone-else' })).status).toBe(400);
    expect((await go({ ...params, redirect_uri: 'https://evil.example/cb' })).status).toBe(400);
    const badScope = new URL(
      (await go({ ...params, scope: 'openid accounting.everything' })).headers.get('location') as string,
    );
    expect(Object.fromEntries(badScope.searchParams)).toMatchObject({ error: 'invalid_scope', state: 's1' });
    const noState = new URL((await go({ ...params, state: '' })).headers.get('location') as string);
    expect(noState.searchParams.get('error')).toBe('invalid_request');
    const ok = new URL((await go(params)).headers.get('location') as string);
    expect(ok.origin + ok.pathname).toBe(TEST_REDIRECT_URI);
    expect(ok.searchParams.get('state')).toBe('s1');
    expect(ok.searchParams.get('code')).toBeTruthy();
  });

  it('refuses calls that lack the scope for the resource with 401 AuthorizationUnsuccessful', async () => {
    const xero = await connectXeroNode(sandbox, {
      scopes: ['openid', 'offline_access', 'accounting.contacts.read'],
    });
    const refused = await xeroNodeRejection(xero.accountingApi.getInvoices(tenants[0] as string));
    expect(refused).toMatchObject({ status: 401, body: { Detail: 'AuthorizationUnsuccessful' } });
    expect((await xero.accountingApi.getContacts(tenants[0] as string)).response.status).toBe(200);
  });

  it('disconnects an organisation with DELETE /connections/{id}', async () => {
    const xero = await connectXeroNode(sandbox);
    const token = String(xero.readTokenSet().access_token);
    const target = (await connections(sandbox, token)).find((c) => c.tenantId === tenants[0]);
    const res = await fetch(`${sandbox.url}/connections/${target?.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(204);
    expect((await connections(sandbox, token)).map((c) => c.tenantId)).toEqual([tenants[1]]);
    const refused = await xeroNodeRejection(xero.accountingApi.getInvoices(tenants[0] as string));
    expect(refused.status).toBe(403);
  });

  it('revokes a refresh token: it no longer refreshes and its connections are gone', async () => {
    const xero = await connectXeroNode(sandbox);
    const { refresh_token: refreshToken, access_token: accessToken } = xero.readTokenSet();
    await xero.openIdClient.revoke(String(refreshToken));
    expect(
      await tokenRequest(sandbox, { grant_type: 'refresh_token', refresh_token: String(refreshToken) }),
    ).toEqual({ status: 400, json: { error: 'invalid_grant' } });
    const res = await fetch(`${sandbox.url}/connections`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(res.status).toBe(401);
    expect(sandbox.state.identity.connections.size).toBe(0);
  });
});
