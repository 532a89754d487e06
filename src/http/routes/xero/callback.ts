// GET /oauth/xero/callback: the code exchanged for tokens, then one firm per organisation the
// consent covers: an organisation connected before is reconnected to its firm, a new one becomes a
// firm named from its Organisation record. Each then gets a full sync. The user the id_token names
// (openid-client has checked it against the issuer's JWKS) is recorded in each of those firms (the
// first user of a firm is its owner) and gets a panel session for the first organisation only; the
// others are a POST /api/v1/session/switch away. A sign-in (its state says so) and a browser land in
// /app/ with the cookie; a client asking for JSON on the connect flow gets the list, as before.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ConnectionContext, ConnectionGrant } from '../../../../connectors/sdk/connector.ts';
import { ConnectorError, ERROR_POLICY } from '../../../../connectors/sdk/errors.ts';
import { XERO_LIMITS } from '../../../../connectors/xero/xero-connector.ts';
import { findConnection, saveGrant } from '../../../store/repos/connections.ts';
import { createFirm } from '../../../store/repos/firms.ts';
import { recordSignIn } from '../../../store/repos/users.ts';
import { APP_PATH, signIn, signInPage } from '../../auth/signin.ts';
import { looksLikeSignIn, verifySignInState } from '../../auth/signin-state.ts';
import { XERO_SIGNIN_PATH, type XeroRouteDeps } from './deps.ts';
import { verifyState } from './oauth-state.ts';

const retry = { href: XERO_SIGNIN_PATH, label: 'Sign in with Xero again' };

const querySchema = z.union([
  z.object({ code: z.string().min(1, 'required'), state: z.string().min(1, 'required') }).loose(),
  z.object({ error: z.string().min(1), state: z.string().optional() }).loose(),
]);

export function callbackHandler(deps: XeroRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.set('Cache-Control', 'no-store');
    const state = typeof req.query.state === 'string' ? req.query.state : undefined;
    if (looksLikeSignIn(state)) return signInCallback(deps, req, res);
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success)
      return void res.status(400).json({ error: 'invalid_callback', field: 'code', reason: 'required' });
    if ('error' in parsed.data)
      return void res.status(400).json({ error: 'consent_refused', reason: String(parsed.data.error) });
    if (!verifyState(deps.stateSecret, parsed.data.state, deps.now())) {
      if (req.accepts(['json', 'html']) === 'html')
        return signInPage(req, res, {
          status: 400,
          platform: 'xero',
          error: 'invalid_state',
          message:
            'Xero connection refused: the state is not signed by this server or has expired. Start again.',
          retry,
        });
      return void res
        .status(400)
        .json({ error: 'invalid_state', field: 'state', reason: 'not signed by this server or expired' });
    }
    let grants: ConnectionGrant[];
    try {
      grants = await deps.connector.exchangeCode(new URLSearchParams(req.originalUrl.split('?')[1] ?? ''));
    } catch (err) {
      const kind = err instanceof ConnectorError ? err.kind : 'upstream_unavailable';
      deps.rt.log.warn({ err: (err as Error).message }, 'xero code exchange failed');
      return void res
        .status(kind === 'auth_revoked' ? 400 : ERROR_POLICY[kind].httpStatus)
        .json({ error: kind });
    }
    const connected = [];
    for (const grant of grants) connected.push(await connect(deps, grant));
    const user = await recordUser(deps, res, grants, connected);
    if (req.accepts(['json', 'html']) === 'html') return void res.redirect(302, APP_PATH);
    res.status(200).json({ connected, ...(user ? { user } : {}) });
  };
}

/** The callback of a sign-in: every failure is a page that says what happened and offers to retry. */
async function signInCallback(deps: XeroRouteDeps, req: Request, res: Response): Promise<void> {
  const fail = (status: number, error: string, message: string) =>
    signInPage(req, res, { status, platform: 'xero', error, message, retry });
  const check = verifySignInState(deps.stateSecret, 'xero', req.query.state as string, deps.now());
  if (!check.ok) return fail(400, 'invalid_state', `Xero sign-in refused: ${check.reason}. Start again.`);
  if (typeof req.query.error === 'string')
    return fail(400, 'access_denied', `Xero did not sign you in: ${req.query.error}.`);
  if (typeof req.query.code !== 'string' || req.query.code === '')
    return fail(400, 'invalid_callback', 'Xero sent no authorisation code. Start again.');
  let grants: ConnectionGrant[];
  try {
    grants = await deps.connector.exchangeCode(new URLSearchParams(req.originalUrl.split('?')[1] ?? ''));
  } catch (err) {
    const kind = err instanceof ConnectorError ? err.kind : 'upstream_unavailable';
    deps.rt.log.warn({ err: (err as Error).message }, 'xero sign-in code exchange failed');
    return fail(kind === 'auth_revoked' ? 400 : 502, kind, `Xero sign-in failed: ${(err as Error).message}`);
  }
  if (grants.length === 0)
    return fail(400, 'no_organisation', 'No Xero organisation was connected. Choose one and start again.');
  if (!grants[0]?.user)
    return fail(
      502,
      'unknown_user',
      'Xero did not say who you are (signing in needs the openid, profile and email scopes). Start again.',
    );
  const connected = [];
  for (const grant of grants) connected.push(await connect(deps, grant));
  await recordUser(deps, res, grants, connected);
  res.redirect(302, check.claims.next ?? APP_PATH);
}

/**
 * The consenting user joins every firm of the consent; the session is for the first organisation.
 * Returns who signed in, or null when the id_token did not say.
 */
async function recordUser(
  deps: XeroRouteDeps,
  res: Response,
  grants: ConnectionGrant[],
  connected: { firmId: string }[],
): Promise<{ id: string; role: string; firmId: string } | null> {
  const who = grants[0]?.user;
  const first = connected[0];
  if (!who || !first) return null;
  const signedIn = await signIn(deps.rt, res, { firmId: first.firmId, platform: 'xero', user: who });
  for (const c of connected.slice(1))
    await recordSignIn(deps.rt.db, {
      firmId: c.firmId,
      platform: 'xero',
      platformUserId: who.id,
      email: who.email,
      name: who.name,
    });
  return { id: signedIn.user.id, role: signedIn.user.role, firmId: first.firmId };
}

async function connect(deps: XeroRouteDeps, grant: ConnectionGrant) {
  const { rt, connector } = deps;
  const existing = await findConnection(rt.db, 'xero', grant.externalTenantId);
  let firmId = existing?.firmId;
  let name = grant.tenantName;
  if (!firmId) {
    const ctx: ConnectionContext = {
      connectionId: '',
      firmId: '',
      externalTenantId: grant.externalTenantId,
      tokens: {
        accessToken: async () => grant.tokens.accessToken,
        forceRefresh: async () => grant.tokens.accessToken,
      },
      limiter: rt.limiter('xero', XERO_LIMITS),
    };
    const profile = await connector.firmProfile(ctx);
    name = profile.name;
    const firm = await createFirm(rt.db, {
      name: profile.name,
      country: profile.country,
      baseCurrency: profile.baseCurrency,
      ...(profile.timeZone ? { timeZone: profile.timeZone } : {}),
      sender: { name: profile.legalName ?? profile.name },
    });
    firmId = firm.id;
  }
  const conn = await saveGrant(rt.db, rt.cipher, {
    firmId,
    platform: 'xero',
    externalTenantId: grant.externalTenantId,
    tokens: grant.tokens,
  });
  await rt.queue.add(
    'xero.sync',
    { connectionId: conn.id, full: !existing },
    { jobId: `xero-sync:${conn.id}` },
  );
  return {
    firmId,
    connectionId: conn.id,
    tenantId: grant.externalTenantId,
    name,
    reconnected: Boolean(existing),
  };
}
