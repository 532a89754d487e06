// One API route, declared once: its method, path, who may call it, the zod schemas of its path
// parameters, query, body and answer, and its handler. The router and the OpenAPI document are both
// built from these declarations, so they cannot drift apart.
import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Runtime } from '../../runtime.ts';
import type { Role, Session } from '../auth/session.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<P, Q, B> {
  rt: Runtime;
  req: Request;
  res: Response;
  session: Session;
  params: P;
  query: Q;
  body: B;
}

export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** express syntax, relative to /api/v1: `/customers/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** Who may call it; every signed-in role when absent. */
  roles?: readonly Role[];
  /** False for the few routes that answer without a session. */
  auth?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
  status?: 200 | 201;
  handler(ctx: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<z.input<R>> | z.input<R>;
}

/** Declares a route with its types inferred from its schemas. */
export function route<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  def: RouteDef<P, Q, B, R>,
): RouteDef {
  return def as unknown as RouteDef;
}

/** Roles allowed to act on customers, tasks, promises, disputes, plans and notes. */
export const ACTORS: readonly Role[] = ['owner', 'controller'];
/** Roles allowed to change procedures, segments, templates, settings and users. */
export const OWNERS: readonly Role[] = ['owner'];
