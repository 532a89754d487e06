// Where a Xero sync stands. Each entity is read in order of last change; the cursor is the last
// change time read (inclusive, so ties are read again, harmlessly) and a page within that time, so a
// record changed while the sync pages through is read again at the end rather than skipped.
import { z } from 'zod';
import type { Checkpoint } from '../sdk/connector.ts';

export const PHASES = ['contacts', 'invoices', 'creditNotes', 'payments'] as const;
export type Phase = (typeof PHASES)[number];

const instant = z.string().nullable();
const checkpointSchema = z.object({
  v: z.literal(1),
  phase: z.enum([...PHASES, 'done']),
  cursor: z.object({ since: instant, page: z.number().int().min(1) }),
  since: z.object({ contacts: instant, invoices: instant, creditNotes: instant, payments: instant }),
  done: z.number().int().min(0),
  paused: z
    .object({ reason: z.literal('daily_budget'), until: z.string(), pageCount: z.number().nullable() })
    .nullable(),
});
export type XeroCheckpoint = z.infer<typeof checkpointSchema>;

export function freshCheckpoint(): XeroCheckpoint {
  return {
    v: 1,
    phase: 'contacts',
    cursor: { since: null, page: 1 },
    since: { contacts: null, invoices: null, creditNotes: null, payments: null },
    done: 0,
    paused: null,
  };
}

/** The stored checkpoint, or a full sync when there is none or it cannot be read. */
export function readCheckpoint(raw: Checkpoint | null): XeroCheckpoint {
  const parsed = checkpointSchema.safeParse(raw);
  if (!parsed.success) return freshCheckpoint();
  const c = parsed.data;
  // A finished run: the next one starts over, from each entity's last change time.
  if (c.phase === 'done')
    return { ...c, phase: 'contacts', cursor: { since: c.since.contacts, page: 1 }, done: 0, paused: null };
  return { ...c, paused: null };
}

/** When a sync stopped at the daily budget may look again; null when it was not paused. */
export function pausedUntil(raw: Checkpoint | null): string | null {
  const parsed = checkpointSchema.safeParse(raw);
  return parsed.success ? (parsed.data.paused?.until ?? null) : null;
}
