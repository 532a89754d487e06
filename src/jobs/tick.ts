// A tick: plan and record everything due at one instant. It reads only the customers whose
// next_wake_at has come (an index), so its cost grows with what is due, not with the ledger.
// Batches are claimed with FOR UPDATE SKIP LOCKED: several ticks at once share the work.
import type { Instant } from '../core/types.ts';
import { planCustomer, type CustomerPlan, type PlanContext } from '../core/planner/index.ts';
import type { Db } from '../store/db.ts';
import {
  loadLedgers,
  recordPlans,
  type CustomerPlanToRecord,
  type RecordedAction,
} from '../store/repos/planning.ts';
import { loadPlanContexts } from './firm-context.ts';

export interface TickOptions {
  at: Instant;
  firmId?: string | null;
  batchSize?: number;
}

export interface TickResult {
  at: Instant;
  customersPlanned: number;
  actions: (RecordedAction & { firmId: string })[];
  /** Customers the planner could not plan (e.g. a procedure a firm deleted), retried an hour later. */
  failures: { customerId: string; message: string }[];
}

const MIN_STEP_MS = 60_000;
const RETRY_MS = 3_600_000;

export async function tick(db: Db, opts: TickOptions): Promise<TickResult> {
  const batchSize = opts.batchSize ?? 1000;
  const atMs = Date.parse(opts.at);
  const contexts = new Map<string, PlanContext>();
  const result: TickResult = { at: opts.at, customersPlanned: 0, actions: [], failures: [] };
  for (;;) {
    const planned = await db.tx(async (sql) => {
      const due = await sql.query<{ id: string; firm_id: string }>(
        `SELECT c.id, c.firm_id FROM customers c
         JOIN connections k ON k.id = c.connection_id AND k.status = 'active'
         WHERE c.next_wake_at <= $1 AND c.active AND ($2::uuid IS NULL OR c.firm_id = $2)
         ORDER BY c.next_wake_at LIMIT $3 FOR UPDATE OF c SKIP LOCKED`,
        [opts.at, opts.firmId ?? null, batchSize],
      );
      if (due.length === 0) return 0;
      const firmOf = new Map(due.map((d) => [d.id, d.firm_id]));
      const missing = [...new Set(firmOf.values())].filter((f) => !contexts.has(f));
      if (missing.length > 0) {
        for (const [id, ctx] of await loadPlanContexts(sql, missing, opts.at.slice(0, 10)))
          contexts.set(id, ctx);
      }
      const batch: CustomerPlanToRecord[] = [];
      for (const ledger of await loadLedgers(
        sql,
        due.map((d) => d.id),
      )) {
        const firmId = firmOf.get(ledger.customer.id) as string;
        let plan: CustomerPlan;
        try {
          plan = planCustomer(ledger, contexts.get(firmId) as PlanContext, opts.at);
        } catch (err) {
          result.failures.push({ customerId: ledger.customer.id, message: (err as Error).message });
          plan = {
            segmentId: ledger.customer.segmentId ?? '',
            actions: [],
            events: [],
            nextWakeAt: new Date(atMs + RETRY_MS).toISOString(),
          };
        }
        // A wake-up time must move forward, or a faulty plan would be re-read forever.
        if (plan.nextWakeAt !== null && Date.parse(plan.nextWakeAt) <= atMs) {
          plan.nextWakeAt = new Date(atMs + MIN_STEP_MS).toISOString();
        }
        batch.push({ firmId, customerId: ledger.customer.id, plan });
      }
      result.actions.push(...(await recordPlans(sql, batch, opts.at.slice(0, 10))));
      return due.length;
    });
    if (planned === 0) break;
    result.customersPlanned += planned;
  }
  return result;
}
