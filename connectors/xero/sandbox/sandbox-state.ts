// Everything one sandbox holds, built from its options: clock, organisations and their books,
// identity (tokens, connections), limits, faults, idempotency keys and webhooks.
import { randomBytes } from 'node:crypto';
import { systemClock, type SandboxClock } from './clock.ts';
import { generateXeroLedger, type GenerateXeroLedgerOptions } from './generate-ledger.ts';
import { IdempotencyStore } from './idempotency.ts';
import { IdentityService } from './identity.ts';
import { XERO_SCOPES } from './xero-scopes.ts';
import { FaultInjector } from './faults.ts';
import { XeroLedgerStore } from './ledger-store.ts';
import type { XeroLedgerData } from './ledger-types.ts';
import { XeroRateLimiter, type XeroLimits } from './limits.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import type { OrganisationInput } from './organisation-presets.ts';
import { WebhookPublisher } from './webhooks.ts';

export interface SandboxOrganisationOptions extends OrganisationInput {
  /** Books to load: generator options (the organisation's country is used), ready data, or none. */
  ledger?: Omit<GenerateXeroLedgerOptions, 'countryCode'> | XeroLedgerData | null;
}

export interface XeroSandboxOptions {
  clientId?: string;
  clientSecret?: string;
  /** Registered redirect URIs; when omitted, any absolute http(s) URI is accepted. */
  redirectUris?: string[];
  /** Scopes the app may request (default: every Xero scope the sandbox knows). */
  allowedScopes?: string[];
  webhookKey?: string;
  webhookUrl?: string | null;
  /** Queued webhook events go out on their own after this many ms (real time); 0 = only on flush(). */
  webhookDeliveryDelayMs?: number;
  limits?: Partial<XeroLimits> | false;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  refreshGraceSeconds?: number;
  clock?: SandboxClock;
  organisations?: SandboxOrganisationOptions[];
  /** Organisations a consent connects when the authorize request does not name them (default: all). */
  consentTenantIds?: string[] | null;
  providerName?: string;
  onlineInvoiceBaseUrl?: string;
  /** Mount the /__sandbox admin routes (default true). */
  admin?: boolean;
}

export interface XeroSandboxState {
  clock: SandboxClock;
  ledger: XeroLedgerStore;
  identity: IdentityService;
  limits: XeroRateLimiter;
  faults: FaultInjector;
  idempotency: IdempotencyStore;
  webhooks: WebhookPublisher;
  consentTenantIds: string[] | null;
  publicUrl: string;
  providerName: string;
  onlineInvoiceBaseUrl: string;
  /** The organisation with this tenant id (throws a LedgerError naming it if unknown). */
  org(tenantId: string): OrganisationLedger;
}

export const DEFAULT_ORGANISATIONS: SandboxOrganisationOptions[] = [
  {
    name: 'Atelier Lumière SRL',
    countryCode: 'BE',
    ledger: { seed: 'atelier-lumiere', contacts: 25, invoices: 200, payments: 150 },
  },
  {
    name: 'Harbour & Pine Ltd',
    countryCode: 'GB',
    ledger: { seed: 'harbour-pine', contacts: 15, invoices: 80, payments: 60, currencies: ['GBP', 'EUR'] },
  },
];

function isData(ledger: SandboxOrganisationOptions['ledger']): ledger is XeroLedgerData {
  return ledger !== null && ledger !== undefined && 'invoices' in ledger && Array.isArray(ledger.invoices);
}

export function buildSandboxState(options: XeroSandboxOptions): XeroSandboxState {
  const clock = options.clock ?? systemClock;
  const ledger = new XeroLedgerStore(clock);
  for (const spec of options.organisations ?? DEFAULT_ORGANISATIONS) {
    const { ledger: books, ...org } = spec;
    const data = isData(books)
      ? books
      : books
        ? generateXeroLedger({ ...books, countryCode: org.countryCode ?? 'BE' })
        : undefined;
    ledger.addOrganisation(org, data);
  }
  const state: XeroSandboxState = {
    clock,
    ledger,
    identity: new IdentityService({
      clientId: options.clientId ?? 'RELANCE-SANDBOX-CLIENT',
      clientSecret: options.clientSecret ?? 'relance-sandbox-secret',
      redirectUris: options.redirectUris ?? [],
      allowedScopes: options.allowedScopes ?? XERO_SCOPES,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 1800,
      refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 60 * 86_400,
      refreshGraceSeconds: options.refreshGraceSeconds ?? 1800,
      clock,
    }),
    limits: new XeroRateLimiter(options.limits ?? {}, clock),
    faults: new FaultInjector(),
    idempotency: new IdempotencyStore(clock),
    webhooks: new WebhookPublisher({
      key: options.webhookKey ?? randomBytes(48).toString('base64'),
      url: options.webhookUrl ?? null,
      clock,
      publicUrl: () => state.publicUrl,
      deliveryDelayMs: options.webhookDeliveryDelayMs ?? 100,
      timeoutMs: 5000,
      maxEventsPerPayload: 50,
    }),
    consentTenantIds: options.consentTenantIds?.map((t) => t.toLowerCase()) ?? null,
    publicUrl: 'http://localhost',
    providerName: options.providerName ?? 'Relance',
    onlineInvoiceBaseUrl: options.onlineInvoiceBaseUrl ?? 'https://in.xero.com',
    org: (tenantId) => ledger.org(tenantId),
  };
  ledger.onChange((change) => state.webhooks.record(change));
  return state;
}
