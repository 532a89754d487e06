// GET /disconnect/quickbooks?realmId=: the Disconnect URL, opened in the user's browser. Knowing a
// realmId is not enough to drop a firm's tokens. They are dropped when
//  - QuickBooks confirms the app is no longer connected (a CompanyInfo read is refused even after
//    a token refresh: the firm disconnected from inside QuickBooks, Intuit revoked the tokens), or
//  - an owner of that firm, signed in to the panel, asks from Relance itself (not from a link on
//    another site: a cross-site request gets a page with a button instead), and Relance revokes them.
// Anyone else is sent through Sign in with Intuit first and comes back here. History is kept.
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Connector } from '../../../../connectors/sdk/connector.ts';
import { ConnectorError } from '../../../../connectors/sdk/errors.ts';
import { QUICKBOOKS_PATHS } from '../../../../connectors/quickbooks/settings.ts';
import { quickbooksLimiter } from '../../../jobs/quickbooks-jobs.ts';
import { connectionContext } from '../../../jobs/sync.ts';
import type { Runtime } from '../../../runtime.ts';
import {
  findConnection,
  markDisconnected,
  readTokens,
  type Connection,
} from '../../../store/repos/connections.ts';
import { getUser, type User } from '../../../store/repos/users.ts';
import { SESSION_COOKIE, verifySessionToken } from '../../auth/session.ts';
import { signInPage } from '../../auth/signin.ts';

const query = z.object({ realmId: z.string().regex(/^\d{1,30}$/, 'realmId must be digits') });

type Page = Parameters<typeof signInPage>[2];
const page = (req: Request, res: Response, o: Omit<Page, 'platform'>) =>
  signInPage(req, res, { platform: 'quickbooks', heading: 'QuickBooks and Relance', ...o });

/** The signed-in user of this firm, from the session cookie, if any. */
async function sessionUser(rt: Runtime, req: Request, firmId: string): Promise<User | null> {
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((p) => p.trim())
    .find((p) => p.startsWith(`${SESSION_COOKIE}=`));
  const token = cookie?.slice(SESSION_COOKIE.length + 1);
  if (!token) return null;
  const claims = await verifySessionToken(rt, token);
  if (!claims || claims.firm !== firmId) return null;
  return getUser(rt.db, firmId, claims.sub);
}

/** Whether QuickBooks still accepts this connection's tokens: true, false, or null (cannot tell). */
async function stillConnected(rt: Runtime, connector: Connector, conn: Connection): Promise<boolean | null> {
  try {
    await connector.firmProfile(connectionContext(rt, connector, conn, quickbooksLimiter(rt)));
    return true;
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'auth_revoked') return false;
    rt.log.warn({ err: (err as Error).message, connectionId: conn.id }, 'quickbooks disconnect check');
    return null;
  }
}

export function disconnectHandler(rt: Runtime, connector: Connector): RequestHandler {
  return async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const q = query.safeParse(req.query);
    if (!q.success)
      return page(req, res, {
        status: 400,
        error: 'invalid_request',
        message: `realmId: ${q.error.issues[0]?.message}`,
      });
    const realmId = q.data.realmId;
    const conn = await findConnection(rt.db, 'quickbooks', realmId);
    if (!conn || conn.status === 'disconnected')
      return page(req, res, {
        status: 200,
        error: null,
        message: 'QuickBooks is disconnected from Relance.',
      });
    const here = `${QUICKBOOKS_PATHS.disconnect}?realmId=${realmId}`;

    const user = await sessionUser(rt, req, conn.firmId);
    if (user && user.role !== 'owner')
      return page(req, res, {
        status: 403,
        error: 'forbidden',
        message: 'Only an owner of this firm can disconnect QuickBooks from Relance.',
      });
    if (user && req.get('sec-fetch-site') !== 'cross-site') {
      try {
        await connector.revoke(await readTokens(rt.db, rt.cipher, conn.id));
      } catch (err) {
        rt.log.warn({ err: (err as Error).message, connectionId: conn.id }, 'quickbooks revoke');
      }
      await markDisconnected(rt.db, conn.id, `user:${user.id}`);
      return page(req, res, {
        status: 200,
        error: null,
        message: 'QuickBooks is disconnected from Relance. Your collection history is kept.',
      });
    }

    // Not asked by a signed-in owner from Relance: act only on what QuickBooks itself says.
    const connected = conn.status === 'active' ? await stillConnected(rt, connector, conn) : false;
    if (connected === false) {
      await markDisconnected(rt.db, conn.id, 'quickbooks:disconnect-url');
      return page(req, res, {
        status: 200,
        error: null,
        message: 'QuickBooks is disconnected from Relance. Your collection history is kept.',
      });
    }
    if (user)
      return page(req, res, {
        status: 200,
        error: null,
        message: 'QuickBooks still has Relance connected. Do you want to disconnect it?',
        retry: { href: here, label: 'Disconnect QuickBooks from Relance' },
      });
    if (connected === null)
      return page(req, res, {
        status: 503,
        error: 'upstream_unavailable',
        message:
          'QuickBooks could not confirm the disconnection just now. Sign in to disconnect from Relance.',
        retry: { href: `${QUICKBOOKS_PATHS.signin}?realmId=${realmId}`, label: 'Sign in with QuickBooks' },
      });
    // Still connected and nobody signed in: sign in first, then come back here.
    res.redirect(
      302,
      `${QUICKBOOKS_PATHS.signin}?${new URLSearchParams({ realmId, next: here }).toString()}`,
    );
  };
}
