// Following a demo firm's sync on the console: the invoices stored so far against what the sandbox
// holds, once a second while it moves, until the connection records a finished sync.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Out } from '../cli/commands.ts';
import type { Db } from '../store/db.ts';
import { PLATFORM_LABEL, type DemoPlatform } from './connect.ts';
import { DEMO_TENANTS } from './firms.ts';

export interface SyncWatch {
  platform: DemoPlatform;
  /** Invoices the sandbox holds: what a full sync stores. */
  total: number;
  /** The connection's last finished sync before this start: done means a later one. */
  previousSyncAt: string | null;
  incremental: boolean;
  out: Out;
  timeoutMs: number;
  everyMs?: number;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Resolves when the sync is done (true) or the time is up (false); throws if the connection stops. */
export async function waitForSync(db: Db, w: SyncWatch): Promise<boolean> {
  const started = Date.now();
  const what = `${w.incremental ? 're-syncing' : 'syncing'} ${PLATFORM_LABEL[w.platform]} demo firm`;
  let shown = -1;
  for (;;) {
    // One statement a poll: the store is busy with the sync itself.
    // In a transaction: the embedded database serves it alone (see routes.ts).
    const [row] = await db
      .tx((sql) =>
        sql.query<{
          status: string;
          last_sync_at: string | Date | null;
          last_error: string | null;
          n: number;
        }>(
          `SELECT c.status, c.last_sync_at, c.last_error,
                (SELECT count(*)::int FROM invoices i WHERE i.connection_id = c.id) AS n
           FROM connections c WHERE c.platform = $1 AND c.external_tenant_id = $2`,
          [w.platform, DEMO_TENANTS[w.platform]],
        ),
      )
      .catch(() => [undefined]); // a failed poll is tried again on the next beat
    if (row) {
      const last = row.last_sync_at === null ? null : new Date(row.last_sync_at).toISOString();
      if (last !== null && (w.previousSyncAt === null || last > w.previousSyncAt)) {
        w.out(`${what}: ${count(row.n)} / ${count(w.total)} invoices, done`);
        return true;
      }
      if (row.status !== 'active')
        throw new Error(
          `the ${PLATFORM_LABEL[w.platform]} connection is ${row.status}${row.last_error ? `: ${row.last_error}` : ''}`,
        );
      if (row.n !== shown) {
        shown = row.n;
        w.out(`${what}: ${count(row.n)} / ${count(w.total)} invoices`);
      }
    }
    if (Date.now() - started > w.timeoutMs) {
      w.out(`demo: ${what} still running after ${w.timeoutMs / 1000} s; serving anyway`);
      return false;
    }
    await sleep(w.everyMs ?? 1000);
  }
}
