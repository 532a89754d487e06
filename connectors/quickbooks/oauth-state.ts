// The OAuth `state`: a short-lived HS256 token with a nonce, so a callback we did not start (or one
// replayed after ten minutes) is refused. The key is derived from the token cipher key, never stored.
import { createHmac, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

const STATE_TTL_SECONDS = 600;
const claims = z.object({
  purpose: z.literal('quickbooks-connect'),
  nonce: z.string().min(8),
  firmId: z.string().optional(),
});
export type StateClaims = z.infer<typeof claims>;

export function stateKey(secret: Buffer | string): Buffer {
  return createHmac('sha256', secret).update('relance:oauth-state:v1').digest();
}

export function signState(key: Buffer, extra: { firmId?: string } = {}, now = Date.now()): string {
  return jwt.sign(
    { purpose: 'quickbooks-connect', nonce: randomUUID(), ...extra, iat: Math.floor(now / 1000) },
    key,
    {
      algorithm: 'HS256',
      expiresIn: STATE_TTL_SECONDS,
    },
  );
}

export type StateCheck = { ok: true; claims: StateClaims } | { ok: false; reason: string };

export function verifyState(key: Buffer, state: string | undefined, now = Date.now()): StateCheck {
  if (!state) return { ok: false, reason: 'state is missing' };
  try {
    const payload = jwt.verify(state, key, { algorithms: ['HS256'], clockTimestamp: Math.floor(now / 1000) });
    const parsed = claims.safeParse(payload);
    return parsed.success
      ? { ok: true, claims: parsed.data }
      : { ok: false, reason: 'state is not a QuickBooks connect state' };
  } catch (err) {
    return {
      ok: false,
      reason: err instanceof jwt.TokenExpiredError ? 'state has expired: start again' : 'state is invalid',
    };
  }
}
