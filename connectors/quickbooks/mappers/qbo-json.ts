// Zod schemas for the QuickBooks JSON the connector reads: only the fields it uses, everything
// else passes through. Money stays decimal here and becomes minor units in the mappers.
import { z } from 'zod';
import type { InvalidRecord } from '../../sdk/connector.ts';

export const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal amount')]);
export const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
export const ref = z.object({ value: z.string().min(1), name: z.string().optional() });
const currencyRef = z.object({ value: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code') });

export const invoiceJson = z.object({
  Id: z.string().min(1),
  DocNumber: z.string().optional(),
  TxnDate: localDate,
  DueDate: localDate.optional(),
  TotalAmt: amount,
  Balance: amount,
  CurrencyRef: currencyRef,
  CustomerRef: ref,
  PrivateNote: z.string().optional(),
  InvoiceLink: z.string().optional(),
  BillEmail: z.object({ Address: z.string().optional() }).optional(),
  EmailStatus: z.string().optional(),
  SyncToken: z.string(),
});
export type InvoiceJson = z.infer<typeof invoiceJson>;

const linkedTxn = z.object({ TxnId: z.string().min(1), TxnType: z.string() });
export const paymentJson = z.object({
  Id: z.string().min(1),
  TxnDate: localDate,
  TotalAmt: amount,
  UnappliedAmt: amount.optional(),
  CurrencyRef: currencyRef,
  CustomerRef: ref.optional(),
  Line: z.array(z.object({ Amount: amount, LinkedTxn: z.array(linkedTxn).default([]) })).default([]),
});
export type PaymentJson = z.infer<typeof paymentJson>;

export const creditMemoJson = z.object({
  Id: z.string().min(1),
  DocNumber: z.string().optional(),
  TxnDate: localDate,
  TotalAmt: amount,
  RemainingCredit: amount.optional(),
  Balance: amount.optional(),
  CurrencyRef: currencyRef,
  CustomerRef: ref.optional(),
});
export type CreditMemoJson = z.infer<typeof creditMemoJson>;

export const customerJson = z.object({
  Id: z.string().min(1),
  DisplayName: z.string().min(1),
  CompanyName: z.string().optional(),
  PrimaryEmailAddr: z.object({ Address: z.string().optional() }).optional(),
  PrimaryPhone: z.object({ FreeFormNumber: z.string().optional() }).optional(),
  Active: z.boolean().optional(),
  Balance: amount.optional(),
  BillAddr: z
    .object({ Country: z.string().optional(), CountrySubDivisionCode: z.string().optional() })
    .optional(),
});
export type CustomerJson = z.infer<typeof customerJson>;

/** A CDC deletion: only the Id survives. */
export const deletedJson = z.object({ status: z.literal('Deleted'), Id: z.string().min(1) });

export type Mapped<T> = { ok: true; value: T } | { ok: false; invalid: InvalidRecord };

/** Parses one entity; a bad one becomes an InvalidRecord naming the field, never an exception. */
export function parseEntity<S extends z.ZodType>(
  schema: S,
  entity: string,
  json: unknown,
): Mapped<z.infer<S>> {
  const r = schema.safeParse(json);
  if (r.success) return { ok: true, value: r.data };
  const id =
    typeof json === 'object' && json !== null && typeof (json as { Id?: unknown }).Id === 'string'
      ? (json as { Id: string }).Id
      : null;
  const issue = r.error.issues[0];
  return {
    ok: false,
    invalid: {
      entity,
      externalId: id,
      reason: `${issue?.path.join('.') || '(entity)'}: ${issue?.message ?? 'invalid'}`,
    },
  };
}
