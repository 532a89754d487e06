// The shapes the panel reads, as the API contract states them (/api/v1, camelCase, money in integer
// minor units next to its currency).
export type Role = 'owner' | 'controller' | 'viewer';
export type Language = 'fr' | 'en' | 'nl' | 'de';
export type Channel = 'email' | 'sms' | 'letter' | 'call' | 'formal_notice' | 'agency_review';

export interface Money {
  amount: number;
  currency: string;
}

export interface SessionInfo {
  firm: {
    id: string;
    name: string;
    country: string;
    baseCurrency: string;
    language: Language;
    reviewMode: boolean;
    platforms: string[];
  };
  user: { id: string; name: string | null; email: string | null; role: Role };
  csrfToken: string;
  expiresAt: string;
}

export interface AgingRow {
  currency: string;
  notDue: number;
  d1_30: number;
  d31_60: number;
  d61_90: number;
  d90Plus: number;
  total: number;
}

export interface NextActionSummary {
  date: string;
  label: string;
  channel: Channel | string;
}

export interface CustomerSummary {
  id: string;
  name: string;
  segment: { id: string; name: string } | null;
  currency: string;
  openBalance: number;
  overdue: number;
  oldestDaysLate: number | null;
  paused: boolean;
  disputed: boolean;
  promised: boolean;
  nextAction: NextActionSummary | null;
  balances?: { currency: string; open: number; overdue: number }[];
}

export interface Connection {
  platform: string;
  status: string;
  lastSyncAt: string | null;
  progress: { done: number; total: number } | null;
}

export interface Overview {
  asOf: string;
  aging: AgingRow[];
  dso: number | null;
  cei: number | null;
  recoveryRate: number | null;
  problems: {
    biggestOverdue: CustomerSummary[];
    brokenPromises: {
      customerId: string;
      customerName: string;
      promisedDate: string;
      amount: number;
      currency: string;
    }[];
    worseningPayers: {
      customerId: string;
      customerName: string;
      avgDaysLateBefore: number;
      avgDaysLateNow: number;
    }[];
  };
  connections: Connection[];
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface Invoice {
  id: string;
  number: string | null;
  issueDate: string | null;
  dueDate: string | null;
  currency: string;
  total: number;
  openBalance: number;
  status: string;
  daysLate: number | null;
  disputed: boolean;
  paused: boolean;
  promisedDate: string | null;
}

export type TimelineKind =
  'message' | 'call' | 'task' | 'note' | 'promise' | 'dispute' | 'plan' | 'payment' | 'pause' | 'credit';

export interface TimelineEntry {
  id: string;
  at: string;
  kind: TimelineKind | string;
  title: string;
  detail: string | null;
  status: string | null;
  /** Present on open disputes, so they can be resolved from the timeline. */
  disputeId?: string | null;
}

export interface PlannedAction {
  actionId: string | null;
  date: string;
  label: string;
  channel: Channel | string;
  step: string | null;
  invoiceIds: string[];
}

export interface CustomerDetail {
  customer: {
    id: string;
    name: string;
    emails: string[];
    phone: string | null;
    language: Language | null;
    timeZone: string | null;
    segment: { id: string; name: string } | null;
    paused: boolean;
    assignee: { id: string; name: string | null } | string | null;
  };
  balances: { currency: string; open: number; overdue: number }[];
  aging: AgingRow[];
  invoices: Invoice[];
  timeline: TimelineEntry[];
  nextAction: PlannedAction | null;
  planned: PlannedAction[];
  disputes?: { id: string; invoiceIds: string[]; reason: string; status: string }[];
}

export interface WorkItem {
  id: string;
  kind: string;
  customerId: string;
  customerName: string;
  dueDate: string;
  title: string;
  detail: string | null;
}

export interface ProcedureStep {
  id: string;
  offsetDays: number;
  channel: Channel;
  template: string;
  tone: 1 | 2 | 3 | 4 | 5;
  statesFees: boolean;
  requiresApproval: boolean;
  registered: boolean;
  conditions: { minAmount?: Money };
}

export interface Procedure {
  id: string;
  key: string;
  name: string;
  steps: ProcedureStep[];
}

export interface Segment {
  id: string;
  name: string;
  procedureId?: string | null;
}

export interface TemplatePreview {
  subject: string | null;
  text: string;
  html: string | null;
}

export interface Settings {
  sender: { name: string | null; email: string | null; replyTo?: string | null; phone?: string | null };
  businessHours: { start: string; end: string; days?: number[] };
  language: Language;
  reviewMode: boolean;
  fees: { chargeInterest: boolean; chargeCompensation: boolean; [k: string]: unknown };
  [k: string]: unknown;
}

export interface Job {
  id: string;
  kind: 'sync' | 'replan' | string;
  status: string;
  done: number;
  total: number | null;
  startedAt: string | null;
}

export interface User {
  id: string;
  name: string | null;
  email: string | null;
  role: Role;
}

export interface DemoMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string | string[];
  subject: string;
  text: string | null;
  html: string | null;
}
