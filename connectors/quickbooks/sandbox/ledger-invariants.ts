// The accounting identities every ledger in the sandbox must satisfy, checked by the tests after
// generation and after mutations. Returns the broken ones (empty when the ledger is consistent).
import type { LedgerRecords } from './company.ts';

export function ledgerViolations(ledger: LedgerRecords): string[] {
  const problems: string[] = [];
  const paidOnInvoice = new Map<number, number>();
  const usedOfMemo = new Map<number, number>();
  const paymentsOfInvoice = new Map<number, number[]>();
  for (const p of ledger.payments) {
    let applied = 0;
    let credit = 0;
    for (const line of p.lines) {
      if (line.amountMinor <= 0) problems.push(`payment ${p.id} has a line of ${line.amountMinor}`);
      if (line.kind === 'Invoice') {
        applied += line.amountMinor;
        paidOnInvoice.set(line.txnId, (paidOnInvoice.get(line.txnId) ?? 0) + line.amountMinor);
        const list = paymentsOfInvoice.get(line.txnId) ?? [];
        if (!list.includes(p.id)) list.push(p.id);
        paymentsOfInvoice.set(line.txnId, list);
      } else {
        credit += line.amountMinor;
        usedOfMemo.set(line.txnId, (usedOfMemo.get(line.txnId) ?? 0) + line.amountMinor);
      }
    }
    if (p.unappliedMinor !== p.totalMinor - applied + credit) {
      problems.push(
        `payment ${p.id}: UnappliedAmt ${p.unappliedMinor} is not TotalAmt ${p.totalMinor} - applied ${applied} + credit ${credit}`,
      );
    }
  }
  const balances = new Map<number, number>();
  const add = (customerId: number, amount: number): void => {
    balances.set(customerId, (balances.get(customerId) ?? 0) + amount);
  };
  for (const inv of ledger.invoices) {
    const paid = paidOnInvoice.get(inv.id) ?? 0;
    if (inv.balanceMinor !== inv.totalMinor - paid) {
      problems.push(
        `invoice ${inv.id}: Balance ${inv.balanceMinor} is not TotalAmt ${inv.totalMinor} - paid ${paid}`,
      );
    }
    if (inv.balanceMinor < 0) problems.push(`invoice ${inv.id} has a negative balance`);
    const linked = [...inv.paymentIds].sort((a, b) => a - b).join(',');
    const expected = [...(paymentsOfInvoice.get(inv.id) ?? [])].sort((a, b) => a - b).join(',');
    if (linked !== expected)
      problems.push(`invoice ${inv.id}: LinkedTxn [${linked}] is not the payments [${expected}]`);
    if (inv.voided && (inv.totalMinor !== 0 || inv.balanceMinor !== 0))
      problems.push(`voided invoice ${inv.id} still has an amount`);
    add(inv.customerId, inv.balanceMinor);
  }
  for (const memo of ledger.creditMemos) {
    const used = usedOfMemo.get(memo.id) ?? 0;
    if (memo.remainingMinor !== memo.totalMinor - used) {
      problems.push(
        `credit memo ${memo.id}: RemainingCredit ${memo.remainingMinor} is not ${memo.totalMinor} - used ${used}`,
      );
    }
    add(memo.customerId, -memo.remainingMinor);
  }
  for (const p of ledger.payments) add(p.customerId, -p.unappliedMinor);
  for (const c of ledger.customers) {
    const expected = balances.get(c.id) ?? 0;
    if (c.balanceMinor !== expected)
      problems.push(`customer ${c.id}: Balance ${c.balanceMinor} is not ${expected}`);
  }
  return problems;
}
