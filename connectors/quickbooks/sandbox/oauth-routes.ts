// Intuit's OAuth 2.0 endpoints, at the same paths as the real hosts use:
//   GET  /connect/oauth2                 (appcenter.intuit.com)      authorize; consents at once
//   POST /oauth2/v1/tokens/bearer        (oauth.platform.intuit.com) code or refresh token → tokens
//   POST /v2/oauth2/tokens/revoke        (developer.api.intuit.com)  revoke
//   GET  /v1/openid_connect/userinfo     (accounts.platform.intuit.com) the signed-in user (OpenID)
// Sandbox extensions on authorize: `realm=<id>` picks the company (else the first), `user=<e-mail
// or sub>` picks who signs in (else the company's administrator), `deny=1` answers as if the user
// had refused.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { OAuthError } from './oauth-store.ts';
import type { SandboxState } from './sandbox-state.ts';

const KNOWN_SCOPES = new Set([
  'com.intuit.quickbooks.accounting',
  'com.intuit.quickbooks.payment',
  'openid',
  'profile',
  'email',
  'phone',
  'address',
]);

const authorizeSchema = z.object({
  client_id: z.string().min(1),
  redirect_uri: z.url(),
  response_type: z.string().optional(),
  scope: z.string().optional(),
  state: z.string().optional(),
  realm: z.string().optional(),
  user: z.string().optional(),
  deny: z.string().optional(),
});

const tokenSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    code: z.string().min(1),
    redirect_uri: z.string().min(1),
  }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(1) }),
]);

const revokeSchema = z.object({ token: z.string().min(1) });

function oauthError(res: Response, status: number, error: OAuthError): void {
  res.status(status).set('Cache-Control', 'no-store').json(error);
}

function basicClient(req: Request): { id: string; secret: string } | null {
  const m = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function redirectWith(res: Response, redirectUri: string, params: Record<string, string | undefined>): void {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  res.redirect(302, url.toString());
}

export function oauthRoutes(state: SandboxState): Router {
  const router = express.Router();
  const { options } = state;
  const redirectAllowed = (uri: string): boolean =>
    !options.redirectUris || options.redirectUris.includes(uri);

  router.get('/connect/oauth2', (req, res) => {
    const parsed = authorizeSchema.safeParse(req.query);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'request';
      return oauthError(res, 400, {
        error: 'invalid_request',
        error_description: `${field}: ${parsed.error.issues[0]?.message}`,
      });
    }
    const q = parsed.data;
    if (q.client_id !== options.clientId)
      return oauthError(res, 400, { error: 'invalid_client', error_description: 'unknown client_id' });
    if (!redirectAllowed(q.redirect_uri)) {
      return oauthError(res, 400, {
        error: 'invalid_request',
        error_description: 'redirect_uri is not registered for this app',
      });
    }
    const back = (params: Record<string, string | undefined>): void =>
      redirectWith(res, q.redirect_uri, { ...params, state: q.state });
    if (q.response_type !== 'code') return back({ error: 'unsupported_response_type' });
    if (!q.state) return back({ error: 'invalid_request', error_description: 'state is required' });
    const scopes = (q.scope ?? '').split(/\s+/).filter((s) => s !== '');
    if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s)))
      return back({ error: 'invalid_scope' });
    if (q.deny === '1' || q.deny === 'true') return back({ error: 'access_denied' });
    const company = q.realm === undefined ? state.company() : state.companies.get(q.realm);
    if (!company)
      return oauthError(res, 400, {
        error: 'invalid_request',
        error_description: `no company ${q.realm} in the sandbox`,
      });
    const user =
      q.user === undefined
        ? state.oauth.defaultUser(company.realmId, company.profile.email.split('@')[1] ?? 'example.com')
        : state.oauth.findUser(q.user);
    if (!user || !user.realmIds.includes(company.realmId))
      return oauthError(res, 400, {
        error: 'invalid_request',
        error_description: `user ${q.user ?? ''} has no access to company ${company.realmId}`,
      });
    const code = state.oauth.issueCode(company.realmId, q.redirect_uri, scopes.join(' '), user.sub);
    return back({ code, realmId: company.realmId });
  });

  const clientAuth = (req: Request, res: Response): boolean => {
    const client = basicClient(req);
    if (!client || !state.oauth.checkClient(client.id, client.secret)) {
      oauthError(res, 401, { error: 'invalid_client' });
      return false;
    }
    return true;
  };

  router.post('/oauth2/v1/tokens/bearer', express.urlencoded({ extended: false }), (req, res) => {
    if (!clientAuth(req, res)) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.grant_type !== 'authorization_code' && body.grant_type !== 'refresh_token') {
      return oauthError(res, 400, { error: 'unsupported_grant_type' });
    }
    const parsed = tokenSchema.safeParse(body);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') ?? 'body';
      return oauthError(res, 400, {
        error: 'invalid_request',
        error_description: `${field} is missing or empty`,
      });
    }
    const grant = parsed.data;
    if (grant.grant_type === 'authorization_code' && !redirectAllowed(grant.redirect_uri)) {
      return oauthError(res, 400, {
        error: 'invalid_grant',
        error_description: 'redirect_uri is not registered',
      });
    }
    const result =
      grant.grant_type === 'authorization_code'
        ? state.oauth.exchangeCode(grant.code, grant.redirect_uri)
        : state.oauth.refresh(grant.refresh_token);
    if ('error' in result) return oauthError(res, 400, result);
    res.status(200).set('Cache-Control', 'no-store').json(result);
  });

  router.post(
    '/v2/oauth2/tokens/revoke',
    express.json(),
    express.urlencoded({ extended: false }),
    (req, res) => {
      if (!clientAuth(req, res)) return;
      const parsed = revokeSchema.safeParse(req.body ?? {});
      if (!parsed.success)
        return oauthError(res, 400, { error: 'invalid_request', error_description: 'token is required' });
      state.oauth.revoke(parsed.data.token);
      res.status(200).end();
    },
  );

  router.get('/v1/openid_connect/userinfo', (req, res) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const info = state.oauth.userInfo(m ? (m[1] as string) : null);
    if (info === 'invalid')
      return void res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').end();
    if (info === 'insufficient_scope')
      return void res.status(403).set('WWW-Authenticate', 'Bearer error="insufficient_scope"').end();
    res.status(200).set('Cache-Control', 'no-store').json(info);
  });

  return router;
}
