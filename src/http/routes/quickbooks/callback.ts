// GET /oauth/quickbooks/callback: checks the state (a connect state or a sign-in state), exchanges
// the code, stores the tokens encrypted, creates the firm for the realm (or reconnects the existing
// one) from CompanyInfo and starts a sync. Then the user Intuit's userinfo names is recorded in that
// firm (the first one as owner) and gets a panel session for that firm alone, and lands in /app/
// (or on the page the sign-in was started from). A sign-in without a known user fails with a page.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Connector, ConnectionGrant } from '../../../../connectors/sdk/connector.ts';
import { ConnectorError } from '../../../../connectors/sdk/errors.ts';
import { verifyState } from '../../../../connectors/quickbooks/oauth-state.ts';
import { QUICKBOOKS_PATHS } from '../../../../connectors/quickbooks/settings.ts';
import { enqueueQuickBooksSync, quickbooksLimiter } from '../../../jobs/quickbooks-jobs.ts';
import type { Runtime } from '../../../runtime.ts';
import { findConnection, saveGrant } from '../../../store/repos/connections.ts';
import { createFirm } from '../../../store/repos/firms.ts';
import { APP_PATH, signIn, signInPage } from '../../auth/signin.ts';
import { looksLikeSignIn, verifySignInState } from '../../auth/signin-state.ts';
import { answer } from './pages.ts';

const denied = z.object({ error: z.string().min(1), error_description: z.string().optional() });

const retry = { href: QUICKBOOKS_PATHS.signin, label: 'Sign in with QuickBooks again' };

export function callbackHandler(
  rt: Runtime,
  connector: Connector,
  stateKey: Buffer,
  now: () => number,
): RequestHandler {
  return async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const params = new URLSearchParams(req.url.split('?')[1] ?? '');
    const state = params.get('state') ?? undefined;
    const signingIn = looksLikeSignIn(state);
    let next: string = APP_PATH;
    if (signingIn) {
      const check = verifySignInState(stateKey, 'quickbooks', state, now());
      if (!check.ok)
        return signInPage(req, res, {
          status: 400,
          platform: 'quickbooks',
          error: 'invalid_state',
          message: `QuickBooks sign-in refused: ${check.reason}. Start again.`,
          retry,
        });
      next = check.claims.next ?? APP_PATH;
    } else {
      const check = verifyState(stateKey, state, now());
      if (!check.ok)
        return answer(req, res, 400, 'invalid_state', `QuickBooks connection refused: ${check.reason}.`);
    }
    const refused = denied.safeParse(Object.fromEntries(params));
    if (refused.success) {
      const message = `QuickBooks did not ${signingIn ? 'sign you in' : 'connect'}: ${refused.data.error}.`;
      return signingIn
        ? signInPage(req, res, {
            status: 400,
            platform: 'quickbooks',
            error: 'access_denied',
            message,
            retry,
          })
        : answer(req, res, 400, 'access_denied', message);
    }

    let grant: ConnectionGrant;
    try {
      [grant] = (await connector.exchangeCode(params)) as [ConnectionGrant];
    } catch (err) {
      const kind = err instanceof ConnectorError ? err.kind : 'upstream_unavailable';
      rt.log.warn({ err: (err as Error).message }, 'quickbooks code exchange');
      return answer(
        req,
        res,
        kind === 'invalid_payload' || kind === 'auth_revoked' ? 400 : 502,
        kind,
        `QuickBooks connection failed: ${(err as Error).message}`,
      );
    }
    if (signingIn && !grant.user)
      return signInPage(req, res, {
        status: 502,
        platform: 'quickbooks',
        error: 'unknown_user',
        message:
          'QuickBooks did not say who you are (Sign in with Intuit needs the openid, email and profile scopes). Start again.',
        retry,
      });
    const firmId = await connectRealm(rt, connector, grant);
    if (grant.user) await signIn(rt, res, { firmId, platform: 'quickbooks', user: grant.user });
    res.redirect(302, next);
  };
}

/** The firm for the granted realm (created from CompanyInfo when new), its tokens saved, a sync started. */
async function connectRealm(rt: Runtime, connector: Connector, grant: ConnectionGrant): Promise<string> {
  const realmId = grant.externalTenantId;
  const existing = await findConnection(rt.db, 'quickbooks', realmId);
  let firmId = existing?.firmId;
  if (!firmId) {
    // The access token was just issued: read CompanyInfo with it directly.
    const profile = await connector.firmProfile({
      connectionId: 'new',
      firmId: 'new',
      externalTenantId: realmId,
      tokens: {
        accessToken: async () => grant.tokens.accessToken,
        forceRefresh: async () => grant.tokens.accessToken,
      },
      limiter: quickbooksLimiter(rt),
    });
    firmId = (
      await createFirm(rt.db, {
        name: profile.name,
        country: profile.country,
        baseCurrency: profile.baseCurrency,
        sender: { name: profile.name, email: profile.email },
        reviewMode: true,
      })
    ).id;
  }
  const conn = await saveGrant(rt.db, rt.cipher, {
    firmId,
    platform: 'quickbooks',
    externalTenantId: realmId,
    tokens: grant.tokens,
  });
  await enqueueQuickBooksSync(rt, conn.id);
  return firmId;
}
