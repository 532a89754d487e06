// What stands in front of every /v3/company/{realmId} request, in Intuit's order: the bearer token
// (401, or 403 for another company's token), injected faults, the per-company throttles (429 with
// the ThrottleExceeded fault, Retry-After only when configured), then the configured latency.
// Every request is counted, whatever its answer, so benchmarks can report the API calls used.
import type { RequestHandler, Response } from 'express';
import {
  authenticationFailedBody,
  authorizationFailedBody,
  qboFaults,
  SERVICE_UNAVAILABLE_HTML,
  throttleExceededBody,
} from './faults.ts';
import { routeParam, sendFault, stampIntuitTid } from './http-helpers.ts';
import type { SandboxState } from './sandbox-state.ts';

const AUTH_DETAILS: Record<string, string> = {
  missing: 'Authorization header is missing or is not a Bearer token',
  invalid: 'Token invalid or malformed',
  expired: 'Token expired',
  revoked: 'Token revoked',
};

function latency(state: SandboxState): number {
  const l = state.options.latencyMs;
  return typeof l === 'number' ? l : l.min + Math.random() * Math.max(0, l.max - l.min);
}

export function apiGate(state: SandboxState, hung: Set<Response>): RequestHandler {
  return (req, res, next) => {
    const realmId = routeParam(req, 'realmId');
    const now = state.clock.now().getTime();
    stampIntuitTid(res);
    state.limiter.countCall(realmId);
    res.on('finish', () => state.limiter.recordStatus(realmId, res.statusCode));

    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? null;
    const access = state.oauth.authenticate(bearer, realmId);
    if (access === 'wrong-realm' || access === 'no-accounting-scope') {
      res.status(403).json(authorizationFailedBody(now));
      return;
    }
    if (access !== 'ok') {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="Intuit", error="invalid_token"')
        .json(authenticationFailedBody(AUTH_DETAILS[access] ?? access, now));
      return;
    }
    if (!state.companies.has(realmId)) {
      sendFault(res, qboFaults.objectNotFound('Company', realmId), now);
      return;
    }

    const fault = state.faults.takeRequestFault(realmId, req.path);
    const throttled = (retryAfterSeconds: number): void => {
      const limits = state.limiter.config;
      if (limits?.retryAfter) res.set('Retry-After', String(retryAfterSeconds));
      res.status(429).json(throttleExceededBody(now));
    };
    if (fault === 'throttle') return throttled(1);

    const admission = state.limiter.admit(realmId, /\/batch\/?$/i.test(req.path) ? 'batch' : 'api');
    if (!admission.ok) return throttled(admission.retryAfterSeconds);
    res.on('close', admission.release);

    switch (fault) {
      case 'http-500':
        return sendFault(res, qboFaults.systemFailure(), now);
      case 'http-503':
        res.status(503).type('html').send(SERVICE_UNAVAILABLE_HTML);
        return;
      case 'invalid-json':
        res
          .status(200)
          .type('application/json')
          .send('{"QueryResponse":{"Invoice":[{"Id":"1","SyncToken":"0","MetaData":{"CreateTi');
        return;
      case 'hang':
        // Never answered: the client's timeout fires. Closing the sandbox ends the connection.
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
    }
    const delay = latency(state);
    if (delay > 0) setTimeout(next, delay);
    else next();
  };
}
