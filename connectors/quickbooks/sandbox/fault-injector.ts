// Faults a test can ask for: the next N API requests (of one company, or whose path contains a
// given text) answer 500, 503, hang until the client gives up, answer 429, answer 200 with JSON cut
// off half-way, or carry one malformed entity in a query or CDC page.

export const INJECTED_FAULT_KINDS = [
  'http-500',
  'http-503',
  'hang',
  'throttle',
  'invalid-json',
  'malformed-entity',
] as const;
export type InjectedFaultKind = (typeof INJECTED_FAULT_KINDS)[number];
export type RequestFaultKind = Exclude<InjectedFaultKind, 'malformed-entity'>;

export interface FaultPlan {
  kind: InjectedFaultKind;
  /** How many matching requests it affects. */
  count: number;
  realmId?: string;
  /** Only requests whose path contains this text ("/query", "/cdc", "/invoice"). */
  pathIncludes?: string;
}

export class FaultInjector {
  private plans: FaultPlan[] = [];

  inject(plan: FaultPlan): void {
    if (!Number.isSafeInteger(plan.count) || plan.count < 1)
      throw new RangeError('a fault needs a count of at least 1');
    this.plans.push({ ...plan });
  }

  clear(): void {
    this.plans = [];
  }

  pending(): FaultPlan[] {
    return this.plans.map((p) => ({ ...p }));
  }

  private take(
    realmId: string,
    path: string,
    accept: (kind: InjectedFaultKind) => boolean,
  ): InjectedFaultKind | null {
    const plan = this.plans.find(
      (p) =>
        accept(p.kind) &&
        (p.realmId === undefined || p.realmId === realmId) &&
        (p.pathIncludes === undefined || path.toLowerCase().includes(p.pathIncludes.toLowerCase())),
    );
    if (!plan) return null;
    plan.count--;
    if (plan.count === 0) this.plans = this.plans.filter((p) => p !== plan);
    return plan.kind;
  }

  /** A fault that replaces the whole response, decided before the request is handled. */
  takeRequestFault(realmId: string, path: string): RequestFaultKind | null {
    return this.take(realmId, path, (k) => k !== 'malformed-entity') as RequestFaultKind | null;
  }

  /** Whether the page being answered should carry one malformed entity. */
  takeEntityFault(realmId: string, path: string): boolean {
    return this.take(realmId, path, (k) => k === 'malformed-entity') !== null;
  }
}

/** Breaks one entity the way a broken upstream record would: Id kept, money and references not. */
export function malformEntity(entity: Record<string, unknown>): Record<string, unknown> {
  const broken: Record<string, unknown> = { ...entity, TotalAmt: 'NaN', SyncToken: null };
  delete broken.CurrencyRef;
  delete broken.CustomerRef;
  if ('Balance' in broken) broken.Balance = { amount: 'corrupt' };
  return broken;
}
