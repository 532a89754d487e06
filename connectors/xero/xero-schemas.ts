// zod schemas for the records xero-node hands back (its camelCase models, dates as JS Dates or
// MS-JSON strings, amounts as numbers). Only the fields Relance reads, and only those are kept: a
// xero-node model carries every attribute of its type (mostly undefined), and copying them all for
// each of a page's 1,000 records was most of a sync's allocation.
import { z } from 'zod';

const id = z.string().min(1, 'required');
const amount = z.number({ message: 'expected a number' }).finite();
const dateLike = z.union([z.date(), z.string()]);
const text = z.string().nullish();

export const contactRefSchema = z.object({ contactID: id, name: text, emailAddress: text });

export const contactSchema = z.object({
  contactID: id,
  name: z.string().nullish(),
  contactStatus: text,
  emailAddress: text,
  firstName: text,
  lastName: text,
  contactPersons: z.array(z.object({ emailAddress: text, includeInEmails: z.boolean().nullish() })).nullish(),
  phones: z
    .array(z.object({ phoneType: text, phoneNumber: text, phoneAreaCode: text, phoneCountryCode: text }))
    .nullish(),
  addresses: z.array(z.object({ addressType: text, country: text })).nullish(),
  paymentTerms: z.object({ sales: z.object({ day: z.number().nullish(), type: text }).nullish() }).nullish(),
  defaultCurrency: text,
  updatedDateUTC: dateLike.nullish(),
});
export type XeroContact = z.infer<typeof contactSchema>;

export const invoiceSchema = z.object({
  invoiceID: id,
  invoiceNumber: text,
  type: z.string(),
  status: z.string(),
  contact: contactRefSchema,
  date: dateLike,
  dueDate: dateLike.nullish(),
  expectedPaymentDate: dateLike.nullish(),
  currencyCode: z.string().length(3, 'expected a currency code'),
  total: amount,
  amountDue: amount.nullish(),
  amountPaid: amount.nullish(),
  amountCredited: amount.nullish(),
  sentToContact: z.boolean().nullish(),
  hasAttachments: z.boolean().nullish(),
  reference: text,
  updatedDateUTC: dateLike.nullish(),
});
export type XeroInvoice = z.infer<typeof invoiceSchema>;

export const paymentSchema = z.object({
  paymentID: id,
  date: dateLike,
  amount: amount,
  status: text,
  paymentType: text,
  invoice: z
    .object({ invoiceID: id, type: text, currencyCode: text, contact: contactRefSchema.nullish() })
    .nullish(),
  updatedDateUTC: dateLike.nullish(),
});
export type XeroPayment = z.infer<typeof paymentSchema>;

export const creditNoteSchema = z.object({
  creditNoteID: id,
  creditNoteNumber: text,
  type: z.string(),
  status: z.string(),
  contact: contactRefSchema.nullish(),
  date: dateLike,
  currencyCode: z.string().length(3, 'expected a currency code'),
  total: amount,
  remainingCredit: amount.nullish(),
  allocations: z
    .array(z.object({ amount: amount, date: dateLike.nullish(), invoice: z.object({ invoiceID: id }) }))
    .nullish(),
  updatedDateUTC: dateLike.nullish(),
});
export type XeroCreditNote = z.infer<typeof creditNoteSchema>;

export const organisationSchema = z.object({
  name: z.string().min(1, 'required'),
  legalName: text,
  countryCode: z.string().length(2, 'expected a country code'),
  baseCurrency: z.string().length(3, 'expected a currency code'),
  timezone: text,
});
export type XeroOrganisation = z.infer<typeof organisationSchema>;

/** "field: reason" for the first problem, so a skipped record says why. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  return `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'record'}: ${issue.message}`;
}
