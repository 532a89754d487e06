// The API's one error format: { error, message, fields? }. Routes throw ApiError (or let zod, the
// decisions' field errors and "not found" through) and `apiErrorHandler` answers; bad input never
// becomes a 5xx.
import type { ErrorRequestHandler, Response } from 'express';
import { z } from 'zod';
import { DecisionError } from '../../core/decisions.ts';
import { NotFoundError } from '../../store/repos/decisions.ts';

export interface FieldError {
  path: string;
  message: string;
}

export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal_error';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (what = 'resource') => new ApiError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, fields?: FieldError[]) =>
  new ApiError(409, 'conflict', message, fields);
export const badRequest = (path: string, message: string) =>
  new ApiError(400, 'bad_request', `${path}: ${message}`, [{ path, message }]);

export function sendError(
  res: Response,
  status: number,
  code: ErrorCode,
  message: string,
  fields?: FieldError[],
): void {
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .json(fields ? { error: code, message, fields } : { error: code, message });
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** Every issue of a zod error, each naming its field (prefixed with where it came from, if given). */
export function zodFields(err: z.ZodError, prefix?: string): FieldError[] {
  return err.issues.map((i) => {
    const p = pathText(i.path);
    return { path: prefix ? (p ? `${prefix}.${p}` : prefix) : p || 'body', message: i.message };
  });
}

/** Parses request input with a schema; 400 naming every bad field otherwise. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const fields = zodFields(r.error);
    throw new ApiError(400, 'bad_request', describe(fields), fields);
  }
  return r.data;
}

/** Parses query and body together, so one answer names every bad field of both. */
export function parseRequest<Q extends z.ZodType, B extends z.ZodType>(
  schemas: { query?: Q; body?: B },
  req: { query: unknown; body: unknown },
): { query: z.infer<Q>; body: z.infer<B> } {
  const fields: FieldError[] = [];
  let query: unknown;
  let body: unknown;
  if (schemas.query) {
    const r = schemas.query.safeParse(req.query ?? {});
    if (r.success) query = r.data;
    else fields.push(...zodFields(r.error));
  }
  if (schemas.body) {
    const r = schemas.body.safeParse(req.body ?? {});
    if (r.success) body = r.data;
    else fields.push(...zodFields(r.error));
  }
  if (fields.length > 0) throw new ApiError(400, 'bad_request', describe(fields), fields);
  return { query: query as z.infer<Q>, body: body as z.infer<B> };
}

function describe(fields: FieldError[]): string {
  return fields.map((f) => `${f.path}: ${f.message}`).join('; ');
}

/** express error middleware for the API router. */
export function apiErrorHandler(log?: { error(obj: object, msg: string): void }): ErrorRequestHandler {
  return (err: unknown, _req, res, _next) => {
    if (err instanceof ApiError) return sendError(res, err.status, err.code, err.message, err.fields);
    if (err instanceof z.ZodError) {
      const fields = zodFields(err);
      return sendError(res, 400, 'bad_request', describe(fields), fields);
    }
    if (err instanceof DecisionError) {
      const fields = [{ path: err.field, message: err.message.slice(err.field.length + 2) }];
      return sendError(res, 400, 'bad_request', err.message, fields);
    }
    if (err instanceof NotFoundError) return sendError(res, 404, 'not_found', err.message);
    // body-parser: malformed JSON, too large, wrong charset or encoding. These are the client's.
    const e = err as { status?: unknown; type?: unknown; message?: unknown };
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      if (e.status === 413) return sendError(res, 413, 'payload_too_large', 'the body is too large');
      if (e.status === 415)
        return sendError(res, 415, 'unsupported_media_type', 'unsupported body encoding or charset');
      const message = e.type === 'entity.parse.failed' ? 'the body is not valid JSON' : 'bad request';
      return sendError(res, 400, 'bad_request', message, [{ path: 'body', message }]);
    }
    log?.error({ err: err instanceof Error ? err.message : String(err) }, 'api error');
    return sendError(res, 500, 'internal_error', 'something went wrong on our side');
  };
}
