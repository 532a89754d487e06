// Syncing a connection: the connector streams pages of changes; each page is written with its
// checkpoint in one transaction, so an interrupted sync resumes after the last page it wrote, and a
// page written twice changes nothing. Invoices that stop being open leave messages not yet sent.
import type {
  Connector,
  ConnectionContext,
  SyncBatch,
  WebhookTarget,
} from '../../connectors/sdk/connector.ts';
import { ConnectorError } from '../../connectors/sdk/errors.ts';
import type { Runtime } from '../runtime.ts';
import type { Sql } from '../store/db.ts';
import {
  getConnection,
  markNeedsReconnect,
  saveCheckpoint,
  tokenAccess,
  type Connection,
} from '../store/repos/connections.ts';
import { upsertCreditNotes, upsertCustomers, upsertInvoices, upsertPayments } from '../store/repos/ledger.ts';
import { withdrawFromPendingActions } from '../store/repos/withdraw.ts';

export interface SyncSummary {
  pages: number;
  written: { customers: number; invoices: number; payments: number; creditNotes: number };
  invalid: number;
  rejected: number;
}

export function connectionContext(
  rt: Runtime,
  connector: Connector,
  conn: Connection,
  limiter: ConnectionContext['limiter'],
): ConnectionContext {
  return {
    connectionId: conn.id,
    firmId: conn.firmId,
    externalTenantId: conn.externalTenantId,
    tokens: tokenAccess(rt.db, rt.cipher, conn.id, (t) => connector.refreshTokens(t)),
    limiter,
  };
}

/** Writes one page of changes; returns what changed. */
export async function writeBatch(
  sql: Sql,
  conn: Connection,
  batch: SyncBatch,
  summary: SyncSummary,
): Promise<void> {
  const c = await upsertCustomers(sql, conn.firmId, conn.id, batch.customers);
  const i = await upsertInvoices(sql, conn.firmId, conn.id, batch.invoices);
  const p = await upsertPayments(sql, conn.firmId, conn.id, batch.payments);
  const n = await upsertCreditNotes(sql, conn.firmId, conn.id, batch.creditNotes);
  summary.written.customers += c.changed.length;
  summary.written.invoices += i.changed.length;
  summary.written.payments += p.changed.length;
  summary.written.creditNotes += n.changed.length;
  const rejected = [...i.rejected, ...p.rejected, ...n.rejected].map(([externalId, reason]) => ({
    entity: 'reference',
    externalId,
    reason,
  }));
  summary.rejected += rejected.length;
  summary.invalid += batch.invalid.length;
  for (const bad of [...batch.invalid, ...rejected]) {
    await sql.query(
      `INSERT INTO sync_issues (connection_id, entity, external_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT (connection_id, entity, external_id) DO UPDATE SET reason = EXCLUDED.reason, last_seen_at = now()`,
      [conn.id, bad.entity, bad.externalId ?? '', bad.reason],
    );
  }
  // Settled, voided or deleted invoices leave every message not yet sent, within the same transaction.
  if (i.closedIds && i.closedIds.length > 0) {
    await withdrawFromPendingActions(sql, conn.firmId, i.closedIds, 'invoice settled in the ledger');
  }
}

export async function runSync(
  rt: Runtime,
  connector: Connector,
  connectionId: string,
  limiter: ConnectionContext['limiter'],
  opts: { full?: boolean } = {},
): Promise<SyncSummary> {
  const summary: SyncSummary = {
    pages: 0,
    written: { customers: 0, invoices: 0, payments: 0, creditNotes: 0 },
    invalid: 0,
    rejected: 0,
  };
  const conn = await getConnection(rt.db, connectionId);
  if (!conn || conn.status !== 'active') return summary; // stopped: nothing to do, and no retry
  const ctx = connectionContext(rt, connector, conn, limiter);
  try {
    const trace = rt.cfg.syncTrace ? { wait: 0, write: 0, t: performance.now() } : null;
    for await (const batch of connector.pull(ctx, opts.full ? null : conn.checkpoint)) {
      if (trace) trace.wait += performance.now() - trace.t;
      const t0 = performance.now();
      await rt.db.tx(async (sql) => {
        await writeBatch(sql, conn, batch, summary);
        await saveCheckpoint(sql, conn.id, batch.checkpoint);
      });
      summary.pages++;
      if (trace) {
        trace.write += performance.now() - t0;
        trace.t = performance.now();
      }
    }
    if (trace)
      rt.log.warn(
        { pages: summary.pages, waitMs: Math.round(trace.wait), writeMs: Math.round(trace.write) },
        'sync trace',
      );
    await saveCheckpoint(rt.db, conn.id, (await getConnection(rt.db, conn.id))?.checkpoint ?? null, true);
    return summary;
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'auth_revoked') {
      await markNeedsReconnect(rt.db, conn.id, err.message);
      return summary; // the firm must reconnect; retrying would only storm
    }
    await rt.db.query(`UPDATE connections SET last_error = $2 WHERE id = $1`, [
      conn.id,
      (err as Error).message.slice(0, 500),
    ]);
    throw err;
  }
}

/** After a webhook: re-read what it names through the configured API (never its URLs) and write it. */
export async function rereadTargets(
  rt: Runtime,
  connector: Connector,
  connectionId: string,
  targets: WebhookTarget[],
  limiter: ConnectionContext['limiter'],
): Promise<SyncSummary> {
  const summary: SyncSummary = {
    pages: 0,
    written: { customers: 0, invoices: 0, payments: 0, creditNotes: 0 },
    invalid: 0,
    rejected: 0,
  };
  const conn = await getConnection(rt.db, connectionId);
  if (!conn || conn.status !== 'active' || targets.length === 0) return summary;
  const ctx = connectionContext(rt, connector, conn, limiter);
  try {
    const batch = await connector.reread(ctx, targets);
    await rt.db.tx((sql) => writeBatch(sql, conn, batch, summary));
    summary.pages = 1;
    return summary;
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'auth_revoked') {
      await markNeedsReconnect(rt.db, conn.id, err.message);
      return summary;
    }
    throw err;
  }
}
