// The decisions a credit controller records, validated as the domain requires before anything is
// stored: a promise is for open invoices of that customer and a future date; a payment plan's
// instalments cover exactly what is owed, in one currency, in date order.
import { z } from 'zod';
import { isLocalDate, type LocalDate } from './dates.ts';
import type { Invoice } from './types.ts';

export const localDate = z.string().refine(isLocalDate, 'expected a date as YYYY-MM-DD');
export const entityId = z.uuid({ message: 'expected an id' });
const minorAmount = z
  .number()
  .int('expected an amount in minor units (a whole number)')
  .positive('expected an amount above zero');

export const promiseInput = z.object({
  customerId: entityId,
  invoiceIds: z.array(entityId).min(1, 'expected at least one invoice'),
  promisedDate: localDate,
  amount: minorAmount.nullable().optional(),
  graceDays: z.number().int().min(0).max(30).optional(),
  note: z.string().max(2000).optional(),
});
export type PromiseInput = z.infer<typeof promiseInput>;

export const planInput = z.object({
  customerId: entityId,
  invoiceIds: z.array(entityId).min(1, 'expected at least one invoice'),
  instalments: z
    .array(z.object({ dueDate: localDate, amount: minorAmount }))
    .min(1, 'expected at least one instalment')
    .max(60),
});
export type PlanInput = z.infer<typeof planInput>;

export const DISPUTE_REASONS = ['quality', 'wrong_invoice', 'cannot_pay', 'other'] as const;
export const disputeInput = z.object({
  invoiceId: entityId,
  reasonCode: z.enum(DISPUTE_REASONS, { message: `expected one of ${DISPUTE_REASONS.join(', ')}` }),
  reason: z.string().trim().min(1, 'expected the reason in words').max(2000),
});
export type DisputeInput = z.infer<typeof disputeInput>;

export const noteInput = z.object({
  customerId: entityId,
  invoiceId: entityId.nullable().optional(),
  body: z.string().trim().min(1, 'expected some text').max(10_000),
});

export const taskInput = z.object({
  customerId: entityId.nullable().optional(),
  title: z.string().trim().min(1, 'expected a title').max(200),
  body: z.string().max(5000).optional(),
  dueDate: localDate,
  assignee: z.string().max(200).nullable().optional(),
});

/** A field-named problem with a decision; nothing is recorded when there is one. */
export class DecisionError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'DecisionError';
  }
}

type OpenInvoice = Pick<Invoice, 'id' | 'customerId' | 'status' | 'openBalance' | 'currency'>;

function checkInvoices(customerId: string, invoiceIds: string[], invoices: OpenInvoice[]): OpenInvoice[] {
  const byId = new Map(invoices.map((i) => [i.id, i]));
  if (new Set(invoiceIds).size !== invoiceIds.length)
    throw new DecisionError('invoiceIds', 'an invoice is listed twice');
  return invoiceIds.map((id, n) => {
    const inv = byId.get(id);
    if (!inv || inv.customerId !== customerId)
      throw new DecisionError(`invoiceIds[${n}]`, 'no such invoice for this customer');
    if (inv.status !== 'open' || inv.openBalance <= 0)
      throw new DecisionError(`invoiceIds[${n}]`, 'the invoice has nothing open');
    return inv;
  });
}

export function checkPromise(input: PromiseInput, invoices: OpenInvoice[], today: LocalDate): void {
  checkInvoices(input.customerId, input.invoiceIds, invoices);
  if (input.promisedDate < today)
    throw new DecisionError('promisedDate', `must be today (${today}) or later`);
}

export function checkPlan(
  input: PlanInput,
  invoices: OpenInvoice[],
  today: LocalDate,
): { currency: string; startingBalance: number } {
  const chosen = checkInvoices(input.customerId, input.invoiceIds, invoices);
  const currencies = new Set(chosen.map((i) => i.currency));
  if (currencies.size > 1)
    throw new DecisionError('invoiceIds', 'a payment plan covers invoices in one currency');
  const owed = chosen.reduce((s, i) => s + i.openBalance, 0);
  const planned = input.instalments.reduce((s, i) => s + i.amount, 0);
  if (planned !== owed)
    throw new DecisionError(
      'instalments',
      `the instalments add up to ${planned}, the invoices owe ${owed} (minor units)`,
    );
  input.instalments.forEach((ins, n) => {
    if (ins.dueDate < today)
      throw new DecisionError(`instalments[${n}].dueDate`, `must be today (${today}) or later`);
    const prev = input.instalments[n - 1];
    if (prev && ins.dueDate <= prev.dueDate)
      throw new DecisionError(`instalments[${n}].dueDate`, 'instalments must be in date order, one per date');
  });
  return { currency: chosen[0]?.currency as string, startingBalance: owed };
}
