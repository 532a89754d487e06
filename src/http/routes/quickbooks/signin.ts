// GET /signin/quickbooks: Sign in with Intuit. Off to Intuit's consent (the accounting and OpenID
// scopes) with a signed, expiring state that says it is a sign-in; the callback records the user
// and opens the panel. `realmId` is a hint kept in the state; `next` (the disconnect page that sent
// the user here) is where the callback lands instead of the panel.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Connector } from '../../../../connectors/sdk/connector.ts';
import { NEXT_PATH, signSignInState } from '../../auth/signin-state.ts';

const query = z.object({
  realmId: z
    .string()
    .regex(/^\d{1,30}$/)
    .optional()
    .catch(undefined),
  next: z.string().regex(NEXT_PATH).optional().catch(undefined),
});

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
    const q = query.parse(req.query ?? {});
    res.set('Cache-Control', 'no-store').redirect(
      302,
      signinUrl(connector, stateKey, now(), {
        ...(q.realmId ? { realmId: q.realmId } : {}),
        ...(q.next ? { next: q.next } : {}),
      }),
    );
  };
}
