// In front of every CRM route: the bearer token (unknown → INVALID_AUTHENTICATION, expired →
// EXPIRED_AUTHENTICATION), the scope the route needs (MISSING_SCOPES), and the public-app burst limit
// of 110 requests per rolling 10 seconds per account, answered as HubSpot does with a 429, its
// RATE_LIMIT body and the X-HubSpot-RateLimit-* headers.
import { randomUUID } from 'node:crypto';
import type express from 'express';
import { apiError } from './errors.ts';
import type { HubSpotState, TokenGrant } from './state.ts';

export function scopeFor(method: string, path: string): string | null {
  const write = method !== 'GET';
  if (path.startsWith('/crm/v3/owners')) return 'crm.objects.owners.read';
  if (path.startsWith('/crm/v3/properties/'))
    return write ? 'crm.schemas.companies.write' : 'crm.schemas.companies.read';
  const m = /^\/crm\/v[34]\/objects\/([^/]+)/.exec(path);
  const type = m?.[1];
  if (type === 'companies') return write ? 'crm.objects.companies.write' : 'crm.objects.companies.read';
  // Notes and tasks (engagements) and contacts live under the contacts scopes.
  if (type === 'contacts' || type === 'notes' || type === 'tasks') {
    const searching = path.endsWith('/search');
    return write && !searching ? 'crm.objects.contacts.write' : 'crm.objects.contacts.read';
  }
  return null;
}

export function apiGate(state: HubSpotState): express.RequestHandler {
  const log = new Map<number, number[]>();
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    const grant: TokenGrant | undefined = state.tokens.get(token);
    const WINDOW_MS = state.rateWindowMs;
    const record = (status: number) =>
      state.requests.push({ method: req.method, path: req.path, status, at: state.now() });
    if (!grant) {
      record(401);
      return apiError(
        res,
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      );
    }
    if (grant.expiresAt <= state.now()) {
      record(401);
      const ago = Math.max(1, Math.round((state.now() - grant.expiresAt) / 60_000));
      return apiError(
        res,
        401,
        'EXPIRED_AUTHENTICATION',
        `The OAuth token used to make this call expired ${ago} minute(s) ago.`,
      );
    }
    const t = state.now();
    const hits = (log.get(grant.hubId) ?? []).filter((x) => x > t - WINDOW_MS);
    log.set(grant.hubId, hits);
    res.setHeader('X-HubSpot-RateLimit-Interval-Milliseconds', String(WINDOW_MS));
    res.setHeader('X-HubSpot-RateLimit-Max', String(state.tenSecondLimit));
    if (hits.length >= state.tenSecondLimit) {
      record(429);
      const wait = (hits[hits.length - state.tenSecondLimit] as number) + WINDOW_MS - t;
      res.setHeader('X-HubSpot-RateLimit-Remaining', '0');
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(wait / 1000))));
      res.status(429).json({
        status: 'error',
        message: 'You have reached your ten_secondly_rolling limit.',
        errorType: 'RATE_LIMIT',
        correlationId: randomUUID(),
        policyName: 'TEN_SECONDLY_ROLLING',
        groupName: `publicapi:oauth:${state.appId}:${grant.hubId}`,
      });
      return;
    }
    hits.push(t);
    res.setHeader('X-HubSpot-RateLimit-Remaining', String(state.tenSecondLimit - hits.length));
    const scope = scopeFor(req.method, req.path);
    if (scope && !grant.scopes.includes(scope)) {
      record(403);
      return apiError(
        res,
        403,
        'MISSING_SCOPES',
        `This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.`,
        [
          {
            message: `One or more of the following scopes are required.`,
            code: 'MISSING_SCOPES',
            context: { requiredGranularScopes: [scope] },
          },
        ],
      );
    }
    res.on('finish', () => record(res.statusCode));
    next();
  };
}
