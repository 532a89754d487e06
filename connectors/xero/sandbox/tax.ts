// Line and document totals the way Xero computes them: per-line tax rounded to the minor unit,
// totals summed from lines. Amounts are integer minor units; tax rates are basis points.
import type { LineAmountTypes, LineRecord } from './ledger-types.ts';

export interface LineInput {
  description: string;
  quantity: number;
  unitAmount: number;
  accountCode: string;
  taxType: string;
}

export function buildLine(
  input: LineInput,
  lineAmountTypes: LineAmountTypes,
  taxBasisPoints: number,
): LineRecord {
  const lineAmount = Math.round(input.quantity * input.unitAmount);
  let taxAmount = 0;
  if (lineAmountTypes === 'Exclusive') taxAmount = Math.round((lineAmount * taxBasisPoints) / 10_000);
  if (lineAmountTypes === 'Inclusive')
    taxAmount = lineAmount - Math.round((lineAmount * 10_000) / (10_000 + taxBasisPoints));
  // One literal with a fixed property order keeps 100,000s of lines in a single compact shape.
  return {
    description: input.description,
    quantity: input.quantity,
    unitAmount: input.unitAmount,
    accountCode: input.accountCode,
    taxType: lineAmountTypes === 'NoTax' ? 'NONE' : input.taxType,
    taxAmount,
    lineAmount,
  };
}

export interface DocumentTotals {
  subTotal: number;
  totalTax: number;
  total: number;
}

export function documentTotals(
  lines: readonly LineRecord[],
  lineAmountTypes: LineAmountTypes,
): DocumentTotals {
  let lineSum = 0;
  let totalTax = 0;
  for (const line of lines) {
    lineSum += line.lineAmount;
    totalTax += line.taxAmount;
  }
  if (lineAmountTypes === 'Inclusive') return { subTotal: lineSum - totalTax, totalTax, total: lineSum };
  return { subTotal: lineSum, totalTax, total: lineSum + totalTax };
}
