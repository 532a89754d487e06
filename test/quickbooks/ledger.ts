// The hand-built ledger of the acceptance test, with its aging at 2026-11-30 worked out by hand.
import type { LedgerApi } from '../../connectors/quickbooks/sandbox/index.ts';

export const AGING_AT = '2026-11-30';
const id = (j: Record<string, unknown>) => String(j.Id);

export function buildLedger(l: LedgerApi) {
  const acme = id(l.addCustomer({ displayName: 'Acme Ltd', email: 'ap@acme.example', currency: 'USD' }));
  const boul = id(
    l.addCustomer({ displayName: 'Boulangerie Sud', email: 'compta@boulangerie.example', currency: 'EUR' }),
  );
  const inv = (customerId: string, amount: string, txnDate: string, dueDate: string) =>
    id(l.addInvoice({ customerId, amount, txnDate, dueDate }));
  const i1 = inv(acme, '1000.00', '2026-08-01', '2026-08-31'); // 91 days late, 400 paid → 600 in 90+
  const i2 = inv(acme, '500.00', '2026-10-01', '2026-10-31'); // settled by one payment with i3
  const i3 = inv(acme, '300.00', '2026-10-10', '2026-11-09'); // 100 of that payment → 200 in 1–30
  const i4 = inv(acme, '250.00', '2026-11-15', '2026-12-15'); // 50 credit applied → 200 not due
  const i5 = inv(acme, '999.00', '2026-09-01', '2026-10-01'); // voided
  const i6 = inv(acme, '777.00', '2026-09-05', '2026-10-05'); // deleted after the first sync
  const i7 = inv(boul, '2000.00', '2026-09-01', '2026-10-01'); // 60 days late, 500 paid → 1500 EUR in 31–60
  const i8 = inv(boul, '300.00', '2026-11-20', '2026-12-20'); // 300 EUR not due
  l.recordPayment({ txnDate: '2026-09-15', lines: [{ invoiceId: i1, amount: '400.00' }] });
  const p2 = id(
    l.recordPayment({
      txnDate: '2026-11-05',
      lines: [
        { invoiceId: i2, amount: '500.00' },
        { invoiceId: i3, amount: '100.00' },
      ],
    }),
  );
  const memo = id(l.addCreditMemo({ customerId: acme, amount: '50.00', txnDate: '2026-11-16' }));
  l.applyCreditMemo({ creditMemoId: memo, invoiceId: i4, txnDate: '2026-11-16' });
  l.recordPayment({ txnDate: '2026-10-20', lines: [{ invoiceId: i7, amount: '500.00' }] });
  l.voidInvoice(i5);
  return { acme, boul, i1, i2, i3, i4, i5, i6, i7, i8, p2, memo };
}

export const EXPECTED_AGING = {
  USD: { not_due: 20_000, d1_30: 20_000, d31_60: 0, d61_90: 0, d90_plus: 60_000, total: 100_000 },
  EUR: { not_due: 30_000, d1_30: 0, d31_60: 150_000, d61_90: 0, d90_plus: 0, total: 180_000 },
};
