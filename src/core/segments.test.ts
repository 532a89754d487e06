import { describe, expect, it } from 'vitest';
import { assignSegment, defaultSegments, nextSegmentChange } from './segments.ts';
import type { CustomerStats } from './segments.ts';
import type { Customer, Segment } from './types.ts';

const segments: Segment[] = defaultSegments({
  standard: 'p-std',
  gentle: 'p-gentle',
  strict: 'p-strict',
}).map((s) => ({
  ...s,
  id: s.key,
}));
const customer = (over: Partial<Customer> = {}): Customer => ({
  id: 'c1',
  firmId: 'f1',
  externalId: 'x',
  name: 'Client',
  emails: [],
  phone: null,
  language: null,
  timeZone: null,
  country: null,
  segmentId: null,
  segmentManual: false,
  paymentTermsDays: null,
  creditLimit: null,
  paused: false,
  ...over,
});
const stats = (over: Partial<CustomerStats> = {}): CustomerStats => ({
  firstInvoiceDate: '2020-01-01',
  avgDaysLate: 3,
  openBalance: [],
  ...over,
});

describe('defaultSegments', () => {
  it('maps key accounts to gentle, late and new customers to strict, everyone else to standard', () => {
    expect(segments.map((s) => [s.key, s.rule.kind, s.procedureId, s.position])).toEqual([
      ['key-accounts', 'manual', 'p-gentle', 0],
      ['habitually-late', 'avg_days_late_over', 'p-strict', 1],
      ['new-customers', 'new_customer', 'p-strict', 2],
      ['everyone-else', 'default', 'p-std', 3],
    ]);
  });
});

describe('assignSegment', () => {
  const at = '2026-06-01';

  it('keeps a segment a person chose, whatever the rules say', () => {
    const c = customer({ segmentId: 'key-accounts', segmentManual: true });
    expect(assignSegment(c, stats({ avgDaysLate: 40 }), segments, at).key).toBe('key-accounts');
  });

  it('falls back to the rules when the chosen segment no longer exists', () => {
    const c = customer({ segmentId: 'deleted', segmentManual: true });
    expect(assignSegment(c, stats(), segments, at).key).toBe('everyone-else');
  });

  it('never puts a customer in a manual segment by rule', () => {
    expect(assignSegment(customer({ segmentId: 'key-accounts' }), stats(), segments, at).key).toBe(
      'everyone-else',
    );
  });

  it('puts habitually late payers in the strict segment before checking age', () => {
    expect(
      assignSegment(customer(), stats({ avgDaysLate: 16, firstInvoiceDate: '2026-05-01' }), segments, at).key,
    ).toBe('habitually-late');
    expect(assignSegment(customer(), stats({ avgDaysLate: 15 }), segments, at).key).toBe('everyone-else');
  });

  it('treats a customer as new for 90 days after its first invoice, or with none yet', () => {
    expect(assignSegment(customer(), stats({ firstInvoiceDate: '2026-03-04' }), segments, at).key).toBe(
      'new-customers',
    );
    expect(assignSegment(customer(), stats({ firstInvoiceDate: '2026-03-03' }), segments, at).key).toBe(
      'everyone-else',
    );
    expect(assignSegment(customer(), stats({ firstInvoiceDate: null }), segments, at).key).toBe(
      'new-customers',
    );
  });

  it('compares open balances in the same currency only', () => {
    const big: Segment = {
      id: 'big',
      key: 'big',
      name: 'Big balances',
      procedureId: 'p-strict',
      rule: { kind: 'open_balance_over', amount: { amount: 1_000_000, currency: 'EUR' } },
      position: 0,
    };
    const all = [big, ...segments];
    const over = stats({ openBalance: [{ amount: 1_000_001, currency: 'EUR' }] });
    const otherCurrency = stats({ openBalance: [{ amount: 9_000_000, currency: 'USD' }] });
    expect(assignSegment(customer(), over, all, at).key).toBe('big');
    expect(assignSegment(customer(), otherCurrency, all, at).key).toBe('everyone-else');
  });

  it('says what is missing when no segment matches', () => {
    expect(() => assignSegment(customer(), stats(), segments.slice(0, 3), at)).toThrow(/"default" rule/);
  });
});

describe('nextSegmentChange', () => {
  it('is the day a new customer stops being new', () => {
    expect(
      nextSegmentChange(customer(), stats({ firstInvoiceDate: '2026-05-01' }), segments, '2026-06-01'),
    ).toBe('2026-07-30');
  });

  it('is null when only the ledger or a person can move the customer', () => {
    expect(nextSegmentChange(customer(), stats(), segments, '2026-06-01')).toBeNull();
    const manual = customer({ segmentId: 'key-accounts', segmentManual: true });
    expect(
      nextSegmentChange(manual, stats({ firstInvoiceDate: '2026-05-01' }), segments, '2026-06-01'),
    ).toBeNull();
    // A late payer stays strict when it stops being new.
    expect(
      nextSegmentChange(
        customer(),
        stats({ firstInvoiceDate: '2026-05-01', avgDaysLate: 30 }),
        segments,
        '2026-06-01',
      ),
    ).toBeNull();
  });
});
