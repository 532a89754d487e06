// The three procedures every firm starts with, and the schema a firm's own edits must pass.
// Progress through a procedure is kept as the offset of the last step done, so offsets within a
// procedure are strictly increasing and a customer moved between procedures keeps its place.
import { z } from 'zod';
import { CHANNELS } from './types.ts';
import type { Procedure, ProcedureStep } from './types.ts';

export const TEMPLATE_KEYS = [
  'heads_up',
  'reminder_1',
  'reminder_2',
  'call',
  'formal_reminder',
  'formal_notice',
  'agency_review',
  'instalment_reminder',
  'instalment_missed',
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

type StepDraft = Pick<ProcedureStep, 'id' | 'offsetDays' | 'channel' | 'template' | 'tone'> &
  Partial<ProcedureStep>;

function step(draft: StepDraft): ProcedureStep {
  return { statesFees: false, requiresApproval: false, registered: false, conditions: {}, ...draft };
}

const headsUp = (offsetDays: number): ProcedureStep =>
  step({ id: 'heads-up', offsetDays, channel: 'email', template: 'heads_up', tone: 1 });
const reminder1 = (offsetDays: number, tone: 1 | 2 = 2): ProcedureStep =>
  step({ id: 'reminder-1', offsetDays, channel: 'email', template: 'reminder_1', tone });
const reminder2 = (offsetDays: number, tone: 2 | 3 = 3): ProcedureStep =>
  step({ id: 'reminder-2', offsetDays, channel: 'email', template: 'reminder_2', tone });
const call = (offsetDays: number, tone: 2 | 3 = 3): ProcedureStep =>
  step({ id: 'call', offsetDays, channel: 'call', template: 'call', tone });
// Statutory interest and the EUR 40 indemnity are owed without reminder; this is the step that says so.
const formalReminder = (offsetDays: number): ProcedureStep =>
  step({
    id: 'formal-reminder',
    offsetDays,
    channel: 'email',
    template: 'formal_reminder',
    tone: 4,
    statesFees: true,
  });
// The formal_notice channel delivers a letter (registered, for proof of receipt) and the same notice by e-mail.
const formalNotice = (offsetDays: number, requiresApproval: boolean): ProcedureStep =>
  step({
    id: 'formal-notice',
    offsetDays,
    channel: 'formal_notice',
    template: 'formal_notice',
    tone: 5,
    statesFees: true,
    registered: true,
    requiresApproval,
  });
// A task for a person: agencies take 25-50 % and end the relationship, so nothing is handed over automatically.
const agencyReview = (offsetDays: number, requiresApproval: boolean): ProcedureStep =>
  step({
    id: 'agency-review',
    offsetDays,
    channel: 'agency_review',
    template: 'agency_review',
    tone: 5,
    statesFees: true,
    requiresApproval,
  });

export function defaultProcedures(): Omit<Procedure, 'id'>[] {
  return [
    {
      key: 'standard',
      name: 'Standard',
      steps: [
        headsUp(-7),
        reminder1(1),
        reminder2(8),
        call(15),
        formalReminder(30),
        formalNotice(45, false),
        agencyReview(60, false),
      ],
    },
    {
      // Key accounts: softer and later, a call before any second e-mail, and a person decides on
      // anything formal.
      key: 'gentle',
      name: 'Gentle (key accounts)',
      steps: [
        headsUp(-7),
        reminder1(3, 1),
        call(7, 2),
        reminder2(14, 2),
        formalReminder(30),
        formalNotice(45, true),
        agencyReview(75, true),
      ],
    },
    {
      // New or habitually late customers: the same steps earlier, and a call as soon as +8.
      key: 'strict',
      name: 'Strict (new or late payers)',
      steps: [
        headsUp(-10),
        reminder1(1),
        reminder2(5),
        call(8),
        formalReminder(15),
        formalNotice(25, false),
        agencyReview(40, false),
      ],
    },
  ];
}

const slug = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

const moneySchema = z.object({
  amount: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals'),
});

export const procedureStepSchema = z.object({
  id: z.string().regex(slug, 'lower-case letters, digits and dashes, e.g. "reminder-1"'),
  offsetDays: z.number().int().min(-90).max(730),
  channel: z.enum(CHANNELS),
  template: z.string().regex(slug, 'a template key, e.g. "reminder_1"'),
  tone: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  statesFees: z.boolean().default(false),
  requiresApproval: z.boolean().default(false),
  registered: z.boolean().default(false),
  conditions: z.object({ minAmount: moneySchema.optional() }).strict().default({}),
});

/** A procedure's steps as a firm edits them: ordered by strictly increasing offset, unique ids. */
export const procedureStepsSchema = z
  .array(procedureStepSchema)
  .min(1)
  .max(30)
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((s, i) => {
      if (seen.has(s.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate step id "${s.id}"` });
      seen.add(s.id);
      const prev = steps[i - 1];
      if (prev && s.offsetDays <= prev.offsetDays) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'offsetDays'],
          message: `must be greater than the previous step's (${prev.offsetDays}): steps are ordered and one per day`,
        });
      }
      if (s.registered && s.channel !== 'letter' && s.channel !== 'formal_notice') {
        ctx.addIssue({ code: 'custom', path: [i, 'registered'], message: 'only letters can be registered' });
      }
    });
  });

/** Parsed steps are ProcedureStep[] (the schema's output type is checked against it here). */
export function parseProcedureSteps(input: unknown): ProcedureStep[] {
  return procedureStepsSchema.parse(input) satisfies ProcedureStep[];
}
