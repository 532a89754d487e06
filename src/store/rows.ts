// Row ↔ domain mapping for the tables the core reads. Columns are snake_case; the core is camelCase.
import type {
  BusinessHours,
  Customer,
  FeePolicy,
  Firm,
  Invoice,
  Language,
  PaymentPlan,
  Procedure,
  ProcedureStep,
  PromiseToPay,
  Segment,
  SegmentRule,
  SenderIdentity,
} from '../core/types.ts';

export interface FirmRow {
  id: string;
  name: string;
  country: string;
  base_currency: string;
  time_zone: string;
  business_hours: BusinessHours;
  language: Language;
  sender: SenderIdentity;
  review_mode: boolean;
  fees: FeePolicy;
}

export const toFirm = (r: FirmRow): Firm => ({
  id: r.id,
  name: r.name,
  country: r.country,
  baseCurrency: r.base_currency,
  timeZone: r.time_zone,
  businessHours: r.business_hours,
  language: r.language,
  sender: r.sender,
  reviewMode: r.review_mode,
  fees: r.fees,
});

export interface CustomerRow {
  id: string;
  firm_id: string;
  external_id: string;
  name: string;
  emails: string[];
  phone: string | null;
  language: Language | null;
  time_zone: string | null;
  country: string | null;
  segment_id: string | null;
  segment_manual: boolean;
  payment_terms_days: number | null;
  credit_limit: number | null;
  credit_limit_currency: string | null;
  paused: boolean;
}

export const CUSTOMER_COLUMNS = `c.id, c.firm_id, c.external_id, c.name, c.emails, c.phone, c.language, c.time_zone,
  c.country, c.segment_id, c.segment_manual, c.payment_terms_days, c.credit_limit, c.credit_limit_currency, c.paused`;

export const toCustomer = (r: CustomerRow): Customer => ({
  id: r.id,
  firmId: r.firm_id,
  externalId: r.external_id,
  name: r.name,
  emails: r.emails,
  phone: r.phone,
  language: r.language,
  timeZone: r.time_zone,
  country: r.country,
  segmentId: r.segment_id,
  segmentManual: r.segment_manual,
  paymentTermsDays: r.payment_terms_days,
  creditLimit:
    r.credit_limit !== null && r.credit_limit_currency
      ? { amount: r.credit_limit, currency: r.credit_limit_currency }
      : null,
  paused: r.paused,
});

export interface InvoiceRow {
  id: string;
  firm_id: string;
  customer_id: string;
  external_id: string;
  number: string;
  issue_date: string;
  due_date: string | null;
  currency: string;
  total: number;
  open_balance: number;
  status: Invoice['status'];
  payment_link: string | null;
  disputed: boolean;
  paused: boolean;
  step_done_offset: number | null;
}

export const INVOICE_COLUMNS = `i.id, i.firm_id, i.customer_id, i.external_id, i.number, i.issue_date, i.due_date, i.currency,
  i.total, i.open_balance, i.status, i.payment_link, i.disputed, i.paused, i.step_done_offset`;

export const toInvoice = (r: InvoiceRow): Invoice & { stepDoneOffset: number | null } => ({
  id: r.id,
  firmId: r.firm_id,
  customerId: r.customer_id,
  externalId: r.external_id,
  number: r.number,
  issueDate: r.issue_date,
  dueDate: r.due_date,
  currency: r.currency,
  total: r.total,
  openBalance: r.open_balance,
  status: r.status,
  paymentLink: r.payment_link,
  disputed: r.disputed,
  paused: r.paused,
  stepDoneOffset: r.step_done_offset,
});

export interface ProcedureRow {
  id: string;
  key: string;
  name: string;
  steps: ProcedureStep[];
}
export const toProcedure = (r: ProcedureRow): Procedure => ({
  id: r.id,
  key: r.key,
  name: r.name,
  steps: r.steps,
});

export interface SegmentRow {
  id: string;
  key: string;
  name: string;
  procedure_id: string;
  rule: SegmentRule;
  position: number;
}
export const toSegment = (r: SegmentRow): Segment => ({
  id: r.id,
  key: r.key,
  name: r.name,
  procedureId: r.procedure_id,
  rule: r.rule,
  position: r.position,
});

export interface PromiseRow {
  id: string;
  customer_id: string;
  invoice_ids: string[];
  promised_date: string;
  amount: number | null;
  currency: string | null;
  grace_days: number;
  status: PromiseToPay['status'];
}
export const toPromise = (r: PromiseRow): PromiseToPay => ({
  id: r.id,
  customerId: r.customer_id,
  invoiceIds: r.invoice_ids,
  promisedDate: r.promised_date,
  amount: r.amount !== null && r.currency ? { amount: r.amount, currency: r.currency } : null,
  graceDays: r.grace_days,
  status: r.status,
});

export interface PlanRow {
  id: string;
  customer_id: string;
  invoice_ids: string[];
  currency: string;
  instalments: PaymentPlan['instalments'];
  starting_balance: number;
  status: PaymentPlan['status'];
}
export const toPlan = (r: PlanRow): PaymentPlan => ({
  id: r.id,
  customerId: r.customer_id,
  invoiceIds: r.invoice_ids,
  currency: r.currency,
  instalments: r.instalments,
  startingBalance: r.starting_balance,
  status: r.status,
});
