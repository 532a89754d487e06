// The OAuth `state` of a sign-in (the sign-in and launch URLs): a short-lived HS256 token that says
// it is a sign-in, for which platform, with a nonce, an optional company hint and where to land
// after. It is signed with the platform routes' own state key, so a state minted for one platform
// or purpose is refused by another. Connect states keep their own format (see the connectors).
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

const TTL_SECONDS = 600;
const PURPOSE = 'relance-signin';

/** Where a sign-in may land afterwards: the panel, or the disconnect page it was sent from. */
export const NEXT_PATH = /^\/(app\/[A-Za-z0-9/_-]*|disconnect\/quickbooks\?realmId=\d{1,30})$/;

const claims = z.object({
  purpose: z.literal(PURPOSE),
  platform: z.enum(['quickbooks', 'xero']),
  nonce: z.string().min(8),
  realmId: z.string().optional(),
  next: z.string().regex(NEXT_PATH).optional(),
});
export type SignInClaims = z.infer<typeof claims>;
export type SignInPlatform = SignInClaims['platform'];

export function signSignInState(
  key: Buffer | string,
  platform: SignInPlatform,
  extra: { realmId?: string; next?: string } = {},
  now = Date.now(),
): string {
  const body: Record<string, unknown> = { purpose: PURPOSE, platform, nonce: randomUUID() };
  if (extra.realmId) body.realmId = extra.realmId;
  if (extra.next && NEXT_PATH.test(extra.next)) body.next = extra.next;
  return jwt.sign({ ...body, iat: Math.floor(now / 1000) }, key, {
    algorithm: 'HS256',
    expiresIn: TTL_SECONDS,
  });
}

/** True when the state claims to be a sign-in (signed or not): its failure gets a sign-in page. */
export function looksLikeSignIn(state: string | undefined | null): boolean {
  if (!state) return false;
  const decoded = jwt.decode(state, { json: true });
  return decoded !== null && decoded.purpose === PURPOSE;
}

export type SignInCheck = { ok: true; claims: SignInClaims } | { ok: false; reason: string };

export function verifySignInState(
  key: Buffer | string,
  platform: SignInPlatform,
  state: string | undefined | null,
  now = Date.now(),
): SignInCheck {
  if (!state) return { ok: false, reason: 'the sign-in state is missing' };
  try {
    const payload = jwt.verify(state, key, {
      algorithms: ['HS256'],
      clockTimestamp: Math.floor(now / 1000),
    });
    const parsed = claims.safeParse(payload);
    if (!parsed.success || parsed.data.platform !== platform)
      return { ok: false, reason: 'the sign-in state is not one this server started' };
    return { ok: true, claims: parsed.data };
  } catch (err) {
    return {
      ok: false,
      reason:
        err instanceof jwt.TokenExpiredError
          ? 'this sign-in link has expired'
          : 'the sign-in state is invalid (not signed by this server)',
    };
  }
}
