// OAuth as HubSpot runs it: the consent page (approved at once in the double), the v1 token endpoint
// (form-encoded; authorization_code and refresh_token grants, refresh tokens rotated), token info and
// refresh-token revocation.
import express from 'express';
import { randomBytes } from 'node:crypto';
import { oauthError } from './errors.ts';
import type { HubSpotState } from './state.ts';

export function oauthRoutes(state: HubSpotState): express.Router {
  const r = express.Router();

  r.get('/oauth/authorize', (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    if (q.client_id !== state.clientId) return oauthError(res, 'BAD_CLIENT_ID', 'unknown client_id');
    if (!q.redirect_uri) return oauthError(res, 'BAD_REDIRECT_URI', 'redirect_uri is required');
    const scopes = (q.scope ?? '').split(/[ +]/).filter(Boolean);
    if (scopes.length === 0) return oauthError(res, 'BAD_SCOPES', 'scope is required');
    const code = randomBytes(18).toString('hex');
    state.codes.set(code, { redirectUri: q.redirect_uri, scopes, expiresAt: state.now() + 10 * 60_000 });
    const back = new URL(q.redirect_uri);
    back.searchParams.set('code', code);
    if (q.state !== undefined) back.searchParams.set('state', q.state);
    res.redirect(302, back.toString());
  });

  r.post('/oauth/v1/token', express.urlencoded({ extended: false }), (req, res) => {
    if (!req.is('application/x-www-form-urlencoded'))
      return oauthError(res, 'BAD_REQUEST', 'expected application/x-www-form-urlencoded');
    const b = req.body as Record<string, string | undefined>;
    if (b.client_id !== state.clientId)
      return oauthError(res, 'BAD_CLIENT_ID', 'missing or unknown client_id');
    if (b.client_secret !== state.clientSecret)
      return oauthError(res, 'BAD_CLIENT_SECRET', 'missing or invalid client_secret');
    if (b.grant_type === 'authorization_code') {
      const code = b.code ? state.codes.get(b.code) : undefined;
      if (!code || code.expiresAt < state.now())
        return oauthError(res, 'BAD_AUTH_CODE', 'missing or unknown auth code');
      if (code.redirectUri !== b.redirect_uri)
        return oauthError(res, 'BAD_REDIRECT_URI', 'redirect_uri does not match the authorization request');
      state.codes.delete(b.code as string);
      const t = state.issueTokens(code.scopes);
      return res.json({
        token_type: 'bearer',
        refresh_token: t.refreshToken,
        access_token: t.accessToken,
        expires_in: state.tokenTtlSeconds,
      });
    }
    if (b.grant_type === 'refresh_token') {
      const old = b.refresh_token ? state.refreshTokens.get(b.refresh_token) : undefined;
      if (!old || old.revoked)
        return oauthError(res, 'BAD_REFRESH_TOKEN', 'missing or unknown refresh token');
      // Rotation: the old refresh token stops working once the new one is issued.
      state.refreshTokens.delete(b.refresh_token as string);
      old.revoked = true;
      const t = state.issueTokens(old.scopes, old.userId, old.user);
      return res.json({
        token_type: 'bearer',
        refresh_token: t.refreshToken,
        access_token: t.accessToken,
        expires_in: state.tokenTtlSeconds,
      });
    }
    return oauthError(res, 'BAD_GRANT_TYPE', 'grant_type must be authorization_code or refresh_token');
  });

  r.get('/oauth/v1/access-tokens/:token', (req, res) => {
    const t = state.tokens.get(req.params.token);
    if (!t || t.expiresAt < state.now())
      return res.status(404).json({ status: 'error', message: 'Token not found or expired' });
    res.json({
      token: t.accessToken,
      user: t.user,
      hub_domain: `sandbox-${t.hubId}.hubspot.example`,
      scopes: t.scopes,
      hub_id: t.hubId,
      app_id: state.appId,
      expires_in: Math.max(0, Math.floor((t.expiresAt - state.now()) / 1000)),
      user_id: t.userId,
      token_type: 'access',
    });
  });

  r.delete('/oauth/v1/refresh-tokens/:token', (req, res) => {
    const t = state.refreshTokens.get(req.params.token);
    if (!t) return res.status(404).json({ status: 'error', message: 'refresh token not found' });
    t.revoked = true;
    state.refreshTokens.delete(req.params.token);
    for (const [k, g] of state.tokens) if (g === t) state.tokens.delete(k);
    res.status(204).end();
  });
  return r;
}
