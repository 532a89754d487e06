// Builders for planner tests and benchmarks: a firm, the default procedures and segments with
// stable ids, customers, invoices and ledgers. Defaults are plain; tests override what they test.
import { publicHolidaysBetween } from '../holidays.ts';
import { defaultProcedures } from '../procedures.ts';
import { defaultSegments } from '../segments.ts';
import type { CustomerStats } from '../segments.ts';
import type { Customer, Firm, Procedure } from '../types.ts';
import type { CustomerLedger, InvoiceProgress, PlanContext } from './types.ts';

export function testFirm(over: Partial<Firm> = {}): Firm {
  return {
    id: 'firm-1',
    name: 'Atelier Dupont',
    country: 'FR',
    baseCurrency: 'EUR',
    timeZone: 'Europe/Paris',
    businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    language: 'fr',
    sender: { name: 'Atelier Dupont', email: null, phone: null, address: null, iban: null, bic: null },
    reviewMode: false,
    fees: { statutoryInterest: true, fixedCompensation: true, earlyPaymentDiscount: null },
    ...over,
  };
}

/** The three default procedures as "proc-standard", "proc-gentle", "proc-strict". */
export function testProcedures(): Procedure[] {
  return defaultProcedures().map((p) => ({ ...p, id: `proc-${p.key}` }));
}

/**
 * Default procedures and segments (ids "seg-<key>"), and the firm's public holidays for 2023-2029.
 * Extra procedures may be passed to be reachable by id.
 */
export function testContext(firm: Firm = testFirm(), extraProcedures: Procedure[] = []): PlanContext {
  const procedures = [...testProcedures(), ...extraProcedures];
  const segments = defaultSegments({
    standard: 'proc-standard',
    gentle: 'proc-gentle',
    strict: 'proc-strict',
  }).map((s) => ({ ...s, id: `seg-${s.key}` }));
  return {
    firm,
    procedures: new Map(procedures.map((p) => [p.id, p])),
    segments,
    holidays: publicHolidaysBetween(firm.country, 2023, 2029),
  };
}

export function testCustomer(over: Partial<Customer> = {}): Customer {
  return {
    id: 'cust-1',
    firmId: 'firm-1',
    externalId: 'ext-cust-1',
    name: 'Boulangerie Martin',
    emails: ['compta@martin.example'],
    phone: null,
    language: 'fr',
    timeZone: null,
    country: 'FR',
    segmentId: 'seg-everyone-else',
    segmentManual: false,
    paymentTermsDays: 30,
    creditLimit: null,
    paused: false,
    ...over,
  };
}

export function testInvoice(over: Partial<InvoiceProgress> & Pick<InvoiceProgress, 'id'>): InvoiceProgress {
  return {
    firmId: 'firm-1',
    customerId: 'cust-1',
    externalId: `ext-${over.id}`,
    number: over.id.toUpperCase(),
    issueDate: '2026-02-01',
    dueDate: '2026-03-03',
    currency: 'EUR',
    total: 120_000,
    openBalance: 120_000,
    status: 'open',
    paymentLink: null,
    disputed: false,
    paused: false,
    stepDoneOffset: null,
    ...over,
  };
}

/** An established customer with an average payment record: the rules put it in "Everyone else". */
export const ORDINARY_STATS: CustomerStats = {
  firstInvoiceDate: '2020-01-15',
  avgDaysLate: 4,
  openBalance: [],
};

export function testLedger(over: Partial<CustomerLedger> = {}): CustomerLedger {
  return {
    customer: testCustomer(),
    invoices: [],
    promises: [],
    plans: [],
    planStepsDone: [],
    stats: ORDINARY_STATS,
    ...over,
  };
}
