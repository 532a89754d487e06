// One QuickBooks company (realm) held in memory: its entities by Id, the Ids it will hand out next,
// the tombstones CDC reports, and the balance bookkeeping every mutation goes through so that
// invoice, payment, credit-memo and customer balances can never disagree.
import type { Clock } from './clock.ts';
import { qboFaults } from './faults.ts';
import type {
  AttachableRecord,
  ChangeEvent,
  ChangeOperation,
  ChangingEntity,
  CompanyProfile,
  CreditMemoRecord,
  CustomerRecord,
  InvoiceRecord,
  PaymentRecord,
  TermRecord,
  Tombstone,
} from './records.ts';
import { STANDARD_TERMS } from './records.ts';

/** QuickBooks numbers attachables in a range of their own, far above transaction Ids. */
export const ATTACHABLE_ID_BASE = 5_000_000_000_000_010_000n;

export interface LedgerRecords {
  customers: CustomerRecord[];
  invoices: InvoiceRecord[];
  payments: PaymentRecord[];
  creditMemos: CreditMemoRecord[];
}

export class Company {
  readonly customers = new Map<number, CustomerRecord>();
  readonly invoices = new Map<number, InvoiceRecord>();
  readonly payments = new Map<number, PaymentRecord>();
  readonly creditMemos = new Map<number, CreditMemoRecord>();
  readonly attachables = new Map<number, AttachableRecord>();
  readonly terms: readonly TermRecord[] = STANDARD_TERMS;
  readonly tombstones: Tombstone[] = [];
  /** Bumped on every change; query result caches compare it. */
  version = 0;
  private nextTxnId = 1;
  private nextCustomerId = 1;
  private nextAttachableId = 1;
  private nextDocNumber = 1001;
  private readonly listeners: ((event: ChangeEvent) => void)[] = [];

  constructor(
    readonly profile: CompanyProfile,
    readonly clock: Clock,
  ) {}

  get realmId(): string {
    return this.profile.realmId;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  onChange(listener: (event: ChangeEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Adopts generated records as they are (no copy): the ledger belongs to this company afterwards. */
  adopt(records: LedgerRecords): void {
    if (this.customers.size + this.invoices.size + this.payments.size + this.creditMemos.size > 0) {
      throw new Error(
        `company ${this.realmId} already holds a ledger; load a generated ledger into an empty company`,
      );
    }
    for (const c of records.customers) this.customers.set(c.id, c);
    for (const i of records.invoices) this.invoices.set(i.id, i);
    for (const p of records.payments) this.payments.set(p.id, p);
    for (const m of records.creditMemos) this.creditMemos.set(m.id, m);
    const maxId = (ids: Iterable<number>): number => {
      let max = 0;
      for (const id of ids) if (id > max) max = id;
      return max;
    };
    this.nextCustomerId = maxId(this.customers.keys()) + 1;
    this.nextTxnId =
      Math.max(maxId(this.invoices.keys()), maxId(this.payments.keys()), maxId(this.creditMemos.keys())) + 1;
    let maxDoc = 1000;
    for (const doc of [...records.invoices, ...records.creditMemos]) {
      const n = Number(doc.docNumber);
      if (Number.isSafeInteger(n) && n > maxDoc) maxDoc = n;
    }
    this.nextDocNumber = maxDoc + 1;
    this.version++;
  }

  takeTxnId(): number {
    return this.nextTxnId++;
  }

  takeCustomerId(): number {
    return this.nextCustomerId++;
  }

  takeAttachableId(): number {
    return this.nextAttachableId++;
  }

  takeDocNumber(): string {
    return String(this.nextDocNumber++);
  }

  term(id: number | null): TermRecord | null {
    if (id === null) return null;
    return this.terms.find((t) => t.id === id) ?? null;
  }

  customer(id: number): CustomerRecord {
    const c = this.customers.get(id);
    if (!c) throw qboFaults.objectNotFound('Customer', String(id));
    return c;
  }

  invoice(id: number): InvoiceRecord {
    const i = this.invoices.get(id);
    if (!i) throw qboFaults.objectNotFound('Invoice', String(id));
    return i;
  }

  payment(id: number): PaymentRecord {
    const p = this.payments.get(id);
    if (!p) throw qboFaults.objectNotFound('Payment', String(id));
    return p;
  }

  creditMemo(id: number): CreditMemoRecord {
    const m = this.creditMemos.get(id);
    if (!m) throw qboFaults.objectNotFound('CreditMemo', String(id));
    return m;
  }

  attachable(id: number): AttachableRecord {
    const a = this.attachables.get(id);
    if (!a) throw qboFaults.objectNotFound('Attachable', String(id));
    return a;
  }

  // Balance bookkeeping: a customer's balance is its open invoices less unused credit and
  // unapplied payments, so each setter moves the customer's balance by the same delta.
  setInvoiceBalance(invoice: InvoiceRecord, balanceMinor: number): void {
    this.customer(invoice.customerId).balanceMinor += balanceMinor - invoice.balanceMinor;
    invoice.balanceMinor = balanceMinor;
  }

  setUnapplied(payment: PaymentRecord, unappliedMinor: number): void {
    this.customer(payment.customerId).balanceMinor -= unappliedMinor - payment.unappliedMinor;
    payment.unappliedMinor = unappliedMinor;
  }

  setRemainingCredit(memo: CreditMemoRecord, remainingMinor: number): void {
    this.customer(memo.customerId).balanceMinor -= remainingMinor - memo.remainingMinor;
    memo.remainingMinor = remainingMinor;
  }

  /** Records an edit: SyncToken and LastUpdatedTime move, and the change is announced. */
  touch(
    entity: ChangingEntity,
    record: { id: number; syncToken: number; updatedMs: number },
    operation: ChangeOperation = 'Update',
  ): void {
    const at = this.now();
    record.syncToken += 1;
    record.updatedMs = Math.max(at, record.updatedMs);
    this.announce(entity, record.id, operation, record.updatedMs);
  }

  /** Announces a new or deleted record (its SyncToken is already right). */
  announce(entity: ChangingEntity, id: number, operation: ChangeOperation, atMs = this.now()): void {
    this.version++;
    const event: ChangeEvent = { realmId: this.realmId, entity, id: renderId(entity, id), operation, atMs };
    for (const listener of this.listeners) listener(event);
  }

  bury(entity: ChangingEntity, id: number): void {
    const at = this.now();
    this.tombstones.push({ entity, id, deletedMs: at });
    this.announce(entity, id, 'Delete', at);
  }
}

/** The Id as QuickBooks prints it (attachables live in their own, much larger range). */
export function renderId(entity: ChangingEntity | 'Term', id: number): string {
  return entity === 'Attachable' ? String(ATTACHABLE_ID_BASE + BigInt(id)) : String(id);
}

/** Parses an Id from a request; null when it is not one this company could have issued. */
export function parseId(entity: ChangingEntity | 'Term', text: string): number | null {
  if (!/^\d{1,22}$/.test(text)) return null;
  if (entity === 'Attachable') {
    const n = BigInt(text) - ATTACHABLE_ID_BASE;
    return n > 0n && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : null;
  }
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}
