// Xero's identity endpoints on the sandbox's origin: OpenID discovery and JWKS, the authorize
// page (which auto-consents), the token endpoint (authorization_code, refresh_token), revocation,
// userinfo, and the connections API (GET /connections, DELETE /connections/{id}).
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { FaultInjector } from './faults.ts';
import type { IdentityService } from './identity.ts';
import { XERO_SCOPES } from './xero-scopes.ts';
import type { XeroLedgerStore } from './ledger-store.ts';

export interface IdentityRouteDeps {
  identity: IdentityService;
  ledger: XeroLedgerStore;
  faults: FaultInjector;
  /** Tenant ids a consent connects when the request does not say (null: every organisation). */
  consentTenantIds: () => string[] | null;
  publicUrl: () => string;
  hanging: Set<Response>;
}

const authorizeQuery = z.object({
  response_type: z.string().optional(),
  client_id: z.string().optional(),
  redirect_uri: z.string().optional(),
  scope: z.string().optional(),
  state: z.string().optional(),
  nonce: z.string().optional(),
  code_challenge: z.string().optional(),
  code_challenge_method: z.enum(['S256', 'plain']).optional(),
  /** Sandbox extension: comma-separated tenant ids to consent to, or "all". */
  sandbox_tenants: z.string().optional(),
  /** Sandbox extension: who signs in (a user's e-mail or id); default the sandbox's first user. */
  sandbox_user: z.string().optional(),
});

const tokenBody = z.object({
  grant_type: z.string().optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  code_verifier: z.string().optional(),
  refresh_token: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  token: z.string().optional(),
  token_type_hint: z.string().optional(),
});

function errorPage(res: Response, error: string, description: string): void {
  res
    .status(400)
    .type('text/html')
    .send(
      `<!doctype html><title>Xero sandbox: ${error}</title><h1>${error}</h1><p>${description.replace(/</g, '&lt;')}</p>`,
    );
}

function connectionJson(c: {
  id: string;
  tenantId: string;
  tenantName: string;
  authEventId: string;
  createdAt: number;
  updatedAt: number;
}) {
  // Xero sends these instants without a zone, with 7 fractional digits ("2019-12-07T18:46:19.5165400").
  const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 23) + '0000';
  return {
    id: c.id,
    authEventId: c.authEventId,
    tenantId: c.tenantId,
    tenantType: 'ORGANISATION',
    tenantName: c.tenantName,
    createdDateUtc: stamp(c.createdAt),
    updatedDateUtc: stamp(c.updatedAt),
  };
}

export function discoveryDocument(base: string): Record<string, unknown> {
  return {
    issuer: base,
    jwks_uri: `${base}/.well-known/openid-configuration/jwks`,
    authorization_endpoint: `${base}/identity/connect/authorize`,
    token_endpoint: `${base}/connect/token`,
    userinfo_endpoint: `${base}/connect/userinfo`,
    revocation_endpoint: `${base}/connect/revocation`,
    scopes_supported: XERO_SCOPES,
    claims_supported: [
      'sub',
      'xero_userid',
      'global_session_id',
      'auth_time',
      'email',
      'given_name',
      'family_name',
      'name',
      'preferred_username',
      'at_hash',
      'sid',
      'nonce',
    ],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    id_token_signing_alg_values_supported: ['RS256'],
    subject_types_supported: ['public'],
    code_challenge_methods_supported: ['plain', 'S256'],
    request_parameter_supported: false,
  };
}

export function identityRoutes(deps: IdentityRouteDeps): Router {
  const r = Router();
  const { identity } = deps;
  const form = express.urlencoded({ extended: false });

  r.get('/.well-known/openid-configuration', (_req, res) => {
    res.json(discoveryDocument(deps.publicUrl()));
  });
  r.get('/.well-known/openid-configuration/jwks', (_req, res) => {
    res.json({ keys: [identity.key.jwk] });
  });

  r.get('/identity/connect/authorize', (req, res) => {
    const q = authorizeQuery.safeParse(req.query);
    if (!q.success)
      return errorPage(
        res,
        'invalid_request',
        q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const p = q.data;
    if (p.client_id !== identity.options.clientId)
      return errorPage(res, 'unauthorized_client', `client_id: unknown client "${p.client_id ?? ''}"`);
    if (!p.redirect_uri || !identity.redirectUriAllowed(p.redirect_uri))
      return errorPage(
        res,
        'invalid_request',
        `redirect_uri: "${p.redirect_uri ?? ''}" is not registered for this app`,
      );
    const back = new URL(p.redirect_uri);
    const fail = (error: string, description: string) => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      if (p.state) back.searchParams.set('state', p.state);
      res.redirect(302, back.toString());
    };
    if (p.response_type !== 'code')
      return fail('unsupported_response_type', 'response_type: only "code" is supported');
    if (!p.state) return fail('invalid_request', 'state: required');
    const scopes = (p.scope ?? '').split(/\s+/).filter((s) => s.length > 0);
    if (scopes.length === 0) return fail('invalid_scope', 'scope: required');
    const unknown = scopes.filter((s) => !identity.options.allowedScopes.includes(s));
    if (unknown.length > 0)
      return fail('invalid_scope', `scope: not allowed for this app: ${unknown.join(' ')}`);
    const wanted =
      p.sandbox_tenants && p.sandbox_tenants !== 'all'
        ? p.sandbox_tenants.split(',').map((s) => s.trim().toLowerCase())
        : p.sandbox_tenants === 'all'
          ? null
          : deps.consentTenantIds();
    const orgs = wanted === null ? deps.ledger.list() : wanted.flatMap((id) => deps.ledger.get(id) ?? []);
    if (orgs.length === 0 || (wanted !== null && orgs.length !== wanted.length)) {
      return errorPage(
        res,
        'invalid_request',
        `sandbox_tenants: unknown organisation among ${(wanted ?? []).join(', ')}`,
      );
    }
    const user = p.sandbox_user === undefined ? null : identity.findUser(p.sandbox_user);
    if (p.sandbox_user !== undefined && !user)
      return errorPage(res, 'invalid_request', `sandbox_user: no user "${p.sandbox_user}" in the sandbox`);
    const code = identity.consent({
      clientId: p.client_id,
      ...(user ? { userId: user.userId } : {}),
      redirectUri: p.redirect_uri,
      scopes,
      tenants: orgs.map((o) => ({ tenantId: o.tenantId, name: o.org.name })),
      nonce: p.nonce ?? null,
      codeChallenge: p.code_challenge ?? null,
      codeChallengeMethod: p.code_challenge_method ?? 'plain',
    });
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scopes.join(' '));
    back.searchParams.set('state', p.state);
    back.searchParams.set('session_state', code.slice(0, 16));
    res.redirect(302, back.toString());
  });

  r.post('/connect/token', form, (req: Request, res: Response) => {
    const body = tokenBody.safeParse(req.body ?? {});
    if (!body.success) return void res.status(400).json({ error: 'invalid_request' });
    const fault = deps.faults.take('token', 'POST', '/connect/token');
    if (fault?.kind === 'status-500' || fault?.kind === 'status-503')
      return void res
        .status(Number(fault.kind.slice(-3)))
        .type('text/plain')
        .send('Service unavailable');
    if (fault?.kind === 'hang') {
      deps.hanging.add(res);
      res.on('close', () => deps.hanging.delete(res));
      return;
    }
    const client = identity.authenticateClient(req.headers.authorization, body.data);
    if (!client) return void res.status(400).json({ error: 'invalid_client' });
    const p = body.data;
    const result =
      p.grant_type === 'authorization_code'
        ? identity.exchangeCode(client.clientId, client.secretOk, p)
        : p.grant_type === 'refresh_token'
          ? identity.refresh(client.clientId, client.secretOk, p.refresh_token)
          : { status: 400, body: { error: 'unsupported_grant_type' } };
    if (fault?.kind === 'lose-token-response') {
      // The grant was processed (a refresh token rotated) but the answer never arrives.
      req.socket.destroy();
      return;
    }
    res.set('Cache-Control', 'no-store').status(result.status).json(result.body);
  });

  r.post('/connect/revocation', form, (req, res) => {
    const body = tokenBody.safeParse(req.body ?? {});
    const client = body.success ? identity.authenticateClient(req.headers.authorization, body.data) : null;
    if (!client || !client.secretOk) return void res.status(400).json({ error: 'invalid_client' });
    identity.revoke(client.clientId, body.data?.token);
    res.status(200).end();
  });

  r.get('/connect/userinfo', (req, res) => {
    const access = identity.checkAccessToken(req.headers.authorization);
    if (!access.ok) return void res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').end();
    if (!access.scopes.includes('openid'))
      return void res.status(403).set('WWW-Authenticate', 'Bearer error="insufficient_scope"').end();
    res.json(identity.claims(access.userId, access.scopes));
  });

  r.get('/connections', (req, res) => {
    const access = identity.checkAccessToken(req.headers.authorization);
    if (!access.ok)
      return void res
        .status(401)
        .json({ Type: null, Title: 'Unauthorized', Status: 401, Detail: access.detail, Extensions: {} });
    const authEventId =
      typeof req.query.authEventId === 'string' ? req.query.authEventId.toLowerCase() : null;
    // A user sees the connections they made, not other users' (as GET /connections does at Xero).
    const list = [...identity.connections.values()].filter(
      (c) => c.userId === access.userId && (authEventId === null || c.authEventId === authEventId),
    );
    res.json(list.sort((a, b) => a.createdAt - b.createdAt).map(connectionJson));
  });

  r.delete('/connections/:id', (req, res) => {
    const access = identity.checkAccessToken(req.headers.authorization);
    if (!access.ok)
      return void res
        .status(401)
        .json({ Type: null, Title: 'Unauthorized', Status: 401, Detail: access.detail, Extensions: {} });
    const id = String(req.params.id).toLowerCase();
    if (identity.connections.get(id)?.userId !== access.userId || !identity.connections.delete(id))
      return void res.status(404).type('text/plain').send("The resource you're looking for cannot be found");
    res.status(204).end();
  });

  return r;
}
