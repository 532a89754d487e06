// Everything the sandbox holds: its companies and their ledgers, the OAuth server's tokens, the
// rate limiter and its counters, the fault plans, the webhook outbox and the change log. Tests and
// benchmarks drive it directly; the admin routes expose the same operations over HTTP.
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { Company } from './company.ts';
import { FaultInjector } from './fault-injector.ts';
import { generateLedger, type GeneratedLedger, type GenerateLedgerOptions } from './generate-ledger.ts';
import { ledgerApi, type LedgerApi } from './ledger-api.ts';
import { OAuthStore } from './oauth-store.ts';
import { companySeedSchema, type CompanySeed, type ResolvedSandboxOptions } from './options.ts';
import { RateLimiter, type RealmStats } from './rate-limiter.ts';
import type { ChangeEvent } from './records.ts';
import { WebhookOutbox } from './webhooks.ts';

const DEFAULT_REALM_BASE = 9_341_453_050_298_800n;
const YEAR_MS = 365 * 86_400_000;

export interface CachedResponse {
  status: number;
  body: unknown;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function isGenerated(ledger: GenerateLedgerOptions | GeneratedLedger): ledger is GeneratedLedger {
  return Array.isArray((ledger as GeneratedLedger).customers);
}

export class SandboxState {
  readonly clock: Clock;
  readonly companies = new Map<string, Company>();
  readonly oauth: OAuthStore;
  readonly limiter: RateLimiter;
  readonly faults = new FaultInjector();
  readonly webhooks: WebhookOutbox;
  /** Every change announced by any company, oldest first. */
  readonly events: ChangeEvent[] = [];
  /** Write responses by `requestid`, so a retried write is answered, not repeated (as QuickBooks does). */
  readonly idempotentResponses = new Map<string, CachedResponse>();

  constructor(readonly options: ResolvedSandboxOptions) {
    this.clock = options.clock ?? systemClock;
    this.oauth = new OAuthStore(this.clock, {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: options.refreshTokenTtlSeconds,
      refreshTokenHardTtlSeconds: options.refreshTokenHardTtlSeconds,
      codeTtlSeconds: options.authorizationCodeTtlSeconds,
    });
    this.limiter = new RateLimiter(this.clock, options.rateLimit === false ? null : options.rateLimit);
    this.webhooks = new WebhookOutbox(this.clock, {
      url: options.webhooks.url,
      verifierToken: options.webhookVerifierToken,
      format: options.webhooks.format,
      autoDeliver: options.webhooks.autoDeliver,
    });
    for (const seed of options.companies ?? [{}]) this.addCompany(seed);
  }

  /** Creates a company (and loads its ledger, when the seed has one). */
  addCompany(input: CompanySeed = {}): Company {
    const seed = companySeedSchema.parse(input);
    const index = this.companies.size;
    const realmId = seed.realmId ?? String(DEFAULT_REALM_BASE + BigInt(index * 7919 + 37));
    if (this.companies.has(realmId)) throw new RangeError(`company ${realmId} already exists`);
    const ledgerCurrency =
      seed.ledger && !isGenerated(seed.ledger) ? seed.ledger.currencies?.[0] : seed.ledger?.homeCurrency;
    const currency = seed.currency ?? ledgerCurrency ?? 'USD';
    const companyName =
      seed.companyName ?? (index === 0 ? 'Harbour & Pine Studio' : `Sandbox Company ${index + 1}`);
    const country = seed.country ?? 'US';
    const company = new Company(
      {
        realmId,
        companyName,
        legalName: `${companyName} LLC`,
        email: seed.email ?? `accounts@${slug(companyName)}.example`,
        phone: '(415) 555-0100',
        country,
        currency,
        address: {
          line1: '500 Market St',
          city: 'San Francisco',
          region: 'CA',
          postalCode: '94105',
          country,
        },
        customFieldNames: seed.customFields ?? ['Collection status'],
        createdMs: this.clock.now().getTime() - 3 * YEAR_MS,
      },
      this.clock,
    );
    company.onChange((event) => {
      this.events.push(event);
      this.webhooks.enqueue(event);
    });
    this.companies.set(realmId, company);
    if (seed.ledger) this.loadLedger(realmId, seed.ledger);
    return company;
  }

  company(realmId?: string): Company {
    const company =
      realmId === undefined ? this.companies.values().next().value : this.companies.get(realmId);
    if (!company) throw new RangeError(`no company ${realmId ?? ''} in the sandbox`);
    return company;
  }

  /** The mutation API of a company (the first one when no realm is named). */
  ledger(realmId?: string): LedgerApi {
    return ledgerApi(this.company(realmId));
  }

  /** Loads a generated ledger (or generates one from options) into an empty company. */
  loadLedger(realmId: string, ledger: GenerateLedgerOptions | GeneratedLedger): GeneratedLedger {
    const company = this.company(realmId);
    const generated = isGenerated(ledger) ? ledger : generateLedger(ledger);
    if (generated.homeCurrency !== company.profile.currency) {
      throw new RangeError(
        `the ledger's home currency ${generated.homeCurrency} is not company ${realmId}'s currency ${company.profile.currency}`,
      );
    }
    company.adopt(generated);
    return generated;
  }

  stats(realmId?: string): RealmStats {
    return this.limiter.stats(this.company(realmId).realmId);
  }
}
