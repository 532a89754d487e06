// Small pieces shared by the sandbox's routes: answering with a QuickBooks fault, reading ids and
// query parameters, and the error handler that turns anything thrown into the right answer.
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Request, Response } from 'express';
import { ZodError } from 'zod';
import { isQboFault, QboFault, qboFaults } from './faults.ts';
import type { SandboxState } from './sandbox-state.ts';

export function sendFault(res: Response, fault: QboFault, nowMs: number): void {
  res.status(fault.status).json(fault.body(nowMs));
}

/** Intuit stamps every answer with a transaction id that support asks for. */
export function stampIntuitTid(res: Response): void {
  res.setHeader('intuit_tid', randomUUID());
}

export function queryText(req: Request, name: string): string | null {
  const value = (req.query as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return null;
}

/** `include=invoiceLink` (the list may hold several values, in any case). */
export function includes(req: Request, what: string): boolean {
  const value = queryText(req, 'include');
  return value !== null && value.split(',').some((v) => v.trim().toLowerCase() === what.toLowerCase());
}

export function routeParam(req: Request, name: string): string {
  const value = (req.params as Record<string, string | undefined>)[name];
  if (value === undefined) throw new Error(`route has no :${name} parameter`);
  return value;
}

/** A zod failure on a request body, as the ValidationFault QuickBooks would send, naming the field. */
export function faultFromZod(error: ZodError): QboFault {
  const issue = error.issues[0];
  const path = issue ? issue.path.join('.') : '';
  if (issue?.code === 'invalid_type' && issue.input === undefined) return qboFaults.requiredParameter(path);
  return qboFaults.unsupportedProperty(path || '(body)', issue?.message ?? 'invalid value');
}

export function errorHandler(state: SandboxState): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const now = state.clock.now().getTime();
    if (isQboFault(error)) return sendFault(res, error, now);
    if (error instanceof ZodError) return sendFault(res, faultFromZod(error), now);
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // express.json() rejected the body: QuickBooks answers a request it cannot read with a 400 fault.
      const detail = error instanceof Error ? error.message : 'unreadable request';
      return sendFault(
        res,
        new QboFault(400, 'ValidationFault', '2000', 'Request has invalid or unsupported property', detail),
        now,
      );
    }
    if (error instanceof RangeError) {
      // The sandbox's own checks (an unknown company, delivery or a ledger that does not fit).
      return sendFault(
        res,
        new QboFault(400, 'ValidationFault', '2000', 'Invalid request', error.message),
        now,
      );
    }
    return sendFault(res, qboFaults.systemFailure(), now);
  };
}
