// Bodies of the /__sandbox admin routes, parsed with zod: a wrong field is named in the 400.
import { z } from 'zod';
import { isLocalDate } from '../../../src/core/dates.ts';
import { INJECTED_FAULT_KINDS } from './fault-injector.ts';

const date = z.string().refine(isLocalDate, 'must be a YYYY-MM-DD date');
const id = z.union([z.string().regex(/^\d+$/, 'must be an Id'), z.number().int().positive()]);
const amount = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal amount')]);
const address = z.object({
  line1: z.string(),
  city: z.string(),
  region: z.string().nullable(),
  postalCode: z.string(),
  country: z.string().length(2),
});

export const newCustomerSchema = z.object({
  displayName: z.string().min(1),
  companyName: z.string().nullable().optional(),
  givenName: z.string().nullable().optional(),
  familyName: z.string().nullable().optional(),
  email: z.email().nullable().optional(),
  phone: z.string().nullable().optional(),
  currency: z.string().length(3).optional(),
  termId: z.number().int().positive().nullable().optional(),
  preferredDelivery: z.enum(['Email', 'Print', 'None']).optional(),
  address: address.nullable().optional(),
});

export const customerEditSchema = z.object({
  displayName: z.string().min(1).optional(),
  companyName: z.string().nullable().optional(),
  email: z.email().nullable().optional(),
  phone: z.string().nullable().optional(),
  termId: z.number().int().positive().nullable().optional(),
  active: z.boolean().optional(),
});

const emailStatus = z.enum(['NotSet', 'NeedToSend', 'EmailSent']);

export const newInvoiceSchema = z.object({
  customerId: id,
  amount,
  txnDate: date.optional(),
  dueDate: date.optional(),
  termId: z.number().int().positive().nullable().optional(),
  docNumber: z.string().max(21).optional(),
  billEmail: z.email().nullable().optional(),
  emailStatus: emailStatus.optional(),
  onlinePayment: z.boolean().optional(),
  description: z.string().optional(),
  privateNote: z.string().nullable().optional(),
  exchangeRate: z.number().positive().optional(),
});

export const invoiceEditSchema = z.object({
  amount: amount.optional(),
  dueDate: date.optional(),
  txnDate: date.optional(),
  termId: z.number().int().positive().nullable().optional(),
  billEmail: z.email().nullable().optional(),
  privateNote: z.string().nullable().optional(),
  onlinePayment: z.boolean().optional(),
  emailStatus: emailStatus.optional(),
});

export const newPaymentSchema = z.object({
  customerId: id.optional(),
  txnDate: date.optional(),
  lines: z.array(z.object({ invoiceId: id, amount })),
  amount: amount.optional(),
  reference: z.string().nullable().optional(),
  privateNote: z.string().nullable().optional(),
});

export const newCreditMemoSchema = z.object({
  customerId: id,
  amount,
  txnDate: date.optional(),
  description: z.string().optional(),
  docNumber: z.string().max(21).optional(),
});

export const creditApplicationSchema = z.object({
  invoiceId: id,
  amount: amount.optional(),
  txnDate: date.optional(),
});

export const sendSchema = z.object({ sendTo: z.email().optional() });

export const faultPlanSchema = z.object({
  kind: z.enum(INJECTED_FAULT_KINDS),
  count: z.number().int().positive().default(1),
  realmId: z.string().optional(),
  pathIncludes: z.string().min(1).optional(),
});

export const flushSchema = z.object({
  order: z.enum(['recorded', 'reversed', 'shuffled']).optional(),
  seed: z.number().int().optional(),
  duplicate: z.boolean().optional(),
  onePerEvent: z.boolean().optional(),
});

export const webhookConfigSchema = z.object({
  url: z.url().nullable().optional(),
  format: z.enum(['classic', 'cloudevents']).optional(),
  autoDeliver: z.boolean().optional(),
});
