// QuickBooks background jobs: `quickbooks.sync` (one per connection at a time, by its job id) and
// `quickbooks.webhook` (re-read what a webhook named). Both stop quietly when the connection is not
// active, so a revoked grant causes no retry storm.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Connector, WebhookTarget } from '../../connectors/sdk/connector.ts';
import type { LimitSpec } from '../../connectors/sdk/rate-limiter.ts';
import type { Runtime } from '../runtime.ts';
import { rereadTargets, runSync } from './sync.ts';

export const QUICKBOOKS_SYNC_JOB = 'quickbooks.sync';
export const QUICKBOOKS_WEBHOOK_JOB = 'quickbooks.webhook';
/** Intuit's limits per realm, shared by every worker. */
export const QUICKBOOKS_LIMITS: LimitSpec = { windows: [{ windowMs: 60_000, max: 500 }], concurrent: 10 };

const syncData = z.object({ connectionId: z.uuid(), full: z.boolean().optional() });
const webhookData = z.object({
  connectionId: z.uuid(),
  targets: z.array(
    z.object({
      externalTenantId: z.string(),
      entity: z.enum(['invoice', 'payment', 'credit_note', 'customer']),
      externalId: z.string(),
      operation: z.string(),
    }),
  ),
});

export const quickbooksLimiter = (rt: Runtime) => rt.limiter('quickbooks', QUICKBOOKS_LIMITS);

export async function enqueueQuickBooksSync(rt: Runtime, connectionId: string, full = false): Promise<void> {
  await rt.queue.add(QUICKBOOKS_SYNC_JOB, { connectionId, full }, { jobId: `qb-sync:${connectionId}` });
}

export async function enqueueQuickBooksReread(
  rt: Runtime,
  connectionId: string,
  targets: WebhookTarget[],
): Promise<void> {
  // The same set of targets while one job waits is one job: duplicate deliveries collapse.
  const digest = createHash('sha256')
    .update(JSON.stringify(targets.map((t) => `${t.entity}:${t.externalId}`).sort()))
    .digest('hex')
    .slice(0, 16);
  await rt.queue.add(
    QUICKBOOKS_WEBHOOK_JOB,
    { connectionId, targets },
    { jobId: `qb-webhook:${connectionId}:${digest}` },
  );
}

export function registerQuickBooksJobs(rt: Runtime, connector: Connector): void {
  rt.queue.process(QUICKBOOKS_SYNC_JOB, async (data) => {
    const { connectionId, full } = syncData.parse(data);
    const summary = await runSync(rt, connector, connectionId, quickbooksLimiter(rt), { full });
    rt.log.info({ connectionId, ...summary }, 'quickbooks sync');
  });
  rt.queue.process(
    QUICKBOOKS_WEBHOOK_JOB,
    async (data) => {
      const { connectionId, targets } = webhookData.parse(data);
      await rereadTargets(rt, connector, connectionId, targets, quickbooksLimiter(rt));
    },
    4,
  );
}
