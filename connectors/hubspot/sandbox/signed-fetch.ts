// What HubSpot does with a card's `hubspot.fetch(url, { method, body })`: it adds the account and
// user as query parameters (userId, userEmail, portalId, appId), sends the body as JSON and signs
// the request with the app's client secret: X-HubSpot-Signature-v3 = base64(HMAC-SHA256(method +
// URI + body + timestamp)), X-HubSpot-Request-Timestamp in milliseconds.
import { createHmac } from 'node:crypto';

export interface CardCaller {
  portalId: number;
  userId: number;
  userEmail: string;
  appId: number;
}

export function signV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

export interface SignedRequest {
  url: string;
  method: string;
  body: string;
  headers: Record<string, string>;
}

export function signedRequest(
  secret: string,
  caller: CardCaller,
  url: string,
  options: { method?: string; body?: unknown } = {},
  now = Date.now(),
): SignedRequest {
  const u = new URL(url);
  u.searchParams.set('userId', String(caller.userId));
  u.searchParams.set('userEmail', caller.userEmail);
  u.searchParams.set('appId', String(caller.appId));
  u.searchParams.set('portalId', String(caller.portalId));
  const method = (options.method ?? 'GET').toUpperCase();
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const timestamp = String(now);
  return {
    url: u.toString(),
    method,
    body,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      'x-hubspot-request-timestamp': timestamp,
      'x-hubspot-signature-v3': signV3(secret, method, u.toString(), body, timestamp),
    },
  };
}

/** A `hubspot.fetch` for one caller: what a card's requests look like when they reach a backend. */
export function hubspotFetch(secret: string, caller: CardCaller, now: () => number = Date.now) {
  return async (url: string, options: { method?: string; body?: unknown; timeout?: number } = {}) => {
    const r = signedRequest(secret, caller, url, options, now());
    return fetch(r.url, {
      method: r.method,
      headers: r.headers,
      body: r.body || undefined,
      signal: AbortSignal.timeout(Math.min(options.timeout ?? 15_000, 120_000)),
    });
  };
}
