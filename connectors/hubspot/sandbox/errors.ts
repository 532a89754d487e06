// HubSpot's error bodies, as the public API answers them: `{status: "error", message, correlationId,
// category}` (with `errors` for validation), and the OAuth endpoints' `{status: "BAD_...", message}`.
import { randomUUID } from 'node:crypto';
import type express from 'express';

export type ErrorCategory =
  | 'VALIDATION_ERROR'
  | 'OBJECT_NOT_FOUND'
  | 'OBJECT_ALREADY_EXISTS'
  | 'INVALID_AUTHENTICATION'
  | 'EXPIRED_AUTHENTICATION'
  | 'MISSING_SCOPES'
  | 'RATE_LIMITS';

export function apiError(
  res: express.Response,
  status: number,
  category: ErrorCategory,
  message: string,
  errors?: { message: string; code: string; context?: Record<string, string[]> }[],
): void {
  res.status(status).json({
    status: 'error',
    message,
    correlationId: randomUUID(),
    category,
    ...(errors ? { errors } : {}),
  });
}

export function oauthError(res: express.Response, status: string, message: string): void {
  res.status(400).json({ status, message, correlationId: randomUUID(), requestId: randomUUID() });
}
