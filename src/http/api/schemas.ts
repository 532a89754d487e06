// The zod schemas of every body, query and answer of the panel API (/api/v1). The router validates
// input with them, the OpenAPI document is generated from them, and the web panel imports the
// inferred types (`z.infer<typeof overviewResponse>`), so all three agree.
import { z } from 'zod';

const id = z.uuid({ message: 'expected an id' });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const instant = z.string().meta({ format: 'date-time', description: 'ISO-8601 instant, UTC' });
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code');
/** Integer minor units (cents). */
const minor = z.number().int().meta({ description: 'integer minor units' });

export const roleSchema = z.enum(['owner', 'controller', 'viewer']);
export const languageSchema = z.enum(['fr', 'en', 'nl', 'de']);
export const platformSchema = z.enum(['quickbooks', 'xero', 'hubspot']);

// ---- errors -------------------------------------------------------------------------------------
export const errorResponse = z
  .object({
    error: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

export const okResponse = z.object({ ok: z.literal(true) });

// ---- session ------------------------------------------------------------------------------------
export const sessionResponse = z
  .object({
    firm: z.object({
      id,
      name: z.string(),
      country: z.string(),
      baseCurrency: currency,
      language: languageSchema,
      reviewMode: z.boolean(),
      platforms: z.array(platformSchema),
    }),
    user: z.object({
      id,
      name: z.string().nullable(),
      email: z.string().nullable(),
      role: roleSchema,
    }),
    csrfToken: z.string(),
    expiresAt: instant,
  })
  .meta({ id: 'Session' });
export type SessionResponse = z.infer<typeof sessionResponse>;

export const shared = { id, localDate, instant, currency, minor };
