import { describe, expect, it } from 'vitest';
import { defaultProcedures, procedureStepsSchema, TEMPLATE_KEYS } from './procedures.ts';
import type { ProcedureStep } from './types.ts';

const byKey = (key: string): ProcedureStep[] => {
  const p = defaultProcedures().find((x) => x.key === key);
  if (!p) throw new Error(`no ${key}`);
  return p.steps;
};
const at = (steps: ProcedureStep[], id: string): ProcedureStep => {
  const s = steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
};

describe('defaultProcedures', () => {
  it('ships standard, gentle and strict', () => {
    expect(defaultProcedures().map((p) => p.key)).toEqual(['standard', 'gentle', 'strict']);
  });

  it('standard runs heads-up, two reminders, a call, a formal reminder, a formal notice and an agency review', () => {
    expect(byKey('standard').map((s) => [s.offsetDays, s.id, s.channel])).toEqual([
      [-7, 'heads-up', 'email'],
      [1, 'reminder-1', 'email'],
      [8, 'reminder-2', 'email'],
      [15, 'call', 'call'],
      [30, 'formal-reminder', 'email'],
      [45, 'formal-notice', 'formal_notice'],
      [60, 'agency-review', 'agency_review'],
    ]);
    const steps = byKey('standard');
    expect(at(steps, 'formal-reminder').statesFees).toBe(true);
    expect(at(steps, 'reminder-2').statesFees).toBe(false);
    expect(steps.every((s) => (TEMPLATE_KEYS as readonly string[]).includes(s.template))).toBe(true);
  });

  it('gentle calls before the second reminder and needs a person for anything formal', () => {
    const steps = byKey('gentle');
    expect(at(steps, 'call').offsetDays).toBeLessThan(at(steps, 'reminder-2').offsetDays);
    expect(at(steps, 'formal-notice').requiresApproval).toBe(true);
    expect(at(steps, 'agency-review').requiresApproval).toBe(true);
    expect(steps.filter((s) => s.requiresApproval).map((s) => s.id)).toEqual([
      'formal-notice',
      'agency-review',
    ]);
  });

  it('strict runs the same steps no later than standard, with a call at +8', () => {
    const strict = byKey('strict');
    const standard = byKey('standard');
    expect(strict.map((s) => s.id)).toEqual(
      standard
        .map((s) => s.id)
        .filter((id) => id !== 'call')
        .toSpliced(3, 0, 'call'),
    );
    for (const s of strict) expect(s.offsetDays).toBeLessThanOrEqual(at(standard, s.id).offsetDays);
    expect(at(strict, 'call').offsetDays).toBe(8);
    expect(at(strict, 'heads-up').offsetDays).toBeLessThan(at(standard, 'heads-up').offsetDays);
  });

  it('passes its own schema', () => {
    for (const p of defaultProcedures()) expect(procedureStepsSchema.safeParse(p.steps).success).toBe(true);
  });
});

describe('procedureStepsSchema', () => {
  const steps = (): unknown[] => structuredClone(byKey('standard'));
  const issues = (input: unknown): { path: PropertyKey[]; message: string }[] => {
    const r = procedureStepsSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path, message: i.message }));
  };

  it('fills defaults for flags and conditions', () => {
    const parsed = procedureStepsSchema.parse([
      { id: 'r1', offsetDays: 3, channel: 'sms', template: 'reminder_1', tone: 2 },
    ]);
    expect(parsed[0]).toMatchObject({
      statesFees: false,
      requiresApproval: false,
      registered: false,
      conditions: {},
    });
  });

  it('rejects steps out of order, naming the step and field', () => {
    const input = steps();
    (input[2] as { offsetDays: number }).offsetDays = 1;
    expect(issues(input)).toEqual([expect.objectContaining({ path: [2, 'offsetDays'] })]);
  });

  it('rejects duplicate ids', () => {
    const input = steps();
    (input[3] as { id: string }).id = 'reminder-1';
    expect(issues(input)).toEqual([
      expect.objectContaining({ path: [3, 'id'], message: 'duplicate step id "reminder-1"' }),
    ]);
  });

  it('rejects an unknown channel and a tone out of 1-5', () => {
    const input = steps() as Record<string, unknown>[];
    input[0] = { ...input[0], channel: 'fax' };
    input[1] = { ...input[1], tone: 6 };
    expect(issues(input).map((i) => i.path)).toEqual([
      [0, 'channel'],
      [1, 'tone'],
    ]);
  });

  it('rejects registered delivery on anything but a letter', () => {
    const input = steps() as Record<string, unknown>[];
    input[2] = { ...input[2], registered: true };
    expect(issues(input)).toEqual([{ path: [2, 'registered'], message: 'only letters can be registered' }]);
  });

  it('rejects an empty procedure and a minimum amount in a malformed currency', () => {
    expect(issues([])).toHaveLength(1);
    const input = steps() as Record<string, unknown>[];
    input[0] = { ...input[0], conditions: { minAmount: { amount: 5000, currency: 'eur' } } };
    expect(issues(input).map((i) => i.path)).toEqual([[0, 'conditions', 'minAmount', 'currency']]);
  });
});
