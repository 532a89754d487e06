// All organisations the sandbox holds, and the fan-out of their changes (to webhooks).
import type { SandboxClock } from './clock.ts';
import { LedgerError } from './ledger-inputs.ts';
import type { LedgerChange, XeroLedgerData } from './ledger-types.ts';
import { OrganisationLedger } from './organisation-ledger.ts';
import { buildOrganisation, type OrganisationInput } from './organisation-presets.ts';

export type LedgerListener = (change: LedgerChange) => void;

export class XeroLedgerStore {
  private readonly orgs = new Map<string, OrganisationLedger>();
  private readonly listeners = new Set<LedgerListener>();

  constructor(private readonly clock: SandboxClock) {}

  addOrganisation(input: OrganisationInput, data?: XeroLedgerData): OrganisationLedger {
    const org = buildOrganisation(input);
    if (this.orgs.has(org.tenantId))
      throw new LedgerError('tenantId', `organisation ${org.tenantId} already exists`);
    const ledger = new OrganisationLedger(org, this.clock, (change) => this.publish(change), data);
    this.orgs.set(org.tenantId, ledger);
    return ledger;
  }

  get(tenantId: string): OrganisationLedger | undefined {
    return this.orgs.get(tenantId.toLowerCase());
  }

  /** The organisation, or a LedgerError naming the tenant id. */
  org(tenantId: string): OrganisationLedger {
    const ledger = this.get(tenantId);
    if (!ledger) throw new LedgerError('tenantId', `no organisation ${tenantId} in the sandbox`);
    return ledger;
  }

  list(): OrganisationLedger[] {
    return [...this.orgs.values()];
  }

  onChange(listener: LedgerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(change: LedgerChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
