// Request bodies the sandbox accepts for creating entities through the API, parsed with zod at
// the edge. Unknown properties are tolerated (the SDKs send many); wrong ones name the field.
import { z } from 'zod';
import { isLocalDate } from '../../../src/core/dates.ts';

const date = z.string().refine(isLocalDate, 'must be a YYYY-MM-DD date');
const id = z.union([z.string(), z.number()]).transform(String);
const ref = z.object({ value: id }).loose();
const amount = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal amount')]);

export const invoiceCreateSchema = z
  .object({
    CustomerRef: ref,
    Line: z
      .array(
        z
          .object({ Amount: amount, DetailType: z.string().optional(), Description: z.string().optional() })
          .loose(),
      )
      .min(1),
    TxnDate: date.optional(),
    DueDate: date.optional(),
    DocNumber: z.string().max(21).optional(),
    BillEmail: z.object({ Address: z.email() }).loose().optional(),
    SalesTermRef: ref.optional(),
    PrivateNote: z.string().max(4000).optional(),
    AllowOnlineCreditCardPayment: z.boolean().optional(),
    AllowOnlineACHPayment: z.boolean().optional(),
    EmailStatus: z.enum(['NotSet', 'NeedToSend', 'EmailSent']).optional(),
  })
  .loose();

export const paymentCreateSchema = z
  .object({
    CustomerRef: ref,
    TotalAmt: amount,
    TxnDate: date.optional(),
    PaymentRefNum: z.string().max(21).optional(),
    PrivateNote: z.string().max(4000).optional(),
    Line: z
      .array(
        z
          .object({
            Amount: amount,
            LinkedTxn: z.array(z.object({ TxnId: id, TxnType: z.literal('Invoice') }).loose()).length(1),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();

export const customerCreateSchema = z
  .object({
    DisplayName: z.string().min(1).max(500),
    CompanyName: z.string().max(100).optional(),
    GivenName: z.string().max(100).optional(),
    FamilyName: z.string().max(100).optional(),
    PrimaryEmailAddr: z.object({ Address: z.email() }).loose().optional(),
    PrimaryPhone: z.object({ FreeFormNumber: z.string() }).loose().optional(),
    CurrencyRef: ref.optional(),
    SalesTermRef: ref.optional(),
  })
  .loose();

export const attachableCreateSchema = z
  .object({
    Note: z.string().optional(),
    FileName: z.string().max(1000).optional(),
    AttachableRef: z
      .array(
        z
          .object({
            EntityRef: z.object({ type: z.string().min(1), value: id }).loose(),
            IncludeOnSend: z.boolean().optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();

export const batchSchema = z.object({
  BatchItemRequest: z
    .array(
      z
        .object({
          bId: z.string().min(1),
          operation: z.enum(['create', 'update', 'delete']).optional(),
          Query: z.string().optional(),
          Invoice: z.record(z.string(), z.unknown()).optional(),
          Attachable: z.record(z.string(), z.unknown()).optional(),
        })
        .loose(),
    )
    .min(1),
});
