// The error bodies the Accounting API and its gateway answer with, as Xero sends them.
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/** Gateway errors (401/403/404 on auth, tenant or scope) use this problem-details shape. */
export function sendProblem(res: Response, status: 401 | 403, detail: string): void {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
  res.status(status).json({
    Type: null,
    Title: status === 401 ? 'Unauthorized' : 'Forbidden',
    Status: status,
    Detail: detail,
    Instance: randomUUID(),
    Extensions: {},
  });
}

/** 400 ValidationException; `elements` are the offending documents with their ValidationErrors. */
export function sendValidationException(res: Response, elements: Record<string, unknown>[]): void {
  res.status(400).json({
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: elements,
  });
}

export function validationElement(
  messages: string[],
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...fields, ValidationErrors: messages.map((Message) => ({ Message })) };
}

/** 400 for a `where` or `order` Xero cannot parse. */
export function sendQueryParseException(res: Response, message: string): void {
  res.status(400).json({ ErrorNumber: 16, Type: 'QueryParseException', Message: message });
}

/** Xero answers an unknown document id with this plain-text 404. */
export function sendNotFound(res: Response): void {
  res.status(404).type('text/plain').send("The resource you're looking for cannot be found");
}
