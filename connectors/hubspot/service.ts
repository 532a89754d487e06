// What HubSpot's routes and jobs share: the settings, the connector, the shared limiter (110 per 10 s
// per account, in Redis when there is one) and a context for a connection or a firm's connection.
import type { ConnectionContext, Connector } from '../sdk/connector.ts';
import type { RateLimiter } from '../sdk/rate-limiter.ts';
import { connectionContext } from '../../src/jobs/sync.ts';
import type { Runtime } from '../../src/runtime.ts';
import {
  firmConnections,
  getConnection,
  tokenAccess,
  type Connection,
} from '../../src/store/repos/connections.ts';
import { HUBSPOT_LIMITS, type HubSpotSettings } from './settings.ts';

export interface HubSpotService {
  rt: Runtime;
  settings: HubSpotSettings;
  connector: Connector;
  limiter: RateLimiter;
  context(connection: Connection): ConnectionContext;
  /** The firm's active HubSpot connection, if it has one. */
  firmConnection(firmId: string): Promise<Connection | null>;
  contextFor(connectionId: string): Promise<ConnectionContext | null>;
}

export function hubspotService(rt: Runtime, settings: HubSpotSettings, connector: Connector): HubSpotService {
  const limiter = rt.limiter('hubspot', HUBSPOT_LIMITS);
  const context = (conn: Connection): ConnectionContext => ({
    ...connectionContext(rt, connector, conn, limiter),
    tokens: tokenAccess(rt.db, rt.cipher, conn.id, (t) => connector.refreshTokens(t), {
      skewMs: settings.refreshSkewMs,
      now: settings.now,
    }),
  });
  return {
    rt,
    settings,
    connector,
    limiter,
    context,
    async firmConnection(firmId) {
      const all = await firmConnections(rt.db, firmId);
      return all.find((c) => c.platform === 'hubspot' && c.status === 'active') ?? null;
    },
    async contextFor(connectionId) {
      const conn = await getConnection(rt.db, connectionId);
      return conn && conn.platform === 'hubspot' && conn.status === 'active' ? context(conn) : null;
    },
  };
}
