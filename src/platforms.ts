// The platforms a process serves: each module brings its connector, routes and jobs. The rest of
// Relance reaches a platform only through these (the pre-send check, write-backs).
import type express from 'express';
import type { ConnectionContext, Connector, PlatformName } from '../connectors/sdk/connector.ts';
import type { RateLimiter } from '../connectors/sdk/rate-limiter.ts';
import { hubspotModule } from '../connectors/hubspot/module.ts';
import { quickbooksModule } from '../connectors/quickbooks/module.ts';
import { xeroModule } from '../connectors/xero/module.ts';
import { XERO_LIMITS } from '../connectors/xero/xero-connector.ts';
import { QUICKBOOKS_LIMITS } from './jobs/quickbooks-jobs.ts';
import { connectionContext } from './jobs/sync.ts';
import type { HostBalances } from './jobs/presend-check.ts';
import type { Runtime } from './runtime.ts';
import { getConnection } from './store/repos/connections.ts';

export interface PlatformModule {
  connector: Connector;
  router: express.Router;
  registerJobs(): void;
  /** A platform with its own write-back outbox drains it here (after the hosts' write-backs). */
  drainWriteBacks?(
    now: () => string,
  ): Promise<{ done: number; skipped: number; retried: number; failed: number }>;
}

export interface Platforms {
  modules: PlatformModule[];
  /** A connection's context for calls outside its own jobs, or null for sources with no API (imports). */
  context(connectionId: string): Promise<{ connector: Connector; ctx: ConnectionContext } | null>;
  hostBalances: HostBalances;
}

export function loadPlatforms(rt: Runtime): Platforms {
  const modules: PlatformModule[] = [quickbooksModule(rt), xeroModule(rt), hubspotModule(rt)];
  const limiters = new Map<PlatformName, RateLimiter>([
    ['quickbooks', rt.limiter('quickbooks', QUICKBOOKS_LIMITS)],
    ['xero', rt.limiter('xero', XERO_LIMITS)],
  ]);
  for (const m of modules) rt.connectors.set(m.connector.platform, m.connector);

  const context: Platforms['context'] = async (connectionId) => {
    const conn = await getConnection(rt.db, connectionId);
    if (!conn || conn.platform === 'import') return null;
    const connector = rt.connectors.get(conn.platform);
    const limiter = limiters.get(conn.platform);
    if (!connector || !limiter) return null;
    return { connector, ctx: connectionContext(rt, connector, conn, limiter) };
  };
  return {
    modules,
    context,
    hostBalances: (conn, externalIds) => {
      if (conn.platform === 'import') return null;
      return context(conn.connectionId).then((c) =>
        c ? c.connector.refetchOpenBalance(c.ctx, externalIds) : new Map(),
      );
    },
  };
}
