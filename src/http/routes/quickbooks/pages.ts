// Small answers for the browser steps of the OAuth flow: JSON when asked for, plain HTML otherwise.
import type { Request, Response } from 'express';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function answer(
  req: Request,
  res: Response,
  status: number,
  error: string | null,
  message: string,
): void {
  res.status(status);
  if (req.accepts(['html', 'json']) === 'json') {
    res.json(error ? { error, message } : { status: 'ok', message });
    return;
  }
  res
    .type('html')
    .send(
      `<!doctype html><meta charset="utf-8"><title>Relance · QuickBooks</title><p>${escape(message)}</p>`,
    );
}
