// One zod schema per record kind: from a record's raw values to the repository's input, amounts in
// minor units of the record's currency. Rules that tie one field to another are checked here too.
import { z } from 'zod';
import type { CreditNoteInput, CustomerInput, InvoiceInput, PaymentInput } from '../store/repos/ledger.ts';
import {
  allocations,
  amountText,
  countryCode,
  currencyCode,
  emailList,
  externalId,
  formatAmount,
  httpUrl,
  language,
  localDate,
  phone,
  text,
  timeZone,
  toMinorUnits,
  wholeDays,
  type AllocationText,
} from './fields.ts';
import type { RecordKind } from './source.ts';

const OBJECT = { error: 'expected an object' };

export const INVOICE_STATUSES = ['open', 'paid', 'void', 'draft'] as const;

const customer = z
  .strictObject(
    {
      id: externalId,
      name: text(300),
      email: emailList.optional(),
      phone: phone.optional(),
      language: language.optional(),
      country: countryCode.optional(),
      timeZone: timeZone.optional(),
      paymentTermsDays: wholeDays.optional(),
      creditLimit: amountText.optional(),
      currency: currencyCode.optional(),
    },
    OBJECT,
  )
  .transform((r, ctx): CustomerInput => {
    let creditLimit: number | null = null;
    if (r.creditLimit !== undefined) {
      if (r.currency === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['currency'],
          message: 'is required with a credit limit (its currency)',
        });
        return z.NEVER;
      }
      creditLimit = toMinorUnits(r.creditLimit, r.currency, ctx, ['creditLimit']);
      if (creditLimit === null) return z.NEVER;
    }
    return {
      externalId: r.id,
      name: r.name,
      emails: r.email ?? [],
      phone: r.phone ?? null,
      language: r.language ?? null,
      timeZone: r.timeZone ?? null,
      country: r.country ?? null,
      paymentTermsDays: r.paymentTermsDays ?? null,
      creditLimit,
      creditLimitCurrency: creditLimit === null ? null : (r.currency ?? null),
    };
  });

const invoice = z
  .strictObject(
    {
      id: externalId,
      customerId: externalId,
      number: text(100),
      issueDate: localDate,
      dueDate: localDate.optional(),
      currency: currencyCode,
      total: amountText,
      openBalance: amountText.optional(),
      status: z
        .string({ error: 'expected open, paid, void or draft' })
        .transform((s) => s.toLowerCase())
        .pipe(z.enum(INVOICE_STATUSES, { error: 'expected open, paid, void or draft' }))
        .default('open'),
      paymentLink: httpUrl.optional(),
    },
    OBJECT,
  )
  .transform((r, ctx): InvoiceInput => {
    const total = toMinorUnits(r.total, r.currency, ctx, ['total']);
    const given =
      r.openBalance === undefined ? null : toMinorUnits(r.openBalance, r.currency, ctx, ['openBalance']);
    if (total === null || (r.openBalance !== undefined && given === null)) return z.NEVER;
    if (r.dueDate !== undefined && r.dueDate < r.issueDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['dueDate'],
        message: `${r.dueDate} is before the issue date ${r.issueDate}`,
      });
    }
    if (given !== null && given > total) {
      ctx.addIssue({
        code: 'custom',
        path: ['openBalance'],
        message: `${formatAmount(given, r.currency)} is more than the total ${formatAmount(total, r.currency)}`,
      });
    }
    if (r.status === 'paid' && given !== null && given !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['openBalance'],
        message: 'must be 0 (or blank) on a paid invoice',
      });
    }
    // A paid invoice owes nothing, whatever payments the file holds; otherwise a blank balance is
    // derived from the payments and credit notes allocated to the invoice.
    const openBalance = r.status === 'paid' ? 0 : given;
    return {
      externalId: r.id,
      customerExternalId: r.customerId,
      number: r.number,
      issueDate: r.issueDate,
      dueDate: r.dueDate ?? null,
      currency: r.currency,
      total,
      openBalance,
      status: r.status,
      paymentLink: r.paymentLink ?? null,
    };
  });

/** Allocation amounts in minor units, their sum checked against the document's amount. */
function allocate(
  list: AllocationText[],
  amount: number,
  currency: string,
  ctx: z.RefinementCtx,
  what: string,
): { invoiceExternalId: string; amount: number }[] | null {
  const out: { invoiceExternalId: string; amount: number }[] = [];
  const seen = new Set<string>();
  let ok = true;
  list.forEach((a, i) => {
    const minor = toMinorUnits(a.amount, currency, ctx, ['allocations', i, 'amount'], `${a.invoiceId}: `);
    if (seen.has(a.invoiceId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['allocations', i],
        message: `invoice ${a.invoiceId} is allocated twice`,
      });
      ok = false;
    }
    seen.add(a.invoiceId);
    if (minor === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['allocations', i, 'amount'],
        message: `${a.invoiceId}: must be more than 0`,
      });
      ok = false;
    }
    if (minor === null) ok = false;
    else out.push({ invoiceExternalId: a.invoiceId, amount: minor });
  });
  if (!ok) return null;
  const allocated = out.reduce((s, a) => s + a.amount, 0);
  if (allocated > amount) {
    ctx.addIssue({
      code: 'custom',
      path: ['allocations'],
      message: `allocate ${formatAmount(allocated, currency)} in all, more than the ${what} ${formatAmount(amount, currency)}`,
    });
    return null;
  }
  return out;
}

const positive = (minor: number | null, ctx: z.RefinementCtx, field: string): minor is number => {
  if (minor === 0) ctx.addIssue({ code: 'custom', path: [field], message: 'must be more than 0' });
  return minor !== null && minor > 0;
};

const payment = z
  .strictObject(
    {
      id: externalId,
      customerId: externalId,
      date: localDate,
      currency: currencyCode,
      amount: amountText,
      allocations: allocations.default([]),
    },
    OBJECT,
  )
  .transform((r, ctx): PaymentInput => {
    const amount = toMinorUnits(r.amount, r.currency, ctx, ['amount']);
    if (!positive(amount, ctx, 'amount')) return z.NEVER;
    const allocs = allocate(r.allocations, amount, r.currency, ctx, 'amount');
    if (allocs === null) return z.NEVER;
    return {
      externalId: r.id,
      customerExternalId: r.customerId,
      date: r.date,
      currency: r.currency,
      amount,
      unapplied: amount - allocs.reduce((s, a) => s + a.amount, 0),
      status: 'active',
      allocations: allocs,
    };
  });

const creditNote = z
  .strictObject(
    {
      id: externalId,
      customerId: externalId,
      number: text(100),
      date: localDate,
      currency: currencyCode,
      total: amountText,
      allocations: allocations.default([]),
    },
    OBJECT,
  )
  .transform((r, ctx): CreditNoteInput => {
    const total = toMinorUnits(r.total, r.currency, ctx, ['total']);
    if (!positive(total, ctx, 'total')) return z.NEVER;
    const allocs = allocate(r.allocations, total, r.currency, ctx, 'total');
    if (allocs === null) return z.NEVER;
    return {
      externalId: r.id,
      customerExternalId: r.customerId,
      number: r.number,
      date: r.date,
      currency: r.currency,
      total,
      remaining: total - allocs.reduce((s, a) => s + a.amount, 0),
      status: 'active',
      allocations: allocs,
    };
  });

export const recordSchemas = { customer, invoice, payment, creditNote } satisfies Record<
  RecordKind,
  z.ZodType
>;

export interface ParsedByKind {
  customer: CustomerInput;
  invoice: InvoiceInput;
  payment: PaymentInput;
  creditNote: CreditNoteInput;
}
