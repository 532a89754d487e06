// One Xero organisation's books, in memory: contacts, invoices and bills, payments, credit notes
// and their allocations. Every mutation keeps AmountDue/AmountPaid/AmountCredited/Status and
// UpdatedDateUTC consistent, bumps `version` (which invalidates cached list queries) and reports
// a LedgerChange for webhooks. The mutations themselves live in contact-mutations.ts,
// invoice-mutations.ts and settlements.ts; this class holds the records and the bookkeeping.
import type { SandboxClock } from './clock.ts';
import { addContact, updateContact } from './contact-mutations.ts';
import { addInvoice, updateInvoice } from './invoice-mutations.ts';
import {
  LedgerError,
  type AllocationInput,
  type BatchPaymentInput,
  type InvoiceUpdateInput,
  type NewContactInput,
  type NewCreditNoteInput,
  type NewInvoiceInput,
  type NewPaymentInput,
  type UpdateContactInput,
} from './ledger-inputs.ts';
import {
  OPEN_STATUSES,
  type AllocationRecord,
  type ContactRecord,
  type CreditNoteRecord,
  type HistoryEntry,
  type InvoiceRecord,
  type LedgerChange,
  type OrganisationRecord,
  type PaymentRecord,
  type XeroLedgerData,
} from './ledger-types.ts';
import {
  addBatchPayment,
  addCreditNote,
  addPayment,
  allocateCreditNote,
  deletePayment,
} from './settlements.ts';
import { epochDayOf } from './xero-format.ts';

export class OrganisationLedger {
  readonly contacts = new Map<string, ContactRecord>();
  readonly invoices = new Map<string, InvoiceRecord>();
  readonly payments = new Map<string, PaymentRecord>();
  readonly creditNotes = new Map<string, CreditNoteRecord>();
  readonly allocations = new Map<string, AllocationRecord>();
  /** History entries recorded after load (notes, edits), per invoice, oldest first. */
  readonly notes = new Map<string, HistoryEntry[]>();
  /** Bumped by every mutation; list queries cache their sorted ids against it. */
  version = 0;
  private readonly byContact = new Map<string, InvoiceRecord[]>();
  private readonly salesNumbers = new Set<string>();
  private lastStamp = 0;
  private nextInvoiceNumber = 1;
  private nextCreditNoteNumber = 1;

  constructor(
    readonly org: OrganisationRecord,
    readonly clock: SandboxClock,
    private readonly emit: (change: LedgerChange) => void,
    data?: XeroLedgerData,
  ) {
    if (data) this.load(data);
  }

  get tenantId(): string {
    return this.org.tenantId;
  }

  /** Loads generated books as they are (records are kept by reference, not copied). */
  load(data: XeroLedgerData): void {
    for (const c of data.contacts) this.contacts.set(c.id, c);
    for (const inv of data.invoices) this.register(inv);
    for (const p of data.payments) this.payments.set(p.id, p);
    for (const cn of data.creditNotes) this.creditNotes.set(cn.id, cn);
    for (const a of data.allocations) this.allocations.set(a.id, a);
    for (const group of [data.contacts, data.invoices, data.payments, data.creditNotes]) {
      for (const r of group) if (r.updatedAt > this.lastStamp) this.lastStamp = r.updatedAt;
    }
    this.nextInvoiceNumber = nextNumber(
      data.invoices.filter((i) => i.type === 'ACCREC').map((i) => i.number),
      this.nextInvoiceNumber,
    );
    this.nextCreditNoteNumber = nextNumber(
      data.creditNotes.map((c) => c.number),
      this.nextCreditNoteNumber,
    );
    this.version++;
  }

  today(): number {
    return epochDayOf(this.clock.now());
  }

  /** A strictly increasing UpdatedDateUTC, so incremental sync never sees two changes as one instant. */
  stamp(): number {
    this.lastStamp = Math.max(this.clock.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  changed(change: Omit<LedgerChange, 'tenantId' | 'at'>, at: number): void {
    this.version++;
    this.emit({ ...change, tenantId: this.tenantId, at });
  }

  contact(id: string): ContactRecord {
    const c = this.contacts.get(id.toLowerCase());
    if (!c) throw new LedgerError('contactId', `no contact ${id} in organisation ${this.org.name}`);
    return c;
  }

  invoice(id: string): InvoiceRecord {
    const inv = this.invoices.get(id.toLowerCase());
    if (!inv) throw new LedgerError('invoiceId', `no invoice ${id} in organisation ${this.org.name}`);
    return inv;
  }

  invoicesOf(contactId: string): readonly InvoiceRecord[] {
    return this.byContact.get(contactId) ?? [];
  }

  amountDue(inv: InvoiceRecord): number {
    if (!OPEN_STATUSES.has(inv.status)) return 0;
    return inv.total - inv.amountPaid - inv.amountCredited;
  }

  addContact(input: NewContactInput): ContactRecord {
    return addContact(this, input);
  }

  updateContact(id: string, input: UpdateContactInput): ContactRecord {
    return updateContact(this, id, input);
  }

  addInvoice(input: NewInvoiceInput): InvoiceRecord {
    return addInvoice(this, input);
  }

  updateInvoice(id: string, input: InvoiceUpdateInput): InvoiceRecord {
    return updateInvoice(this, id, input);
  }

  voidInvoice(id: string): InvoiceRecord {
    return this.updateInvoice(id, { status: 'VOIDED' });
  }

  deleteInvoice(id: string): InvoiceRecord {
    return this.updateInvoice(id, { status: 'DELETED' });
  }

  addPayment(input: NewPaymentInput): PaymentRecord {
    return addPayment(this, input);
  }

  addBatchPayment(input: BatchPaymentInput): PaymentRecord[] {
    return addBatchPayment(this, input);
  }

  deletePayment(paymentId: string): PaymentRecord {
    return deletePayment(this, paymentId);
  }

  addCreditNote(input: NewCreditNoteInput): CreditNoteRecord {
    return addCreditNote(this, input);
  }

  allocateCreditNote(creditNoteId: string, input: AllocationInput): AllocationRecord {
    return allocateCreditNote(this, creditNoteId, input);
  }

  takeInvoiceNumber(): string {
    return `INV-${String(this.nextInvoiceNumber++).padStart(4, '0')}`;
  }

  hasSalesNumber(number: string): boolean {
    return this.salesNumbers.has(number);
  }

  takeCreditNoteNumber(): string {
    return `CN-${String(this.nextCreditNoteNumber++).padStart(4, '0')}`;
  }

  recordHistory(documentId: string, entry: HistoryEntry): void {
    const list = this.notes.get(documentId);
    if (list) list.push(entry);
    else this.notes.set(documentId, [entry]);
  }

  /** Adds an invoice to the maps and indexes (used on create). */
  register(inv: InvoiceRecord): void {
    this.invoices.set(inv.id, inv);
    if (inv.type === 'ACCREC') this.salesNumbers.add(inv.number);
    const list = this.byContact.get(inv.contactId);
    if (list) list.push(inv);
    else this.byContact.set(inv.contactId, [inv]);
  }
}

function nextNumber(numbers: readonly string[], floor: number): number {
  let max = floor - 1;
  for (const n of numbers) {
    const m = /(\d+)$/.exec(n);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}
