// The sandbox's options, parsed with zod at start: anything wrong stops it with the field named.
import { z } from 'zod';
import { isCurrencyCode } from '../../../src/core/money.ts';
import type { Clock } from './clock.ts';
import type { GeneratedLedger, GenerateLedgerOptions } from './generate-ledger.ts';

const positiveInt = z.number().int().positive();

export const rateLimitSchema = z.object({
  perMinute: positiveInt.default(500),
  concurrent: positiveInt.default(10),
  batchPerMinute: positiveInt.default(120),
  retryAfter: z.boolean().default(false),
});

export const companySeedSchema = z.object({
  realmId: z
    .string()
    .regex(/^\d{4,20}$/, 'must be digits, like a QuickBooks company id')
    .optional(),
  companyName: z.string().min(1).optional(),
  email: z.email().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code')
    .optional(),
  currency: z.string().refine(isCurrencyCode, 'must be an ISO 4217 code').optional(),
  /** Invoice custom fields the firm has defined (QuickBooks allows three). */
  customFields: z.array(z.string().min(1).max(31)).max(3).optional(),
  /** A ledger to load: options for generateLedger, or one already generated. */
  ledger: z
    .custom<GenerateLedgerOptions | GeneratedLedger>((v) => typeof v === 'object' && v !== null)
    .optional(),
});
export type CompanySeed = z.input<typeof companySeedSchema>;

const clockSchema = z.custom<Clock>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { now?: unknown }).now === 'function',
  'must be an object with a now(): Date method',
);

export const sandboxOptionsSchema = z.object({
  clientId: z.string().min(1).default('sandbox-client-id'),
  clientSecret: z.string().min(1).default('sandbox-client-secret'),
  /** When given, authorize and token requests must use one of these redirect URIs. */
  redirectUris: z.array(z.url()).optional(),
  webhookVerifierToken: z.string().min(1).default('sandbox-verifier-token'),
  webhooks: z
    .object({
      url: z.url().nullable().default(null),
      format: z.enum(['classic', 'cloudevents']).default('classic'),
      autoDeliver: z.boolean().default(true),
    })
    .prefault({}),
  rateLimit: z.union([z.literal(false), rateLimitSchema]).prefault({}),
  accessTokenTtlSeconds: positiveInt.default(3600),
  /** Intuit's rolling refresh-token life: about 100 days. */
  refreshTokenTtlSeconds: positiveInt.default(8_726_400),
  /** A maximum life from first connection, sent as x_refresh_token_hard_expires_in; none by default. */
  refreshTokenHardTtlSeconds: positiveInt.nullable().default(null),
  authorizationCodeTtlSeconds: positiveInt.default(300),
  clock: clockSchema.optional(),
  /** Added before every API answer: a fixed delay or a uniform range, in milliseconds. */
  latencyMs: z
    .union([z.number().min(0), z.object({ min: z.number().min(0), max: z.number().min(0) })])
    .default(0),
  companies: z.array(companySeedSchema).min(1).optional(),
  /** Serve the /__sandbox admin routes (ledger mutations, faults, webhooks) over HTTP. */
  adminRoutes: z.boolean().default(true),
});

export type SandboxOptions = z.input<typeof sandboxOptionsSchema>;
export type ResolvedSandboxOptions = z.output<typeof sandboxOptionsSchema>;

export function resolveSandboxOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  const parsed = sandboxOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`);
    throw new TypeError(`invalid QuickBooks sandbox options: ${problems.join('; ')}`);
  }
  return parsed.data;
}
