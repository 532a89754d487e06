// The identity server's signing key: an RSA key pair made at start, published as a JWKS, used
// to sign id_tokens (RS256, which openid-client verifies) and Xero-style JWT access tokens.
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: Record<string, unknown>;
}

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex').toUpperCase();
  const exported = publicKey.export({ format: 'jwk' }) as { kty: string; n: string; e: string };
  return {
    kid,
    privateKey,
    jwk: { kty: exported.kty, use: 'sig', kid, alg: 'RS256', n: exported.n, e: exported.e },
  };
}

let processKey: SigningKey | null = null;

/**
 * The process's key, made on first use: RSA generation takes ~0.4 s, and sandboxes started one
 * after another in a test run can share it (each has its own issuer, so tokens do not cross).
 */
export function sharedSigningKey(): SigningKey {
  processKey ??= createSigningKey();
  return processKey;
}

export function signJwt(key: SigningKey, payload: Record<string, unknown>): string {
  return jwt.sign(payload, key.privateKey, {
    algorithm: 'RS256',
    keyid: key.kid,
    header: { alg: 'RS256', typ: 'JWT', kid: key.kid },
  });
}

/** OpenID Connect at_hash: base64url of the left half of SHA-256 of the access token. */
export function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}
