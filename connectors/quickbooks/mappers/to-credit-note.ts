// QuickBooks CreditMemo → CreditNoteInput. Its allocations are not on the memo: they come from the
// payments that apply it (see to-payment.ts), merged by the caller.
import { toMinor } from '../../../src/core/money.ts';
import type { AllocationInput, CreditNoteInput } from '../../../src/store/repos/ledger.ts';
import { creditMemoJson, parseEntity, type Mapped } from './qbo-json.ts';

export function toCreditNote(json: unknown, allocations: AllocationInput[] = []): Mapped<CreditNoteInput> {
  const p = parseEntity(creditMemoJson, 'CreditMemo', json);
  if (!p.ok) return p;
  const memo = p.value;
  const currency = memo.CurrencyRef.value;
  try {
    return {
      ok: true,
      value: {
        externalId: memo.Id,
        customerExternalId: memo.CustomerRef?.value ?? null,
        number: memo.DocNumber ?? memo.Id,
        date: memo.TxnDate,
        currency,
        total: toMinor(memo.TotalAmt, currency),
        remaining: toMinor(memo.RemainingCredit ?? memo.Balance ?? memo.TotalAmt, currency),
        status: 'active',
        allocations,
      },
    };
  } catch (err) {
    return {
      ok: false,
      invalid: { entity: 'CreditMemo', externalId: memo.Id, reason: `TotalAmt: ${(err as Error).message}` },
    };
  }
}
