// The panel API under /api/v1: JSON in and out, every answer `Cache-Control: no-store`, every route
// behind the session (and its CSRF check for cookie writes) and its roles, input parsed by the
// route's zod schemas, errors in the one JSON format.
import express from 'express';
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import type { Runtime } from '../../runtime.ts';
import { requireRole, sessionMiddleware, type Session } from '../auth/session.ts';
import { ApiError, apiErrorHandler, parseRequest, sendError } from './errors.ts';
import type { RouteDef } from './route.ts';
import { allRoutes } from './routes/index.ts';

export const API_PREFIX = '/api/v1';

function handle(rt: Runtime, def: RouteDef): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      let params: unknown = req.params;
      if (def.params) {
        // A malformed id cannot name anything: it is "not found", like another firm's id.
        const p = def.params.safeParse(req.params);
        if (!p.success) throw new ApiError(404, 'not_found', 'not found');
        params = p.data;
      }
      const { query, body } = parseRequest({ query: def.query, body: def.body }, req);
      const result = await def.handler({
        rt,
        req,
        res,
        session: res.locals.session as Session,
        params,
        query,
        body,
      });
      if (res.headersSent) return;
      res.status(def.status ?? 200).json(result);
    } catch (err) {
      next(err);
    }
  };
}

/** Express paths of the API's routes, for the router and the OpenAPI document. */
export function apiRoutes(): RouteDef[] {
  return allRoutes();
}

export function apiRouter(rt: Runtime, routes: RouteDef[] = apiRoutes()): express.Router {
  const router = express.Router();
  router.use(API_PREFIX, (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(API_PREFIX, express.json({ limit: '200kb', strict: false }));
  const auth = sessionMiddleware(rt);
  for (const def of routes) {
    const chain: RequestHandler[] = [];
    if (def.auth !== false) {
      chain.push(auth);
      if (def.roles) chain.push(requireRole(...def.roles));
    }
    router[def.method](API_PREFIX + def.path, ...chain, handle(rt, def));
  }
  router.use(API_PREFIX, (req, res) => {
    sendError(res, 404, 'not_found', `no route ${req.method} ${req.path}`);
  });
  router.use(API_PREFIX, apiErrorHandler(rt.log));
  return router;
}
