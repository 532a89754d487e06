import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { authorizeUrl, refreshTokens } from './oauth.ts';
import { quickbooksSettings } from './settings.ts';

const settings = quickbooksSettings(
  loadConfig({
    PUBLIC_URL: 'https://relance.example.com',
    QUICKBOOKS_CLIENT_ID: 'cid',
    QUICKBOOKS_CLIENT_SECRET: 'sec',
  }),
  {
    tokenUrl: 'http://127.0.0.1:9/never-called',
    now: () => Date.parse('2027-01-01T00:00:00Z'),
  },
);

describe('QuickBooks OAuth client', () => {
  it('asks for the accounting and OpenID scopes with the registered redirect URI and the state', () => {
    const url = new URL(authorizeUrl(settings, 'st'));
    expect(url.origin + url.pathname).toBe('https://appcenter.intuit.com/connect/oauth2');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid',
      response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting openid email profile',
      redirect_uri: 'https://relance.example.com/oauth/quickbooks/callback',
      state: 'st',
    });
  });

  it('refuses to spend a refresh token past its hard expiry: the firm must reconnect', async () => {
    const tokens = {
      accessToken: 'a',
      refreshToken: 'r',
      expiresAt: '2026-12-31T00:00:00Z',
      refreshExpiresAt: '2026-12-31T23:59:59Z',
    };
    await expect(refreshTokens(settings, tokens)).rejects.toMatchObject({ kind: 'auth_revoked' });
  });
});
