// Signed, expiring tokens for the install: the OAuth `state` (ten minutes, names the firm) and the
// `firm` parameter of /connect/hubspot for links made outside a panel session (one hour).
import { createHmac, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';

const claims = z.object({ purpose: z.string(), firmId: z.uuid(), nonce: z.string().optional() });

export function hubspotStateKey(secret: Buffer | string): Buffer {
  return createHmac('sha256', secret).update('relance:hubspot-state:v1').digest();
}

function sign(key: Buffer, purpose: string, firmId: string, ttlSeconds: number, now: number): string {
  return jwt.sign({ purpose, firmId, nonce: randomUUID(), iat: Math.floor(now / 1000) }, key, {
    algorithm: 'HS256',
    expiresIn: ttlSeconds,
  });
}

function verify(
  key: Buffer,
  purpose: string,
  token: string | undefined,
  now: number,
): { ok: true; firmId: string } | { ok: false; reason: string } {
  if (!token) return { ok: false, reason: 'missing' };
  try {
    const payload = jwt.verify(token, key, { algorithms: ['HS256'], clockTimestamp: Math.floor(now / 1000) });
    const c = claims.safeParse(payload);
    if (!c.success || c.data.purpose !== purpose) return { ok: false, reason: 'not issued for this' };
    return { ok: true, firmId: c.data.firmId };
  } catch (err) {
    return { ok: false, reason: err instanceof jwt.TokenExpiredError ? 'expired: start again' : 'invalid' };
  }
}

export const signInstallState = (key: Buffer, firmId: string, now = Date.now()) =>
  sign(key, 'hubspot-install', firmId, 600, now);
export const verifyInstallState = (key: Buffer, token: string | undefined, now = Date.now()) =>
  verify(key, 'hubspot-install', token, now);

/** For a "Connect HubSpot" link handed to a firm outside the panel: /connect/hubspot?firm=<this>. */
export const signFirmParam = (key: Buffer, firmId: string, now = Date.now()) =>
  sign(key, 'hubspot-firm', firmId, 3600, now);
export const verifyFirmParam = (key: Buffer, token: string | undefined, now = Date.now()) =>
  verify(key, 'hubspot-firm', token, now);
