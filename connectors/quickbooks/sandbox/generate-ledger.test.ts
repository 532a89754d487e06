import { beforeAll, describe, expect, it } from 'vitest';
import { generateLedger, type GeneratedLedger, type GenerateLedgerOptions } from './generate-ledger.ts';
import { ledgerViolations } from './ledger-invariants.ts';

const small: GenerateLedgerOptions = {
  seed: 'determinism',
  customers: 40,
  invoices: 400,
  payments: 380,
  currencies: ['USD', 'EUR'],
  foreignCustomerRate: 0.2,
  startDate: '2026-01-01',
  endDate: '2026-06-30',
};

describe('generateLedger', () => {
  it('gives the same ledger for the same seed and a different one for another seed', () => {
    const a = generateLedger(small);
    const b = generateLedger(small);
    const c = generateLedger({ ...small, seed: 'another' });
    expect(JSON.stringify(a.invoices)).toBe(JSON.stringify(b.invoices));
    expect(JSON.stringify(a.payments)).toBe(JSON.stringify(b.payments));
    expect(JSON.stringify(a.customers)).toBe(JSON.stringify(b.customers));
    expect(JSON.stringify(c.invoices)).not.toBe(JSON.stringify(a.invoices));
  });

  it('produces exactly the counts asked for, with consistent balances and links', () => {
    const ledger = generateLedger(small);
    expect(ledger.customers).toHaveLength(40);
    expect(ledger.invoices).toHaveLength(400);
    expect(ledger.payments).toHaveLength(380);
    expect(ledgerViolations(ledger)).toEqual([]);
  });

  it('notices a ledger whose balances do not add up (the consistency check can fail)', () => {
    const ledger = generateLedger(small);
    const paid = ledger.invoices.find((i) => i.paymentIds.length > 0);
    if (!paid) throw new Error('expected a paid invoice');
    paid.balanceMinor += 1;
    expect(ledgerViolations(ledger).some((p) => p.startsWith(`invoice ${paid.id}: Balance`))).toBe(true);
  });

  it('rejects impossible options, naming the field', () => {
    expect(() => generateLedger({ ...small, startDate: '2026-07-01' })).toThrow(/startDate/);
    expect(() => generateLedger({ ...small, currencies: ['usd'] })).toThrow(/ISO 4217/);
    expect(() => generateLedger({ ...small, invoices: 3, payments: 5000 })).toThrow(
      /cannot generate 5000 payments/,
    );
  });

  it('never dates a payment after the end date or before its invoice', () => {
    const ledger = generateLedger(small);
    const txnDate = new Map(ledger.invoices.map((i) => [i.id, i.txnDate]));
    for (const p of ledger.payments) {
      expect(p.txnDate <= '2026-06-30').toBe(true);
      for (const line of p.lines)
        if (line.kind === 'Invoice') expect(p.txnDate >= (txnDate.get(line.txnId) as string)).toBe(true);
    }
  });
});

describe('generateLedger at benchmark size (100,000 invoices, 100,000 payments, 5,000 customers)', () => {
  let ledger: GeneratedLedger;
  let cpuMs: number;

  beforeAll(() => {
    // CPU time rather than wall time: the machine is shared, and a slow neighbour is not a slow generator.
    const started = process.cpuUsage();
    ledger = generateLedger({
      seed: 'benchmark',
      customers: 5000,
      invoices: 100_000,
      payments: 100_000,
      currencies: ['USD', 'EUR'],
      startDate: '2025-11-01',
      endDate: '2026-10-31',
    });
    const used = process.cpuUsage(started);
    cpuMs = (used.user + used.system) / 1000;
  });

  it('generates in a few seconds', () => {
    expect(ledger.invoices).toHaveLength(100_000);
    expect(ledger.payments).toHaveLength(100_000);
    expect(ledger.customers).toHaveLength(5000);
    expect(cpuMs).toBeLessThan(8000);
  });

  it('keeps every balance, link and customer total consistent', () => {
    expect(ledgerViolations(ledger)).toEqual([]);
  });

  it('spreads payment behaviours: prompt, late, partial, never and batch payers all present', () => {
    const counts = new Map<string, number>();
    for (const b of ledger.behaviours.values()) counts.set(b, (counts.get(b) ?? 0) + 1);
    for (const b of ['prompt', 'late', 'partial', 'never', 'batch'])
      expect(counts.get(b) ?? 0).toBeGreaterThan(100);
    const open = ledger.invoices.filter((i) => i.balanceMinor > 0);
    const partlyPaid = open.filter((i) => i.paymentIds.length > 0);
    const multiInvoice = ledger.payments.filter((p) => p.totalMinor > 0 && p.lines.length > 1);
    const creditApplications = ledger.payments.filter((p) => p.totalMinor === 0);
    const onAccount = ledger.payments.filter((p) => p.unappliedMinor > 0);
    expect(open.length).toBeGreaterThan(5000);
    expect(partlyPaid.length).toBeGreaterThan(500);
    expect(multiInvoice.length).toBeGreaterThan(500);
    expect(creditApplications.length).toBeGreaterThan(500);
    expect(onAccount.length).toBeGreaterThan(100);
  });

  it('has voids, credit memos, a second currency and mostly accounts-payable e-mails', () => {
    const voided = ledger.invoices.filter((i) => i.voided);
    expect(voided.length).toBeGreaterThan(500);
    expect(voided.every((i) => i.totalMinor === 0 && i.privateNote === 'Voided')).toBe(true);
    expect(ledger.creditMemos.length).toBeGreaterThan(1000);
    const euro = ledger.customers.filter((c) => c.currency === 'EUR');
    expect(euro.length).toBeGreaterThan(50);
    expect(ledger.invoices.filter((i) => i.currency === 'EUR').every((i) => i.exchangeRate > 1)).toBe(true);
    const ap = ledger.customers.filter(
      (c) => c.email !== null && /^(accounts|ap|accountspayable|invoices|billing|payables)@/.test(c.email),
    );
    expect(ap.length / ledger.customers.length).toBeGreaterThan(0.8);
    expect(ledger.customers.every((c) => c.email === null || c.email.endsWith('.example'))).toBe(true);
  });

  it('uses QuickBooks terms for due dates: Net 15, 30, 45 and 60', () => {
    const gaps = new Set<number>();
    for (const i of ledger.invoices) {
      if (i.termId === null) continue;
      gaps.add((Date.parse(i.dueDate) - Date.parse(i.txnDate)) / 86_400_000);
    }
    expect([...gaps].sort((a, b) => a - b)).toEqual([15, 30, 45, 60]);
  });
});
