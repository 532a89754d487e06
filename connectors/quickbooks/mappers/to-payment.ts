// QuickBooks Payment → PaymentInput, plus the credit applications it carries. QuickBooks applies a
// credit memo through a Payment whose lines link the invoice and the memo: that part settles the
// invoice with credit (a credit allocation), the rest is cash (a payment allocation).
import { toMinor } from '../../../src/core/money.ts';
import type { AllocationInput, PaymentInput } from '../../../src/store/repos/ledger.ts';
import { parseEntity, paymentJson, type Mapped } from './qbo-json.ts';

export interface CreditApplication {
  creditMemoExternalId: string;
  invoiceExternalId: string;
  amount: number;
  date: string;
}

export interface MappedPayment {
  payment: PaymentInput;
  credits: CreditApplication[];
  /** Every invoice the payment links: their balances changed with it. */
  invoiceExternalIds: string[];
}

export function toPayment(json: unknown): Mapped<MappedPayment> {
  const p = parseEntity(paymentJson, 'Payment', json);
  if (!p.ok) return p;
  const pay = p.value;
  const currency = pay.CurrencyRef.value;
  const invoices: { id: string; amount: number }[] = [];
  const memos: { id: string; amount: number }[] = [];
  let total: number, unapplied: number;
  try {
    total = toMinor(pay.TotalAmt, currency);
    unapplied = pay.UnappliedAmt === undefined ? 0 : toMinor(pay.UnappliedAmt, currency);
    for (const line of pay.Line) {
      const amount = toMinor(line.Amount, currency);
      for (const t of line.LinkedTxn) {
        if (t.TxnType === 'Invoice') invoices.push({ id: t.TxnId, amount });
        else if (t.TxnType === 'CreditMemo') memos.push({ id: t.TxnId, amount });
      }
    }
  } catch (err) {
    return {
      ok: false,
      invalid: { entity: 'Payment', externalId: pay.Id, reason: `amount: ${(err as Error).message}` },
    };
  }
  // Spend the memos' credit on the linked invoices in order; what is left on each line is cash.
  const credits: CreditApplication[] = [];
  const allocations: AllocationInput[] = [];
  let m = 0;
  let memoLeft = memos[0]?.amount ?? 0;
  for (const inv of invoices) {
    let due = inv.amount;
    while (due > 0 && m < memos.length) {
      const used = Math.min(due, memoLeft);
      if (used > 0)
        credits.push({
          creditMemoExternalId: (memos[m] as { id: string }).id,
          invoiceExternalId: inv.id,
          amount: used,
          date: pay.TxnDate,
        });
      due -= used;
      memoLeft -= used;
      if (memoLeft <= 0) memoLeft = memos[++m]?.amount ?? 0;
    }
    if (due > 0) allocations.push({ invoiceExternalId: inv.id, amount: due, date: pay.TxnDate });
  }
  return {
    ok: true,
    value: {
      payment: {
        externalId: pay.Id,
        customerExternalId: pay.CustomerRef?.value ?? null,
        date: pay.TxnDate,
        currency,
        amount: total,
        unapplied,
        status: 'active',
        allocations,
      },
      credits,
      invoiceExternalIds: [...new Set(invoices.map((i) => i.id))],
    },
  };
}
