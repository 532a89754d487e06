// X-HubSpot-Signature-v3: base64(HMAC-SHA256(client secret, method + URI + body + timestamp)), the
// timestamp (X-HubSpot-Request-Timestamp, milliseconds) no older than five minutes. Compared in
// constant time. HubSpot signs the URI with some characters decoded (its docs list them), so both
// the URI as received and that decoded form are accepted.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_WINDOW_MS = 5 * 60_000;

const DECODE: [RegExp, string][] = [
  [/%3A/gi, ':'],
  [/%2F/gi, '/'],
  [/%3F/gi, '?'],
  [/%40/gi, '@'],
  [/%21/gi, '!'],
  [/%24/gi, '$'],
  [/%27/gi, "'"],
  [/%28/gi, '('],
  [/%29/gi, ')'],
  [/%2A/gi, '*'],
  [/%2C/gi, ','],
  [/%3B/gi, ';'],
];

export function decodeSignedUri(uri: string): string {
  return DECODE.reduce((u, [re, ch]) => u.replace(re, ch), uri);
}

export interface SignedInput {
  secret: string;
  method: string;
  /** The full URI HubSpot called: scheme, host, path and query. */
  uri: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: number;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

function digest(secret: string, text: string): Buffer {
  return createHmac('sha256', secret).update(text, 'utf8').digest();
}

export function verifySignatureV3(i: SignedInput): SignatureCheck {
  if (!i.signature) return { ok: false, reason: 'X-HubSpot-Signature-v3 is missing' };
  if (!i.timestamp || !/^\d{10,16}$/.test(i.timestamp))
    return { ok: false, reason: 'X-HubSpot-Request-Timestamp is missing or not milliseconds' };
  const age = i.now - Number(i.timestamp);
  if (age > SIGNATURE_WINDOW_MS) return { ok: false, reason: 'the request is older than five minutes' };
  if (age < -SIGNATURE_WINDOW_MS) return { ok: false, reason: 'the request timestamp is in the future' };
  const given = Buffer.from(i.signature, 'base64');
  const method = i.method.toUpperCase();
  const uris = [...new Set([i.uri, decodeSignedUri(i.uri)])];
  let match = false;
  for (const uri of uris) {
    const want = digest(i.secret, `${method}${uri}${i.body}${i.timestamp}`);
    // Every candidate is compared (no early exit), each in constant time.
    if (given.length === want.length && timingSafeEqual(given, want)) match = true;
  }
  return match ? { ok: true } : { ok: false, reason: 'the signature does not match' };
}
