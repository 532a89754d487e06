import { beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from './clock.ts';
import type { Company } from './company.ts';
import { resolveSandboxOptions } from './options.ts';
import { runQuery } from './query-executor.ts';
import { SandboxState } from './sandbox-state.ts';

let company: Company;

function ids(text: string): string[] {
  const page = runQuery(company, text).QueryResponse as Record<string, { Id: string }[]>;
  const rows = Object.values(page).find(Array.isArray) ?? [];
  return rows.map((r) => r.Id);
}

beforeEach(() => {
  const clock = createManualClock('2026-02-01T18:00:00Z');
  const state = new SandboxState(resolveSandboxOptions({ clock, rateLimit: false }));
  const ledger = state.ledger();
  company = ledger.company;
  const a = String(ledger.addCustomer({ displayName: 'Aspen Roofing LLC' }).Id);
  const b = String(ledger.addCustomer({ displayName: 'Boulder Signs Co.' }).Id);
  ledger.addInvoice({ customerId: a, amount: '100.00', txnDate: '2026-01-05', docNumber: 'A-1' });
  clock.advance(1000);
  ledger.addInvoice({ customerId: b, amount: '250.00', txnDate: '2026-01-20', docNumber: 'B-1' });
  clock.advance(1000);
  ledger.addInvoice({ customerId: a, amount: '75.50', txnDate: '2026-01-31', docNumber: 'A-2' });
});

describe('runQuery', () => {
  it('filters by reference, amount, date and IN lists', () => {
    expect(ids("select * from Invoice where CustomerRef = '1'")).toEqual(['1', '3']);
    expect(ids("select * from Invoice where TotalAmt >= '100' and TxnDate < '2026-01-31'")).toEqual([
      '1',
      '2',
    ]);
    expect(ids("select * from Invoice where DocNumber in ('a-2', 'B-1')")).toEqual(['2', '3']);
  });

  it('matches LIKE patterns case-insensitively', () => {
    expect(ids("select * from Customer where DisplayName like 'boulder%'")).toEqual(['2']);
    expect(ids("select * from Customer where DisplayName like '%LLC'")).toEqual(['1']);
  });

  it('orders by several fields and projects the fields asked for', () => {
    expect(ids('select * from Invoice orderby CustomerRef desc, TotalAmt')).toEqual(['2', '3', '1']);
    const page = runQuery(company, "select Id, TotalAmt from Invoice where Id = '2'").QueryResponse as {
      Invoice: Record<string, unknown>[];
    };
    expect(page.Invoice).toEqual([{ Id: '2', TotalAmt: 250 }]);
  });

  it('matches nothing for an Id that is not one, rather than everything', () => {
    expect(ids("select * from Invoice where Id = 'abc'")).toEqual([]);
    expect(ids("select * from Invoice where Id > 'abc'")).toEqual([]);
  });

  it('refuses an unknown entity, an unknown field and LIKE on a number with the 4001 fault', () => {
    expect(() => runQuery(company, 'select * from Widget')).toThrow(/Widget is not a valid entity name/);
    expect(() => runQuery(company, "select * from Invoice where Colour = 'red'")).toThrow(
      /Property Colour not found/,
    );
    expect(() => runQuery(company, "select * from Invoice where TotalAmt like '1%'")).toThrow(
      /LIKE is not supported/,
    );
  });

  it('sees changes made after a page was cached', () => {
    expect(ids("select * from Invoice where Balance > '0'")).toEqual(['1', '2', '3']);
    const second = company.invoices.get(2);
    if (!second) throw new Error('invoice 2 should exist');
    second.balanceMinor = 0;
    company.version++;
    expect(ids("select * from Invoice where Balance > '0'")).toEqual(['1', '3']);
  });
});
