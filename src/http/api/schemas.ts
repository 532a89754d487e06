// The zod schemas of every body, query and answer of the panel API (/api/v1). The router validates
// input with them, the OpenAPI document is generated from them, and the web panel imports the
// inferred types (`z.infer<typeof overviewResponse>`), so all three agree.
import { z } from 'zod';
import { procedureStepsSchema } from '../../core/procedures.ts';
import { CHANNELS } from '../../core/types.ts';

const id = z.uuid({ message: 'expected an id' });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const instant = z.string().meta({ format: 'date-time', description: 'ISO-8601 instant, UTC' });
const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 currency code');
/** Integer minor units (cents). */
const minor = z.number().int().meta({ description: 'integer minor units' });

export const roleSchema = z.enum(['owner', 'controller', 'viewer']);
export const languageSchema = z.enum(['fr', 'en', 'nl', 'de']);
export const platformSchema = z.enum(['quickbooks', 'xero', 'hubspot']);

// ---- errors -------------------------------------------------------------------------------------
export const errorResponse = z
  .object({
    error: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Error' });

export const okResponse = z.object({ ok: z.literal(true) });

// ---- session ------------------------------------------------------------------------------------
export const sessionResponse = z
  .object({
    firm: z.object({
      id,
      name: z.string(),
      country: z.string(),
      baseCurrency: currency,
      language: languageSchema,
      reviewMode: z.boolean(),
      platforms: z.array(platformSchema),
    }),
    user: z.object({
      id,
      name: z.string().nullable(),
      email: z.string().nullable(),
      role: roleSchema,
    }),
    csrfToken: z.string(),
    expiresAt: instant,
  })
  .meta({ id: 'Session' });
export type SessionResponse = z.infer<typeof sessionResponse>;

// ---- shared shapes --------------------------------------------------------------------------------
export const money = z.object({ amount: minor, currency }).meta({ id: 'Money' });
/** An amount in a body: integer minor units, or a Money object in the invoices' currency. */
const amountIn = z.union([
  z
    .number()
    .int('expected an amount in minor units (a whole number)')
    .positive('expected an amount above zero'),
  z.object({
    amount: z
      .number()
      .int('expected an amount in minor units (a whole number)')
      .positive('expected an amount above zero'),
    currency,
  }),
]);
export const channelSchema = z.enum(CHANNELS);
export const agingRow = z
  .object({
    currency,
    notDue: minor,
    d1_30: minor,
    d31_60: minor,
    d61_90: minor,
    d90Plus: minor,
    total: minor,
  })
  .meta({ id: 'AgingRow' });
export const balance = z.object({ currency, open: minor, overdue: minor }).meta({ id: 'Balance' });
export const nextActionSummary = z
  .object({ date: instant, label: z.string(), channel: channelSchema })
  .meta({ id: 'NextActionSummary' });
export const customerSummary = z
  .object({
    id,
    name: z.string(),
    segment: z.object({ id, name: z.string() }).nullable(),
    currency: currency.nullable(),
    openBalance: minor,
    overdue: minor,
    oldestDaysLate: z.number().int().nullable(),
    balances: z.array(balance),
    paused: z.boolean(),
    disputed: z.boolean(),
    promised: z.boolean(),
    nextAction: nextActionSummary.nullable(),
  })
  .meta({ id: 'CustomerSummary' });

// ---- overview ------------------------------------------------------------------------------------
export const overviewResponse = z
  .object({
    asOf: localDate,
    aging: z.array(agingRow),
    dso: z.number().nullable(),
    cei: z.number().nullable(),
    recoveryRate: z.number().nullable(),
    problems: z.object({
      biggestOverdue: z.array(customerSummary),
      brokenPromises: z.array(
        z.object({
          customerId: id,
          customerName: z.string(),
          promisedDate: localDate,
          amount: minor.nullable(),
          currency: currency.nullable(),
        }),
      ),
      worseningPayers: z.array(
        z.object({
          customerId: id,
          customerName: z.string(),
          avgDaysLateBefore: z.number(),
          avgDaysLateNow: z.number(),
        }),
      ),
    }),
    connections: z.array(
      z.object({
        platform: z.enum(['quickbooks', 'xero', 'hubspot', 'import']),
        status: z.string(),
        lastSyncAt: instant.nullable(),
        progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
      }),
    ),
  })
  .meta({ id: 'Overview' });
export type OverviewResponse = z.infer<typeof overviewResponse>;

// ---- customers -----------------------------------------------------------------------------------
const pageNumber = z.coerce.number({ message: 'expected a whole number' }).int('expected a whole number');
export const customersQuery = z.object({
  q: z.string().max(200, 'at most 200 characters').optional(),
  segment: id.optional(),
  status: z
    .enum(['overdue', 'disputed', 'paused', 'promised', 'all'], {
      message: 'expected overdue, disputed, paused, promised or all',
    })
    .default('all'),
  sort: z
    .enum(['name', 'overdue', 'oldest', 'nextAction'], {
      message: 'expected name, overdue, oldest or nextAction',
    })
    .default('name'),
  order: z.enum(['asc', 'desc'], { message: 'expected asc or desc' }).optional(),
  page: pageNumber.min(1, 'expected 1 or more').max(100_000).default(1),
  pageSize: pageNumber.min(1, 'expected 1 to 200').max(200, 'expected 1 to 200').default(50),
});
export type CustomersQuery = z.infer<typeof customersQuery>;
export const customersResponse = z
  .object({
    items: z.array(customerSummary),
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'CustomerPage' });

export const plannedAction = z
  .object({
    actionId: id.nullable().meta({ description: 'null while the planner has not recorded it yet' }),
    date: instant,
    label: z.string(),
    channel: channelSchema,
    step: z.string().nullable(),
    invoiceIds: z.array(id),
  })
  .meta({ id: 'PlannedAction' });
export const timelineKinds = [
  'message',
  'call',
  'task',
  'note',
  'promise',
  'dispute',
  'plan',
  'payment',
  'pause',
  'credit',
] as const;
export const timelineEntry = z
  .object({
    id: z.string(),
    at: instant,
    kind: z.enum(timelineKinds),
    title: z.string(),
    detail: z.string().nullable(),
    status: z.string().nullable(),
  })
  .meta({ id: 'TimelineEntry' });
export const invoiceRow = z
  .object({
    id,
    number: z.string(),
    issueDate: localDate,
    dueDate: localDate.nullable(),
    currency,
    total: minor,
    openBalance: minor,
    status: z.enum(['draft', 'open', 'paid', 'void', 'deleted']),
    daysLate: z.number().int(),
    disputed: z.boolean(),
    paused: z.boolean(),
    promisedDate: localDate.nullable(),
  })
  .meta({ id: 'Invoice' });
export const customerDetail = z
  .object({
    id,
    name: z.string(),
    emails: z.array(z.string()),
    phone: z.string().nullable(),
    language: languageSchema.nullable(),
    timeZone: z.string().nullable(),
    segment: z.object({ id, name: z.string(), manual: z.boolean() }).nullable(),
    paused: z.boolean(),
    assignee: z.object({ id, name: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'Customer' });
export const customerResponse = z
  .object({
    customer: customerDetail,
    balances: z.array(balance),
    aging: z.array(agingRow),
    invoices: z.array(invoiceRow),
    timeline: z.array(timelineEntry),
    nextAction: plannedAction.nullable(),
    planned: z.array(plannedAction),
  })
  .meta({ id: 'CustomerPageDetail' });
export type CustomerResponse = z.infer<typeof customerResponse>;

// ---- actions on customers, invoices, disputes, planned actions -------------------------------------
const invoiceIds = z.array(id).min(1, 'expected at least one invoice').max(500, 'at most 500 invoices');
export const pauseBody = z
  .object({
    until: localDate.optional(),
    reason: z.string().max(500, 'at most 500 characters').optional(),
  })
  .optional();
export const promiseBody = z.object({
  invoiceIds,
  promisedDate: localDate,
  amount: amountIn.nullable().optional(),
  note: z.string().max(2000, 'at most 2000 characters').optional(),
});
export const disputeBody = z.object({
  invoiceIds,
  reason: z.string().trim().min(1, 'expected the reason in words').max(2000, 'at most 2000 characters'),
  reasonCode: z.enum(['quality', 'wrong_invoice', 'cannot_pay', 'other']).optional(),
});
export const resolveDisputeBody = z
  .object({ note: z.string().max(2000, 'at most 2000 characters').optional() })
  .optional();
export const planBody = z.object({
  invoiceIds,
  instalments: z
    .array(z.object({ date: localDate, amount: amountIn }))
    .min(1, 'expected at least one instalment')
    .max(60, 'at most 60 instalments'),
});
export const noteBody = z.object({
  text: z.string().trim().min(1, 'expected some text').max(10_000, 'at most 10,000 characters'),
});
export const assignBody = z.object({ userId: id.nullable() });
export const segmentBody = z.object({ segmentId: id.nullable() });
export const completeTaskBody = z.object({
  outcome: z.string().trim().min(1, 'expected the outcome').max(500, 'at most 500 characters'),
  note: z.string().max(2000, 'at most 2000 characters').optional(),
});

export const promiseResponse = z
  .object({
    id,
    customerId: id,
    invoiceIds: z.array(id),
    promisedDate: localDate,
    amount: minor.nullable(),
    currency: currency.nullable(),
    status: z.enum(['open', 'kept', 'broken', 'cancelled']),
    note: z.string().nullable(),
  })
  .meta({ id: 'Promise' });
export const disputeResponse = z
  .object({
    id,
    customerId: id,
    invoiceId: id,
    reasonCode: z.string(),
    reason: z.string(),
    status: z.enum(['open', 'resolved']),
    resolution: z.string().nullable(),
    openedAt: instant,
    resolvedAt: instant.nullable(),
  })
  .meta({ id: 'Dispute' });
export const disputesResponse = z.object({ items: z.array(disputeResponse) });
export const planResponse = z
  .object({
    id,
    customerId: id,
    invoiceIds: z.array(id),
    currency,
    instalments: z.array(z.object({ date: localDate, amount: minor })),
    status: z.enum(['active', 'completed', 'cancelled']),
  })
  .meta({ id: 'PaymentPlan' });
export const noteResponse = z
  .object({ id, customerId: id, text: z.string(), author: z.string(), at: instant })
  .meta({ id: 'Note' });
export const invoiceStateResponse = z
  .object({ id, customerId: id, number: z.string(), paused: z.boolean(), disputed: z.boolean() })
  .meta({ id: 'InvoiceState' });
export const actionResponse = z
  .object({
    id,
    customerId: id,
    status: z.string(),
    statusReason: z.string().nullable(),
    channel: channelSchema,
    template: z.string(),
    dueAt: instant,
  })
  .meta({ id: 'Action' });

// ---- worklist and tasks --------------------------------------------------------------------------
export const worklistItem = z
  .object({
    id,
    kind: z.string(),
    customerId: id.nullable(),
    customerName: z.string().nullable(),
    dueDate: localDate,
    title: z.string(),
    detail: z.string(),
  })
  .meta({ id: 'WorklistItem' });
export const worklistResponse = z.object({ items: z.array(worklistItem) });
export const taskResponse = z
  .object({
    id,
    kind: z.string(),
    customerId: id.nullable(),
    status: z.enum(['open', 'done', 'cancelled']),
    title: z.string(),
    detail: z.string(),
    doneAt: instant.nullable(),
  })
  .meta({ id: 'Task' });

// ---- procedures, segments, templates ---------------------------------------------------------------
export const procedureSteps = procedureStepsSchema;
export const procedureResponse = z
  .object({ id, key: z.string(), name: z.string(), steps: procedureStepsSchema })
  .meta({ id: 'Procedure' });
export const proceduresResponse = z.object({ items: z.array(procedureResponse) });
export const procedureBody = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, e.g. "export-clients"')
    .optional(),
  name: z.string().trim().min(1, 'expected a name').max(100, 'at most 100 characters'),
  steps: procedureStepsSchema,
});
export const segmentRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({ kind: z.literal('new_customer'), maxAgeDays: z.number().int().min(1).max(3650) }),
  z.object({ kind: z.literal('open_balance_over'), amount: money }),
  z.object({ kind: z.literal('avg_days_late_over'), days: z.number().int().min(0).max(3650) }),
  z.object({ kind: z.literal('default') }),
]);
export const segmentResponse = z
  .object({
    id,
    key: z.string(),
    name: z.string(),
    procedureId: id,
    rule: segmentRule,
    position: z.number().int(),
  })
  .meta({ id: 'Segment' });
export const segmentsResponse = z.object({ items: z.array(segmentResponse) });
export const segmentBodyCreate = z.object({
  key: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes')
    .optional(),
  name: z.string().trim().min(1, 'expected a name').max(100, 'at most 100 characters'),
  procedureId: id,
  rule: segmentRule,
  position: z.number().int().min(0).max(1000).optional(),
});
export const segmentBodyUpdate = segmentBodyCreate.partial();

export const templateKeySchema = z.enum([
  'heads_up',
  'reminder_1',
  'reminder_2',
  'call',
  'formal_reminder',
  'formal_notice',
  'agency_review',
  'instalment_reminder',
  'instalment_missed',
  'promise_broken',
]);
export const templateText = z
  .object({
    template: templateKeySchema,
    language: languageSchema,
    overridden: z.boolean(),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    updatedAt: instant.nullable(),
  })
  .meta({ id: 'TemplateText' });
export const templatesResponse = z.object({
  placeholders: z.array(z.string()),
  items: z.array(templateText),
});
export const templateBody = z.object({
  subject: z.string().trim().min(1, 'expected a subject').max(300, 'at most 300 characters'),
  body: z.string().trim().min(1, 'expected a body').max(20_000, 'at most 20,000 characters'),
});
export const templatePreviewBody = z.object({
  customerId: id,
  template: templateKeySchema,
  channel: channelSchema,
  language: languageSchema.optional(),
  subject: z.string().max(300, 'at most 300 characters').optional(),
  body: z.string().max(20_000, 'at most 20,000 characters').optional(),
});
export const templatePreviewResponse = z
  .object({ subject: z.string(), text: z.string(), html: z.string() })
  .meta({ id: 'RenderedMessage' });

// ---- settings ------------------------------------------------------------------------------------
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
export const settingsSchema = z
  .object({
    sender: z.object({
      name: z.string().trim().min(1, 'expected a name').max(200),
      email: z.email('expected an e-mail address').nullable(),
      phone: z.string().max(50).nullable(),
      address: z.string().max(500).nullable(),
      iban: z.string().max(40).nullable(),
      bic: z.string().max(20).nullable(),
    }),
    businessHours: z
      .object({
        days: z.array(z.number().int().min(1).max(7)).min(1, 'expected at least one working day').max(7),
        start: hhmm,
        end: hhmm,
      })
      .refine((h) => h.start < h.end, { message: 'start must be before end', path: ['end'] }),
    language: languageSchema,
    reviewMode: z.boolean(),
    fees: z.object({
      statutoryInterest: z.boolean(),
      fixedCompensation: z.boolean(),
      earlyPaymentDiscount: z
        .object({
          percent: z.number().gt(0, 'expected more than 0').max(20, 'at most 20'),
          withinDays: z.number().int().min(1).max(90),
        })
        .nullable(),
    }),
  })
  .meta({ id: 'Settings' });
export const settingsPatch = z.object({
  sender: settingsSchema.shape.sender.partial().optional(),
  businessHours: settingsSchema.shape.businessHours.optional(),
  language: languageSchema.optional(),
  reviewMode: z.boolean().optional(),
  fees: settingsSchema.shape.fees.partial().optional(),
});

// ---- jobs ----------------------------------------------------------------------------------------
export const jobsResponse = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['sync', 'replan']),
      status: z.enum(['running', 'queued', 'done', 'failed']),
      done: z.number().int(),
      total: z.number().int().nullable(),
      startedAt: instant.nullable(),
    }),
  ),
});
