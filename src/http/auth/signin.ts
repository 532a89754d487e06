// What every OAuth callback does once the platform has said who the user is: record the user in the
// firm (the first one is its owner), issue the panel session for that firm and user, set the cookie.
// And the page a failed sign-in answers with: what went wrong and a link to start again.
import type { Request, Response } from 'express';
import type { PlatformUser } from '../../../connectors/sdk/connector.ts';
import type { Runtime } from '../../runtime.ts';
import { recordSignIn, type User, type UserPlatform } from '../../store/repos/users.ts';
import { issueSession, setSessionCookie } from './session.ts';

/** Where a signed-in user lands. */
export const APP_PATH = '/app/';

export interface SignedIn {
  user: User;
  created: boolean;
  expiresAt: string;
}

/** Records the user in this firm and sets the session cookie for that firm alone. */
export async function signIn(
  rt: Runtime,
  res: Response,
  input: { firmId: string; platform: UserPlatform; user: PlatformUser },
): Promise<SignedIn> {
  const { user, created } = await recordSignIn(rt.db, {
    firmId: input.firmId,
    platform: input.platform,
    platformUserId: input.user.id,
    email: input.user.email,
    name: input.user.name,
  });
  const session = await issueSession(rt, { firmId: input.firmId, userId: user.id, role: user.role });
  setSessionCookie(res, rt, session.token);
  rt.log.info({ firmId: input.firmId, userId: user.id, role: user.role, created }, 'signed in');
  return { user, created, expiresAt: session.expiresAt };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const TITLES = { quickbooks: 'QuickBooks', xero: 'Xero' } as const;

/** A sign-in answer for the browser (HTML) or for a client that asks for JSON. */
export function signInPage(
  req: Request,
  res: Response,
  o: {
    status: number;
    platform: keyof typeof TITLES;
    error: string | null;
    message: string;
    heading?: string;
    /** A link to try again (e.g. /signin/xero). */
    retry?: { href: string; label: string };
  },
): void {
  res.status(o.status).set('Cache-Control', 'no-store');
  if (req.accepts(['html', 'json']) === 'json') {
    res.json(o.error ? { error: o.error, message: o.message } : { status: 'ok', message: o.message });
    return;
  }
  const link = o.retry ? `<p><a href="${escape(o.retry.href)}">${escape(o.retry.label)}</a></p>` : '';
  res
    .type('html')
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<title>Relance · ${TITLES[o.platform]}</title>` +
        `<main><h1>${escape(o.heading ?? (o.error ? 'Sign-in did not work' : 'Relance'))}</h1><p>${escape(o.message)}</p>${link}</main></html>`,
    );
}
