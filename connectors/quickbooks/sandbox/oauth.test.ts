import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from './clock.ts';
import { call, QuickBooks, type SdkFailure } from './sdk-test-client.ts';
import { startQuickBooksSandbox, type RunningQuickBooksSandbox } from './server.ts';

const CLIENT_ID = 'relance-test-client';
const CLIENT_SECRET = 'relance-test-secret';
const REDIRECT = 'http://localhost:3000/oauth/quickbooks/callback';
let clock: ManualClock;
let sandbox: RunningQuickBooksSandbox;

beforeEach(async () => {
  clock = createManualClock('2026-04-01T12:00:00Z');
  sandbox = await startQuickBooksSandbox({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [REDIRECT],
    clock,
    refreshTokenHardTtlSeconds: 86_400 * 365 * 5,
    companies: [{ companyName: 'First Co' }, { companyName: 'Second Co' }],
  });
});
afterEach(async () => {
  await sandbox.close();
});

async function authorize(params: Record<string, string> = {}): Promise<URL> {
  const url = new URL(sandbox.urls.authorize);
  const query = {
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting',
    state: 'csrf-123',
    ...params,
  };
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') as string);
}

async function token(
  form: Record<string, string>,
  secret = CLIENT_SECRET,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(sandbox.urls.token, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function client(accessToken: string, refreshToken: string, realmId: string) {
  const qbo = new QuickBooks(
    CLIENT_ID,
    CLIENT_SECRET,
    accessToken,
    false,
    realmId,
    true,
    false,
    '75',
    '2.0',
    refreshToken,
  );
  qbo.endpoint = sandbox.urls.v3Endpoint;
  QuickBooks.TOKEN_URL = sandbox.urls.token;
  QuickBooks.REVOKE_URL = sandbox.urls.revoke;
  return qbo;
}

describe('OAuth 2.0 against the sandbox', () => {
  it('runs code → tokens → refresh (rotating) → revoke, as Intuit does', async () => {
    const callback = await authorize();
    const realmId = callback.searchParams.get('realmId') as string;
    const code = callback.searchParams.get('code') as string;
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('csrf-123');
    expect(realmId).toBe(sandbox.state.company().realmId);

    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(exchanged.status).toBe(200);
    expect(exchanged.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 3600,
      x_refresh_token_expires_in: 8_726_400,
    });
    expect(exchanged.body.x_refresh_token_hard_expires_in).toBe(86_400 * 365 * 5);
    const reused = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const qbo = client(
      exchanged.body.access_token as string,
      exchanged.body.refresh_token as string,
      realmId,
    );
    const info = await call((cb) => qbo.getCompanyInfo(realmId, cb));
    expect(info.CompanyName).toBe('First Co');

    const refreshed = await call<{ refresh_token: string; access_token: string }>((cb) =>
      qbo.refreshAccessToken(cb),
    );
    expect(refreshed.refresh_token).not.toBe(exchanged.body.refresh_token);
    expect(qbo.token).toBe(refreshed.access_token);
    const old = await token({
      grant_type: 'refresh_token',
      refresh_token: exchanged.body.refresh_token as string,
    });
    expect(old).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    await call((cb) => qbo.getCompanyInfo(realmId, cb));

    const accessBeforeRevoke = qbo.token;
    await call((cb) => qbo.revokeAccess(true, cb));
    const revokedClient = client(accessBeforeRevoke, refreshed.refresh_token, realmId);
    const denied = await call((cb) => revokedClient.getCompanyInfo(realmId, cb)).catch((e: SdkFailure) => e);
    expect(denied).toMatchObject({
      status: 401,
      body: {
        fault: {
          error: [
            {
              message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
              code: '3200',
              detail: 'Token revoked',
            },
          ],
          type: 'AUTHENTICATION',
        },
      },
    });
    const afterRevoke = await token({ grant_type: 'refresh_token', refresh_token: refreshed.refresh_token });
    expect(afterRevoke).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('answers 401 "Token expired" once the hour is up, and a refresh brings the API back', async () => {
    const realmId = sandbox.state.company().realmId;
    const tokens = sandbox.state.oauth.issueTokens(realmId);
    const qbo = client(tokens.access_token, tokens.refresh_token, realmId);
    clock.advance(3_600_000);
    const expired = await call((cb) => qbo.getCompanyInfo(realmId, cb)).catch((e: SdkFailure) => e);
    expect(expired).toMatchObject({
      status: 401,
      body: { fault: { error: [{ detail: 'Token expired', code: '3200' }] } },
    });
    await call((cb) => qbo.refreshAccessToken(cb));
    expect((await call((cb) => qbo.getCompanyInfo(realmId, cb))).CompanyName).toBe('First Co');
  });

  it('lets a test pick the company with realm=, and refuses a token on another company (403)', async () => {
    const second = [...sandbox.state.companies.keys()][1] as string;
    const callback = await authorize({ realm: second });
    expect(callback.searchParams.get('realmId')).toBe(second);
    const code = callback.searchParams.get('code') as string;
    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    const first = sandbox.state.company().realmId;
    const qbo = client(exchanged.body.access_token as string, exchanged.body.refresh_token as string, first);
    const refused = await call((cb) => qbo.getCompanyInfo(first, cb)).catch((e: SdkFailure) => e);
    expect(refused).toMatchObject({
      status: 403,
      body: { Fault: { Error: [{ code: '3100' }], type: 'AUTHORIZATION' } },
    });
  });

  it('sends errors back to the redirect URI: access_denied, invalid_scope, missing state', async () => {
    expect((await authorize({ deny: '1' })).searchParams.get('error')).toBe('access_denied');
    expect((await authorize({ scope: 'com.intuit.quickbooks.everything' })).searchParams.get('error')).toBe(
      'invalid_scope',
    );
    expect((await authorize({ state: '' })).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses an unregistered redirect URI, a wrong client secret and a code bound to another redirect URI', async () => {
    const url = new URL(sandbox.urls.authorize);
    url.search = new URLSearchParams({
      client_id: CLIENT_ID,
      redirect_uri: 'https://evil.example/cb',
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting',
      state: 's',
    }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });

    const code = (await authorize()).searchParams.get('code') as string;
    expect(await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, 'wrong')).toEqual({
      status: 401,
      body: { error: 'invalid_client' },
    });
    const other = (await authorize()).searchParams.get('code') as string;
    const misbound = await token({
      grant_type: 'authorization_code',
      code: other,
      redirect_uri: `${REDIRECT}/other`,
    });
    expect(misbound).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await token({ grant_type: 'password' })).toEqual({
      status: 400,
      body: { error: 'unsupported_grant_type' },
    });
  });

  it('stops refreshing at the hard expiry, however often the token was refreshed', async () => {
    let tokens = sandbox.state.oauth.issueTokens(sandbox.state.company().realmId);
    // Twenty refreshes, a quarter apart: 1,800 days, just short of the five-year hard limit.
    for (let quarter = 0; quarter < 20; quarter++) {
      clock.advance(86_400_000 * 90);
      const next = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
      expect(next.status).toBe(200);
      tokens = next.body as unknown as typeof tokens;
    }
    expect(tokens.x_refresh_token_hard_expires_in).toBe(86_400 * 25);
    expect(tokens.x_refresh_token_expires_in).toBe(86_400 * 25);
    clock.advance(86_400_000 * 30);
    const late = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(late).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });
});
