// GET /signin/quickbooks: Sign in with Intuit. Off to Intuit's consent (the accounting and OpenID
// scopes) with a signed, expiring state that says it is a sign-in; the callback records the user
// and opens the panel. `realmId` is a hint kept in the state; `next` (the disconnect page that sent
// the user here) is where the callback lands instead of the panel.
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import type { Connector } from '../../../../connectors/sdk/connector.ts';
import { signInPage } from '../../auth/signin.ts';
import { NEXT_PATH, signSignInState } from '../../auth/signin-state.ts';

export const realmQuery = z.object({
  realmId: z
    .string()
    .regex(/^\d{1,30}$/, 'expected the QuickBooks company id (digits)')
    .optional(),
});
const query = realmQuery.extend({
  next: z.string().regex(NEXT_PATH, 'expected a Relance page').optional(),
});

/** A malformed query gets a page naming the field, not a redirect. */
export function badQuery(req: Request, res: Response, err: z.ZodError): void {
  const issue = err.issues[0];
  signInPage(req, res, {
    status: 400,
    platform: 'quickbooks',
    error: 'invalid_request',
    message: `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}`,
  });
}

export function signinUrl(
  connector: Connector,
  stateKey: Buffer,
  now: number,
  extra: { realmId?: string; next?: string } = {},
): string {
  return connector.authorizeUrl(signSignInState(stateKey, 'quickbooks', extra, now));
}

export function signinHandler(connector: Connector, stateKey: Buffer, now: () => number): RequestHandler {
  return (req, res) => {
    const parsed = query.safeParse(req.query ?? {});
    if (!parsed.success) return badQuery(req, res, parsed.error);
    const q = parsed.data;
    res.set('Cache-Control', 'no-store').redirect(
      302,
      signinUrl(connector, stateKey, now(), {
        ...(q.realmId ? { realmId: q.realmId } : {}),
        ...(q.next ? { next: q.next } : {}),
      }),
    );
  };
}
