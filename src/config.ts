// The one place that reads process.env. A bad value stops start-up with a message naming the
// variable and what is expected; secrets are never echoed back.
import path from 'node:path';
import { z } from 'zod';

const url = (what: string) => z.url({ message: `expected ${what}` });
const optionalUrl = (what: string) => z.preprocess((v) => (v === '' ? undefined : v), url(what).optional());
const withDefault = (what: string, value: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? value : v), url(what));
const optionalSecret = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

const encryptionKey = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .refine((s) => decodeKey(s) !== null, {
      message: 'expected 32 bytes as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)',
    })
    .optional(),
);

export function decodeKey(s: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(s)) {
    const b = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return null;
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ message: 'expected a port number' })
    .int('expected a whole port number')
    .min(0, 'expected a port from 0 to 65535')
    .max(65535, 'expected a port from 0 to 65535')
    .default(3000),
  PUBLIC_URL: optionalUrl('an absolute URL such as https://relance.example.com'),
  DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
      .optional(),
  ),
  RELANCE_DATA_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('./.relance')),
  REDIS_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
      .optional(),
  ),
  RELANCE_ENCRYPTION_KEY: encryptionKey,
  SMTP_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL')
      .optional(),
  ),
  MAIL_FROM: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.email('expected an e-mail address').optional(),
  ),
  RELANCE_CLOCK: z.enum(['on', 'off'], { message: 'expected "on" or "off"' }).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RELANCE_OPERATOR_TOKEN: optionalSecret,
  // Signs panel sessions (HS256). Unset: a random secret generated once and kept in the database.
  RELANCE_SESSION_SECRET: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .refine((s) => Buffer.byteLength(s, 'utf8') >= 32, {
        message: 'expected at least 32 bytes (e.g. `openssl rand -hex 32`)',
      })
      .optional(),
  ),
  // Timings of the background work; the defaults suit production, tests and soaks shorten them.
  RELANCE_CLOCK_EVERY_MS: z.coerce
    .number({ message: 'expected milliseconds' })
    .int()
    .min(50)
    .max(3_600_000)
    .default(60_000),
  RELANCE_LEASE_MS: z.coerce
    .number({ message: 'expected milliseconds' })
    .int()
    .min(500)
    .max(3_600_000)
    .default(300_000),
  RELANCE_RETRY_BASE_MS: z.coerce
    .number({ message: 'expected milliseconds' })
    .int()
    .min(10)
    .max(3_600_000)
    .default(60_000),
  RELANCE_SYNC_TRACE: z.enum(['0', '1'], { message: 'expected 0 or 1' }).default('0'),
  SMTP_LOOKUP_URL: optionalUrl('a URL that answers whether the relay accepted a Message-ID'),

  QUICKBOOKS_CLIENT_ID: optionalSecret,
  QUICKBOOKS_CLIENT_SECRET: optionalSecret,
  QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: optionalSecret,
  QUICKBOOKS_API_BASE: withDefault('a URL', 'https://quickbooks.api.intuit.com'),
  QUICKBOOKS_AUTHORIZE_URL: withDefault('a URL', 'https://appcenter.intuit.com/connect/oauth2'),
  QUICKBOOKS_TOKEN_URL: withDefault('a URL', 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer'),
  QUICKBOOKS_REVOKE_URL: withDefault('a URL', 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke'),
  QUICKBOOKS_USERINFO_URL: withDefault(
    'a URL',
    'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
  ),

  XERO_CLIENT_ID: optionalSecret,
  XERO_CLIENT_SECRET: optionalSecret,
  XERO_WEBHOOK_KEY: optionalSecret,
  XERO_API_BASE: withDefault('a URL', 'https://api.xero.com/api.xro/2.0'),
  XERO_AUTHORIZE_URL: withDefault('a URL', 'https://login.xero.com/identity/connect/authorize'),
  XERO_TOKEN_URL: withDefault('a URL', 'https://identity.xero.com/connect/token'),
  XERO_CONNECTIONS_URL: withDefault('a URL', 'https://api.xero.com/connections'),

  TWILIO_ACCOUNT_SID: optionalSecret,
  TWILIO_AUTH_TOKEN: optionalSecret,
  TWILIO_FROM: optionalSecret,
  TWILIO_API_BASE: withDefault('a URL', 'https://api.twilio.com'),

  HUBSPOT_CLIENT_ID: optionalSecret,
  HUBSPOT_CLIENT_SECRET: optionalSecret,
  HUBSPOT_API_BASE: withDefault('a URL', 'https://api.hubapi.com'),
  HUBSPOT_AUTHORIZE_URL: withDefault('a URL', 'https://app.hubspot.com/oauth/authorize'),
  HUBSPOT_TOKEN_URL: withDefault('a URL', 'https://api.hubapi.com/oauth/v1/token'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  publicUrl: string;
  databaseUrl: string | null;
  dataDir: string;
  redisUrl: string | null;
  encryptionKey: Buffer | null;
  smtpUrl: string | null;
  mailFrom: string | null;
  clock: boolean;
  logLevel: Env['LOG_LEVEL'];
  operatorToken: string | null;
  /** The panel sessions' signing secret; null: the one kept in the database (app_secrets). */
  sessionSecret: string | null;
  timings: { clockEveryMs: number; leaseMs: number; retryBaseMs: number };
  smtpLookupUrl: string | null;
  /** Log how each sync's time splits between waiting for pages and writing them. */
  syncTrace: boolean;
  quickbooks: {
    clientId: string | null;
    clientSecret: string | null;
    webhookVerifierToken: string | null;
    apiBase: string;
    authorizeUrl: string;
    tokenUrl: string;
    revokeUrl: string;
    /** Sign in with Intuit: the OpenID userinfo endpoint. */
    userinfoUrl: string;
  };
  xero: {
    clientId: string | null;
    clientSecret: string | null;
    webhookKey: string | null;
    apiBase: string;
    authorizeUrl: string;
    tokenUrl: string;
    connectionsUrl: string;
  };
  twilio: { accountSid: string; authToken: string; from: string; apiBase: string } | null;
  hubspot: {
    clientId: string | null;
    clientSecret: string | null;
    apiBase: string;
    authorizeUrl: string;
    tokenUrl: string;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
  }
  const e = parsed.data;
  const port = e.PORT;
  return {
    env: e.NODE_ENV,
    port,
    publicUrl: trimSlash(e.PUBLIC_URL ?? `http://localhost:${port}`),
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: path.resolve(e.RELANCE_DATA_DIR),
    redisUrl: e.REDIS_URL ?? null,
    encryptionKey: e.RELANCE_ENCRYPTION_KEY ? decodeKey(e.RELANCE_ENCRYPTION_KEY) : null,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? null,
    clock: e.RELANCE_CLOCK === 'on',
    logLevel: e.LOG_LEVEL,
    operatorToken: e.RELANCE_OPERATOR_TOKEN ?? null,
    sessionSecret: e.RELANCE_SESSION_SECRET ?? null,
    timings: {
      clockEveryMs: e.RELANCE_CLOCK_EVERY_MS,
      leaseMs: e.RELANCE_LEASE_MS,
      retryBaseMs: e.RELANCE_RETRY_BASE_MS,
    },
    smtpLookupUrl: e.SMTP_LOOKUP_URL ?? null,
    syncTrace: e.RELANCE_SYNC_TRACE === '1',
    quickbooks: {
      clientId: e.QUICKBOOKS_CLIENT_ID ?? null,
      clientSecret: e.QUICKBOOKS_CLIENT_SECRET ?? null,
      webhookVerifierToken: e.QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN ?? null,
      apiBase: trimSlash(e.QUICKBOOKS_API_BASE),
      authorizeUrl: e.QUICKBOOKS_AUTHORIZE_URL,
      tokenUrl: e.QUICKBOOKS_TOKEN_URL,
      revokeUrl: e.QUICKBOOKS_REVOKE_URL,
      userinfoUrl: e.QUICKBOOKS_USERINFO_URL,
    },
    xero: {
      clientId: e.XERO_CLIENT_ID ?? null,
      clientSecret: e.XERO_CLIENT_SECRET ?? null,
      webhookKey: e.XERO_WEBHOOK_KEY ?? null,
      apiBase: trimSlash(e.XERO_API_BASE),
      authorizeUrl: e.XERO_AUTHORIZE_URL,
      tokenUrl: e.XERO_TOKEN_URL,
      connectionsUrl: e.XERO_CONNECTIONS_URL,
    },
    twilio:
      e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && e.TWILIO_FROM
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID,
            authToken: e.TWILIO_AUTH_TOKEN,
            from: e.TWILIO_FROM,
            apiBase: trimSlash(e.TWILIO_API_BASE),
          }
        : null,
    hubspot: {
      clientId: e.HUBSPOT_CLIENT_ID ?? null,
      clientSecret: e.HUBSPOT_CLIENT_SECRET ?? null,
      apiBase: trimSlash(e.HUBSPOT_API_BASE),
      authorizeUrl: e.HUBSPOT_AUTHORIZE_URL,
      tokenUrl: e.HUBSPOT_TOKEN_URL,
    },
  };
}
