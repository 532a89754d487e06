// Inputs to the sandbox's ledger mutations (programmatic calls and the /__sandbox admin routes):
// zod schemas, so a bad input is refused with a message naming the field and changes nothing.
import { z } from 'zod';
import { isLocalDate } from '../../../src/core/dates.ts';
import { isCurrencyCode } from '../../../src/core/money.ts';

export class LedgerError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'LedgerError';
  }
}

/** Parses with a schema; the first issue becomes a LedgerError naming its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root = 'input'): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : root;
  throw new LedgerError(path, issue?.message ?? 'invalid');
}

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');
const localDate = z.string().refine(isLocalDate, 'expected a YYYY-MM-DD date');
const currency = z.string().refine(isCurrencyCode, 'expected an ISO 4217 currency code');
/** A decimal amount as Xero writes it: 120.5 or "120.50". */
const decimal = z.union([
  z.number().finite(),
  z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal amount'),
]);
const paymentTerms = z.object({
  day: z.number().int().min(0).max(31),
  type: z.enum(['DAYSAFTERBILLDATE', 'DAYSAFTERBILLMONTH', 'OFCURRENTMONTH', 'OFFOLLOWINGMONTH']),
});

export const newContactSchema = z.object({
  contactId: uuid.optional(),
  name: z.string().trim().min(1, 'required').max(255),
  firstName: z.string().max(255).default(''),
  lastName: z.string().max(255).default(''),
  email: z.string().max(255).default(''),
  accountNumber: z.string().max(50).default(''),
  contactNumber: z.string().max(50).default(''),
  taxNumber: z.string().max(50).default(''),
  status: z.enum(['ACTIVE', 'ARCHIVED']).default('ACTIVE'),
  persons: z
    .array(
      z.object({
        firstName: z.string().default(''),
        lastName: z.string().default(''),
        email: z.string().default(''),
        includeInEmails: z.boolean().default(false),
      }),
    )
    .default([]),
  phones: z
    .array(
      z.object({
        type: z.enum(['DEFAULT', 'DDI', 'MOBILE', 'FAX']),
        number: z.string().max(50),
        areaCode: z.string().max(10).default(''),
        countryCode: z.string().max(20).default(''),
      }),
    )
    .default([]),
  address: z
    .object({
      line1: z.string().default(''),
      city: z.string().default(''),
      region: z.string().default(''),
      postalCode: z.string().default(''),
      country: z.string().default(''),
      attentionTo: z.string().default(''),
    })
    .optional(),
  salesTerms: paymentTerms.optional(),
  defaultCurrency: currency.optional(),
  isSupplier: z.boolean().default(false),
  website: z.string().default(''),
});
export type NewContactInput = z.input<typeof newContactSchema>;

export const updateContactSchema = newContactSchema
  .omit({ contactId: true })
  .partial()
  .extend({ salesTerms: paymentTerms.nullable().optional() });
export type UpdateContactInput = z.input<typeof updateContactSchema>;

const lineSchema = z.object({
  description: z.string().max(4000).default(''),
  quantity: z.number().positive().default(1),
  unitAmount: decimal,
  accountCode: z.string().optional(),
  taxType: z.string().optional(),
});

export const newInvoiceSchema = z
  .object({
    invoiceId: uuid.optional(),
    contactId: uuid,
    type: z.enum(['ACCREC', 'ACCPAY']).default('ACCREC'),
    status: z.enum(['DRAFT', 'SUBMITTED', 'AUTHORISED']).default('AUTHORISED'),
    invoiceNumber: z.string().max(255).optional(),
    reference: z.string().default(''),
    date: localDate.optional(),
    dueDate: localDate.nullable().optional(),
    expectedPaymentDate: localDate.optional(),
    currency: currency.optional(),
    currencyRate: z.number().positive().optional(),
    lineAmountTypes: z.enum(['Exclusive', 'Inclusive', 'NoTax']).optional(),
    lines: z.array(lineSchema).min(1).optional(),
    /** Shorthand: one line for this tax-inclusive total. */
    total: decimal.optional(),
    sentToContact: z.boolean().optional(),
  })
  .refine((v) => (v.lines === undefined) !== (v.total === undefined), {
    message: 'give either lines or total',
    path: ['lines'],
  });
export type NewInvoiceInput = z.input<typeof newInvoiceSchema>;

export const newPaymentSchema = z.object({
  paymentId: uuid.optional(),
  invoiceId: uuid,
  amount: decimal,
  date: localDate.optional(),
  reference: z.string().default(''),
  currencyRate: z.number().positive().optional(),
  isReconciled: z.boolean().default(false),
});
export type NewPaymentInput = z.input<typeof newPaymentSchema>;

export const batchPaymentSchema = z.object({
  date: localDate.optional(),
  reference: z.string().default(''),
  payments: z.array(z.object({ invoiceId: uuid, amount: decimal })).min(1),
});
export type BatchPaymentInput = z.input<typeof batchPaymentSchema>;

export const allocationSchema = z.object({
  invoiceId: uuid,
  amount: decimal,
  date: localDate.optional(),
});
export type AllocationInput = z.input<typeof allocationSchema>;

export const newCreditNoteSchema = z
  .object({
    creditNoteId: uuid.optional(),
    contactId: uuid,
    type: z.enum(['ACCRECCREDIT', 'ACCPAYCREDIT']).default('ACCRECCREDIT'),
    creditNoteNumber: z.string().optional(),
    reference: z.string().default(''),
    date: localDate.optional(),
    currency: currency.optional(),
    lines: z.array(lineSchema).min(1).optional(),
    total: decimal.optional(),
    allocations: z.array(allocationSchema).default([]),
  })
  .refine((v) => (v.lines === undefined) !== (v.total === undefined), {
    message: 'give either lines or total',
    path: ['lines'],
  });
export type NewCreditNoteInput = z.input<typeof newCreditNoteSchema>;

export const invoiceUpdateSchema = z.object({
  expectedPaymentDate: localDate.nullable().optional(),
  dueDate: localDate.optional(),
  reference: z.string().optional(),
  sentToContact: z.boolean().optional(),
  status: z.enum(['SUBMITTED', 'AUTHORISED', 'VOIDED', 'DELETED']).optional(),
});
export type InvoiceUpdateInput = z.input<typeof invoiceUpdateSchema>;
