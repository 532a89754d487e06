// What every platform connector provides. A connector maps its platform to the core's vocabulary
// and owns its platform's HTTP (through the official SDK), limits and retries; the collections core
// never sees a platform's JSON.
import type { Money } from '../../src/core/money.ts';
import type { Instant, Language } from '../../src/core/types.ts';
import type {
  CreditNoteInput,
  CustomerInput,
  InvoiceInput,
  PaymentInput,
} from '../../src/store/repos/ledger.ts';
import type { RateLimiter } from './rate-limiter.ts';

export type PlatformName = 'quickbooks' | 'xero' | 'hubspot';

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** When the access token stops working. */
  expiresAt: Instant;
  /** When the refresh token stops working (hard expiry), if the platform says. */
  refreshExpiresAt: Instant | null;
  scope?: string;
  /** Platform extras kept with the tokens (e.g. Xero's id_token, the previous refresh token and when it was replaced). */
  extra?: Record<string, unknown>;
}

/** The person who consented, as the platform's OpenID identity says (Intuit userinfo, Xero id_token). */
export interface PlatformUser {
  /** The platform's stable id for the person (Intuit `sub`, Xero `xero_userid`). */
  id: string;
  email: string | null;
  name: string | null;
}

/** One connected company or organisation: QuickBooks gives one per consent, Xero one per tenant. */
export interface ConnectionGrant {
  externalTenantId: string;
  tenantName: string | null;
  tokens: TokenSet;
  /** Who consented, when the OpenID scopes were granted; null when the platform did not say. */
  user?: PlatformUser | null;
}

/** What the firm is, read from the platform at connection: its name is on every reminder. */
export interface FirmProfile {
  name: string;
  legalName: string | null;
  email: string | null;
  country: string; // ISO 3166-1 alpha-2
  baseCurrency: string;
  timeZone: string | null; // IANA
  language: Language | null;
}

/** Gives a valid access token, refreshing (and persisting the rotated refresh token) when needed. */
export interface TokenAccess {
  accessToken(): Promise<string>;
  /** After a 401: the token was refused although not expired; refresh now. */
  forceRefresh(): Promise<string>;
}

export interface ConnectionContext {
  connectionId: string;
  firmId: string;
  externalTenantId: string;
  tokens: TokenAccess;
  limiter: RateLimiter;
}

/** Where a sync stands; opaque to everyone but its connector, stored with the connection. */
export type Checkpoint = Record<string, unknown>;

export interface InvalidRecord {
  entity: string;
  externalId: string | null;
  reason: string;
}

/** One page of changes, streamed into the store, then the checkpoint that resumes after it. */
export interface SyncBatch {
  customers: CustomerInput[];
  invoices: InvoiceInput[];
  payments: PaymentInput[];
  creditNotes: CreditNoteInput[];
  /** Malformed records: recorded and skipped, the sync goes on. */
  invalid: InvalidRecord[];
  checkpoint: Checkpoint;
  /** Progress for people (e.g. "invoices 3,000 of 100,000"). */
  progress?: { entity: string; done: number; total: number | null };
}

export type WebhookEntity = 'invoice' | 'payment' | 'credit_note' | 'customer';

/** What a webhook says changed: only "look again", never the truth. */
export interface WebhookTarget {
  externalTenantId: string;
  entity: WebhookEntity;
  externalId: string;
  operation: string;
}

export type WriteBack =
  | { kind: 'note'; invoiceExternalId: string; text: string; idempotencyKey: string }
  | { kind: 'status'; invoiceExternalId: string; status: string; idempotencyKey: string }
  | { kind: 'expected_payment_date'; invoiceExternalId: string; date: string; idempotencyKey: string };

export interface WriteBackReceipt {
  /** The platform's id for what was written, when it has one. */
  externalId: string | null;
}

export interface Connector {
  readonly platform: PlatformName;
  authorizeUrl(state: string): string;
  exchangeCode(callback: URLSearchParams): Promise<ConnectionGrant[]>;
  refreshTokens(tokens: TokenSet): Promise<TokenSet>;
  revoke(tokens: TokenSet): Promise<void>;
  firmProfile(ctx: ConnectionContext): Promise<FirmProfile>;
  /** Pages, never all in memory; `since` null = full sync. */
  pull(ctx: ConnectionContext, since: Checkpoint | null): AsyncIterable<SyncBatch>;
  /** Re-reads the given records (after a webhook); missing ones come back as deleted. */
  reread(ctx: ConnectionContext, targets: WebhookTarget[]): Promise<SyncBatch>;
  verifyWebhook(headers: Record<string, string | string[] | undefined>, rawBody: Buffer): boolean;
  webhookTargets(body: unknown): WebhookTarget[];
  writeBack(ctx: ConnectionContext, action: WriteBack): Promise<WriteBackReceipt>;
  /** Open balance of each invoice, read from the platform just before a send. */
  refetchOpenBalance(ctx: ConnectionContext, invoiceExternalIds: string[]): Promise<Map<string, Money>>;
}
