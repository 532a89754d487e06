// The Xero jobs: `xero.sync` (one per connection; a sync paused by the daily budget queues its own
// resumption), `xero.webhook` (re-reads by id), `xero.tokens` (one consent's organisations share a
// rotating refresh token: after a refresh the newest token set is copied to its siblings).
import { connectionContext, runSync, rereadTargets } from '../../src/jobs/sync.ts';
import type { Runtime } from '../../src/runtime.ts';
import { getConnection, readTokens } from '../../src/store/repos/connections.ts';
import type { TokenSet, WebhookTarget } from '../sdk/connector.ts';
import type { RateLimiter } from '../sdk/rate-limiter.ts';
import type { XeroConnector } from './xero-connector.ts';
import { pausedUntil } from './xero-checkpoint.ts';
import { rotationOf } from './xero-oauth.ts';

export interface SyncJob {
  connectionId: string;
  full?: boolean;
}
export interface WebhookJob {
  connectionId: string;
  targets: WebhookTarget[];
}
export interface TokensJob {
  grantId: string;
  tenantIds: string[];
  /** The rotation that queued the job: it is enqueued before the refresh commits. */
  rotation?: number;
}

/** Newer = rotated more times (expiry times of one second cannot tell two quick refreshes apart). */
const newer = (x: TokenSet, y: TokenSet): number =>
  rotationOf(x) - rotationOf(y) || Date.parse(x.expiresAt) - Date.parse(y.expiresAt);

/** Open invoices due within a week or overdue, with no payment link yet: those a reminder may need. */
export async function fillPaymentLinks(
  rt: Runtime,
  connector: XeroConnector,
  limiter: RateLimiter,
  connectionId: string,
  max: number,
): Promise<number> {
  const conn = await getConnection(rt.db, connectionId);
  if (!conn || conn.status !== 'active') return 0;
  const rows = await rt.db.query<{ external_id: string }>(
    `SELECT external_id FROM invoices WHERE connection_id = $1 AND status = 'open' AND open_balance > 0 AND payment_link IS NULL
       AND COALESCE(due_date, issue_date) <= current_date + 7 ORDER BY COALESCE(due_date, issue_date) LIMIT $2`,
    [connectionId, max],
  );
  if (rows.length === 0) return 0;
  const ctx = connectionContext(rt, connector, conn, limiter);
  let filled = 0;
  for (const r of rows) {
    const url = await connector.onlineInvoiceUrl(ctx, r.external_id);
    if (!url) continue;
    await rt.db.query(
      `UPDATE invoices SET payment_link = $3, updated_at = now() WHERE connection_id = $1 AND external_id = $2`,
      [connectionId, r.external_id, url],
    );
    filled++;
  }
  return filled;
}

/** Copies the newest token set of one consent to its sibling connections still on an older one. */
export async function shareRotatedTokens(rt: Runtime, job: TokensJob): Promise<void> {
  const conns = [];
  for (const tenantId of job.tenantIds) {
    const row = await rt.db.query<{ id: string }>(
      `SELECT id FROM connections WHERE platform = 'xero' AND external_tenant_id = $1 AND status = 'active'`,
      [tenantId],
    );
    if (row[0]) conns.push(row[0].id);
  }
  let newest: TokenSet | null = null;
  for (const id of conns) {
    const t = await readTokens(rt.db, rt.cipher, id).catch(() => null);
    if (t && t.extra?.grantId === job.grantId && (!newest || newer(t, newest) > 0)) newest = t;
  }
  if (!newest) return;
  // Queued from inside the refresh's transaction: until it commits, fail so the queue retries.
  if (job.rotation !== undefined && rotationOf(newest) < job.rotation)
    throw new Error(`xero.tokens: rotation ${job.rotation} of grant ${job.grantId} is not saved yet`);
  const best = newest;
  for (const id of conns) {
    await rt.db.tx(async (sql) => {
      const t = await readTokens(sql, rt.cipher, id, true).catch(() => null);
      if (!t || t.extra?.grantId !== job.grantId || newer(best, t) <= 0) return;
      const next: TokenSet = {
        ...best,
        extra: { ...best.extra, xeroConnectionId: t.extra?.xeroConnectionId },
      };
      const [row] = await sql.query<{ platform: string; external_tenant_id: string }>(
        `SELECT platform, external_tenant_id FROM connections WHERE id = $1`,
        [id],
      );
      if (!row) return;
      await sql.query(
        `UPDATE connections SET tokens = $2, token_expires_at = $3, updated_at = now() WHERE id = $1`,
        [id, rt.cipher.encrypt(next, `${row.platform}:${row.external_tenant_id}`), next.expiresAt],
      );
    });
  }
}

export function registerXeroJobs(
  rt: Runtime,
  connector: XeroConnector,
  limiter: RateLimiter,
  opts: { linksPerSync?: number } = {},
): void {
  rt.queue.process<SyncJob>('xero.sync', async (job) => {
    const summary = await runSync(rt, connector, job.connectionId, limiter, { full: job.full });
    const conn = await getConnection(rt.db, job.connectionId);
    const paused = pausedUntil(conn?.checkpoint ?? null);
    if (paused) {
      // Out of today's budget: resume later, from the checkpoint, instead of failing.
      const delayMs = Math.max(1000, Date.parse(paused) - Date.now());
      rt.log.info(
        { connectionId: job.connectionId, pages: summary.pages, until: paused },
        'xero sync paused at the daily budget',
      );
      await rt.queue.add(
        'xero.sync',
        { connectionId: job.connectionId },
        { jobId: `xero-sync-resume:${job.connectionId}`, delayMs },
      );
      return;
    }
    await fillPaymentLinks(rt, connector, limiter, job.connectionId, opts.linksPerSync ?? 50);
  });
  rt.queue.process<WebhookJob>(
    'xero.webhook',
    async (job) => {
      await rereadTargets(rt, connector, job.connectionId, job.targets, limiter);
    },
    2,
  );
  rt.queue.process<TokensJob>('xero.tokens', (job) => shareRotatedTokens(rt, job));
}
