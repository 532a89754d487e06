// What the planner reads and what it decides. The store builds a CustomerLedger per customer,
// calls planCustomer, records the actions and events, and indexes the customer by nextWakeAt.
import type { LocalDate } from '../dates.ts';
import type { CustomerStats } from '../segments.ts';
import type {
  Channel,
  Customer,
  Firm,
  Instant,
  Invoice,
  PaymentPlan,
  Procedure,
  PromiseToPay,
  Segment,
} from '../types.ts';

export interface InvoiceProgress extends Invoice {
  /** offsetDays of the last procedure step carried out (or skipped) for this invoice; null = none yet */
  stepDoneOffset: number | null;
}

export interface CustomerLedger {
  customer: Customer;
  invoices: InvoiceProgress[]; // the customer's invoices that may matter (open ones at least)
  promises: PromiseToPay[]; // status 'open' ones
  plans: PaymentPlan[]; // status 'active' ones
  planStepsDone: string[]; // keys of instalment actions already recorded
  stats: CustomerStats;
}

export interface PlanContext {
  firm: Firm;
  procedures: ReadonlyMap<string, Procedure>; // by id
  segments: Segment[];
  holidays: ReadonlySet<LocalDate>; // the firm's country's public holidays, covering the dates in play
}

export type PlannedActionKind = 'step' | 'instalment_reminder' | 'instalment_missed';

export interface PlannedAction {
  /** Deterministic idempotency key: the same decision always has the same key. */
  key: string;
  customerId: string;
  kind: PlannedActionKind;
  procedureId: string | null;
  stepId: string | null;
  stepOffset: number | null;
  channel: Channel;
  template: string;
  tone: 1 | 2 | 3 | 4 | 5;
  statesFees: boolean;
  registered: boolean;
  requiresApproval: boolean;
  invoiceIds: string[]; // sorted
  /** The business day the step fell due (after moving off weekends and holidays). */
  targetDate: LocalDate;
  /** When it may be carried out: inside the send window, in the customer's zone if known else the firm's. */
  dueAt: Instant;
  planId: string | null;
  instalmentIndex: number | null;
  afterBrokenPromise: boolean;
}

export type PlanEvent =
  | { kind: 'promise_broken'; promiseId: string; invoiceIds: string[] }
  | { kind: 'promise_kept'; promiseId: string }
  | { kind: 'plan_completed'; planId: string }
  | { kind: 'segment_changed'; from: string | null; to: string };

export interface CustomerPlan {
  segmentId: string;
  /** Due at `now` (dueAt <= now). */
  actions: PlannedAction[];
  events: PlanEvent[];
  /**
   * The earliest instant after `now` at which this customer could have something due, assuming the
   * actions and events above are recorded and the ledger does not otherwise change (any change to a
   * customer's invoices, promises or plans calls for a new plan). Null: nothing will ever fall due.
   */
  nextWakeAt: Instant | null;
}
