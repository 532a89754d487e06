// The query parameters and headers of the Accounting API's GET lists, parsed with zod. Xero treats
// parameter names case-insensitively ("Statuses", "statuses"); lists are comma-separated (as
// xero-node sends them) or repeated.
import type { Request } from 'express';
import { z } from 'zod';
import { parseIfModifiedSince } from './xero-format.ts';

export class BadRequest extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'BadRequest';
  }
}

const text = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v.join(',') : v));
const list = text.transform((v) =>
  v
    .split(',')
    .map((s) => s.trim().replace(/^"(.*)"$/, '$1'))
    .filter((s) => s.length > 0),
);
const whole = text.pipe(z.string().regex(/^\d+$/, 'expected a whole number')).transform(Number);
const bool = text
  .pipe(z.enum(['true', 'false', 'True', 'False']))
  .transform((v) => v.toLowerCase() === 'true');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const INVOICE_STATUSES = ['DRAFT', 'SUBMITTED', 'DELETED', 'AUTHORISED', 'PAID', 'VOIDED'] as const;

const listQuerySchema = z.object({
  where: text.optional(),
  order: text.optional(),
  page: whole.optional(),
  pagesize: whole.pipe(z.number().min(1, 'must be at least 1')).optional(),
  ids: list.pipe(z.array(z.string().regex(GUID, 'expected GUIDs'))).optional(),
  invoicenumbers: list.optional(),
  contactids: list.pipe(z.array(z.string().regex(GUID, 'expected GUIDs'))).optional(),
  statuses: list
    .pipe(
      z.array(
        z.enum(INVOICE_STATUSES, { message: `expected statuses among ${INVOICE_STATUSES.join(', ')}` }),
      ),
    )
    .optional(),
  summaryonly: bool.optional(),
  includearchived: bool.optional(),
  createdbymyapp: bool.optional(),
  unitdp: whole.optional(),
  searchterm: text.optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;

const NAMES: Record<string, string> = {
  pagesize: 'pageSize',
  ids: 'IDs',
  invoicenumbers: 'InvoiceNumbers',
  contactids: 'ContactIDs',
  statuses: 'Statuses',
  summaryonly: 'summaryOnly',
  includearchived: 'includeArchived',
  createdbymyapp: 'createdByMyApp',
  searchterm: 'searchTerm',
};

export function parseListQuery(req: Request): ListQuery {
  const lowered: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(req.query as Record<string, unknown>)) lowered[k.toLowerCase()] = v;
  const result = listQuerySchema.safeParse(lowered);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? 'query');
  throw new BadRequest(NAMES[key] ?? key, issue?.message ?? 'invalid');
}

/** The If-Modified-Since header as epoch ms, or null when absent. */
export function parseModifiedSince(req: Request): number | null {
  const raw = req.headers['if-modified-since'];
  if (raw === undefined || raw === '') return null;
  const ms = parseIfModifiedSince(String(raw));
  if (ms === null) throw new BadRequest('If-Modified-Since', `cannot read "${String(raw)}" as a date-time`);
  return ms;
}

/** The Idempotency-Key header (at most 128 characters), or null. */
export function parseIdempotencyKey(req: Request): string | null {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined || raw === '') return null;
  const key = String(raw);
  if (key.length > 128) throw new BadRequest('Idempotency-Key', 'must be 128 characters or fewer');
  return key;
}
