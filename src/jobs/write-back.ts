// Drains the write-back outbox: each queued note, status or promised date goes to its host through
// the connector, under its idempotency key. A host that refuses a kind (Xero has no status field)
// skips it; a temporary failure retries with backoff; a revoked connection waits for reconnection.
import { ConnectorError, isRetryable } from '../../connectors/sdk/errors.ts';
import type { WriteBack } from '../../connectors/sdk/connector.ts';
import type { Platforms } from '../platforms.ts';
import type { Db } from '../store/db.ts';
import { claimWriteBacks, finishWriteBack, type ClaimedWriteBack } from '../store/repos/writebacks.ts';

const MAX_ATTEMPTS = 8;

function toAction(w: ClaimedWriteBack): WriteBack {
  switch (w.kind) {
    case 'note':
      return { kind: 'note', invoiceExternalId: w.invoiceExternalId, text: w.value, idempotencyKey: w.key };
    case 'status':
      return {
        kind: 'status',
        invoiceExternalId: w.invoiceExternalId,
        status: w.value,
        idempotencyKey: w.key,
      };
    case 'expected_payment_date':
      return {
        kind: 'expected_payment_date',
        invoiceExternalId: w.invoiceExternalId,
        date: w.value,
        idempotencyKey: w.key,
      };
  }
}

export interface WriteBackCounts {
  done: number;
  skipped: number;
  retried: number;
  failed: number;
}

export async function drainWriteBacks(
  db: Db,
  platforms: Pick<Platforms, 'context'> & Partial<Pick<Platforms, 'modules'>>,
  now: () => string = () => new Date().toISOString(),
): Promise<WriteBackCounts> {
  const counts: WriteBackCounts = { done: 0, skipped: 0, retried: 0, failed: 0 };
  for (;;) {
    const claimed = await db.tx((sql) => claimWriteBacks(sql, now()));
    if (claimed.length === 0) {
      // Platforms with their own outbox (HubSpot: notes, call tasks, company properties) drain it too.
      for (const m of platforms.modules ?? []) {
        if (!m.drainWriteBacks) continue;
        const c = await m.drainWriteBacks(now);
        counts.done += c.done;
        counts.skipped += c.skipped;
        counts.retried += c.retried;
        counts.failed += c.failed;
      }
      return counts;
    }
    for (const w of claimed) {
      const target = await platforms.context(w.connectionId);
      if (!target) {
        await finishWriteBack(db, w.id, { status: 'skipped' });
        counts.skipped++;
        continue;
      }
      try {
        await target.connector.writeBack(target.ctx, toAction(w));
        await finishWriteBack(db, w.id, { status: 'done' });
        counts.done++;
      } catch (err) {
        if (err instanceof ConnectorError && (err.kind === 'invalid_payload' || err.kind === 'not_found')) {
          await finishWriteBack(db, w.id, { status: 'skipped' });
          counts.skipped++;
        } else if (
          (isRetryable(err) || (err instanceof ConnectorError && err.kind === 'auth_revoked')) &&
          w.attempts < MAX_ATTEMPTS
        ) {
          const retryAt = new Date(Date.parse(now()) + 30_000 * 2 ** (w.attempts - 1)).toISOString();
          await finishWriteBack(db, w.id, { status: 'pending', retryAt, error: (err as Error).message });
          counts.retried++;
        } else {
          await finishWriteBack(db, w.id, { status: 'failed' });
          counts.failed++;
        }
      }
    }
  }
}
