// Platform connections and their tokens. Tokens are stored encrypted; a refresh happens under the
// connection row's lock, so two workers refreshing at once serialise and the second one finds the
// first one's rotated tokens instead of spending the old refresh token again.
import type { Checkpoint, PlatformName, TokenAccess, TokenSet } from '../../../connectors/sdk/connector.ts';
import { ConnectorError } from '../../../connectors/sdk/errors.ts';
import type { TokenCipher } from '../../../connectors/sdk/token-crypto.ts';
import type { Db, Sql } from '../db.ts';
import { audit } from './audit.ts';

export type ConnectionStatus = 'active' | 'needs_reconnect' | 'disconnected';

export interface Connection {
  id: string;
  firmId: string;
  platform: PlatformName | 'import';
  externalTenantId: string;
  status: ConnectionStatus;
  tokenExpiresAt: string | null;
  checkpoint: Checkpoint | null;
  lastSyncAt: string | null;
  lastError: string | null;
}

interface Row {
  id: string;
  firm_id: string;
  platform: Connection['platform'];
  external_tenant_id: string;
  status: ConnectionStatus;
  token_expires_at: string | null;
  checkpoint: Checkpoint | null;
  last_sync_at: string | null;
  last_error: string | null;
}

const COLUMNS =
  'id, firm_id, platform, external_tenant_id, status, token_expires_at, checkpoint, last_sync_at, last_error';
const toConnection = (r: Row): Connection => ({
  id: r.id,
  firmId: r.firm_id,
  platform: r.platform,
  externalTenantId: r.external_tenant_id,
  status: r.status,
  tokenExpiresAt: r.token_expires_at,
  checkpoint: r.checkpoint,
  lastSyncAt: r.last_sync_at,
  lastError: r.last_error,
});

/** The associated data that binds an encrypted blob to its connection. */
const aad = (platform: string, tenant: string) => `${platform}:${tenant}`;

export async function findConnection(
  sql: Sql,
  platform: PlatformName,
  externalTenantId: string,
): Promise<Connection | null> {
  const [row] = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM connections WHERE platform = $1 AND external_tenant_id = $2`,
    [platform, externalTenantId],
  );
  return row ? toConnection(row) : null;
}

export async function getConnection(sql: Sql, id: string): Promise<Connection | null> {
  const [row] = await sql.query<Row>(`SELECT ${COLUMNS} FROM connections WHERE id = $1`, [id]);
  return row ? toConnection(row) : null;
}

export async function firmConnections(sql: Sql, firmId: string): Promise<Connection[]> {
  return (
    await sql.query<Row>(`SELECT ${COLUMNS} FROM connections WHERE firm_id = $1 ORDER BY created_at`, [
      firmId,
    ])
  ).map(toConnection);
}

/** Stores a fresh grant: a new connection for the firm, or the existing one reconnected. */
export async function saveGrant(
  sql: Sql,
  cipher: TokenCipher,
  g: { firmId: string; platform: PlatformName; externalTenantId: string; tokens: TokenSet },
): Promise<Connection> {
  const blob = cipher.encrypt(g.tokens, aad(g.platform, g.externalTenantId));
  const [row] = await sql.query<Row>(
    `INSERT INTO connections (firm_id, platform, external_tenant_id, status, tokens, token_expires_at)
     VALUES ($1, $2, $3, 'active', $4, $5)
     ON CONFLICT (platform, external_tenant_id) DO UPDATE SET status = 'active', tokens = EXCLUDED.tokens,
       token_expires_at = EXCLUDED.token_expires_at, last_error = NULL, updated_at = now()
     RETURNING ${COLUMNS}`,
    [g.firmId, g.platform, g.externalTenantId, blob, g.tokens.expiresAt],
  );
  const c = toConnection(row as Row);
  await audit(sql, g.firmId, {
    actor: 'system',
    action: 'connection.connected',
    entityType: 'connection',
    entityId: c.id,
    details: { platform: g.platform },
  });
  return c;
}

export async function readTokens(
  sql: Sql,
  cipher: TokenCipher,
  connectionId: string,
  lock = false,
): Promise<TokenSet> {
  const [row] = await sql.query<{
    tokens: Buffer | null;
    platform: string;
    external_tenant_id: string;
    status: ConnectionStatus;
  }>(
    `SELECT tokens, platform, external_tenant_id, status FROM connections WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [connectionId],
  );
  if (!row || !row.tokens || row.status !== 'active') {
    throw new ConnectorError(
      'auth_revoked',
      `connection ${connectionId} is not active: the firm must reconnect`,
    );
  }
  return cipher.decrypt<TokenSet>(row.tokens, aad(row.platform, row.external_tenant_id));
}

async function writeTokens(
  sql: Sql,
  cipher: TokenCipher,
  connectionId: string,
  tokens: TokenSet,
): Promise<void> {
  const [row] = await sql.query<{ platform: string; external_tenant_id: string }>(
    `SELECT platform, external_tenant_id FROM connections WHERE id = $1`,
    [connectionId],
  );
  if (!row) throw new Error(`no connection ${connectionId}`);
  await sql.query(
    `UPDATE connections SET tokens = $2, token_expires_at = $3, updated_at = now() WHERE id = $1`,
    [connectionId, cipher.encrypt(tokens, aad(row.platform, row.external_tenant_id)), tokens.expiresAt],
  );
}

/** Hard expiry or revocation: stop everything for this connection and ask the firm to reconnect. */
export async function markNeedsReconnect(sql: Sql, connectionId: string, reason: string): Promise<void> {
  const rows = await sql.query<{ firm_id: string }>(
    `UPDATE connections SET status = 'needs_reconnect', last_error = $2, updated_at = now()
     WHERE id = $1 AND status = 'active' RETURNING firm_id`,
    [connectionId, reason],
  );
  const firmId = rows[0]?.firm_id;
  if (firmId)
    await audit(sql, firmId, {
      actor: 'system',
      action: 'connection.needs_reconnect',
      entityType: 'connection',
      entityId: connectionId,
      details: { reason },
    });
}

/** Disconnected by the firm: tokens dropped, activity stopped, history kept. */
export async function markDisconnected(sql: Sql, connectionId: string, actor: string): Promise<void> {
  const rows = await sql.query<{ firm_id: string }>(
    `UPDATE connections SET status = 'disconnected', tokens = NULL, updated_at = now() WHERE id = $1 RETURNING firm_id`,
    [connectionId],
  );
  const firmId = rows[0]?.firm_id;
  if (firmId)
    await audit(sql, firmId, {
      actor,
      action: 'connection.disconnected',
      entityType: 'connection',
      entityId: connectionId,
    });
}

export async function saveCheckpoint(
  sql: Sql,
  connectionId: string,
  checkpoint: Checkpoint | null,
  finished = false,
): Promise<void> {
  await sql.query(
    `UPDATE connections SET checkpoint = $2, last_sync_at = CASE WHEN $3 THEN now() ELSE last_sync_at END, last_error = NULL, updated_at = now()
     WHERE id = $1`,
    [connectionId, checkpoint === null ? null : JSON.stringify(checkpoint), finished],
  );
}

export interface TokenAccessOptions {
  /** Refresh this long before expiry. */
  skewMs?: number;
  now?: () => number;
}

/**
 * Access tokens for one connection, refreshed ahead of expiry under the row lock; the rotated
 * refresh token is written in the same transaction. A refused refresh marks the connection
 * needs_reconnect and is not retried.
 */
export function tokenAccess(
  db: Db,
  cipher: TokenCipher,
  connectionId: string,
  refresh: (tokens: TokenSet) => Promise<TokenSet>,
  opts: TokenAccessOptions = {},
): TokenAccess {
  const skew = opts.skewMs ?? 5 * 60_000;
  const now = opts.now ?? Date.now;
  let cached: TokenSet | null = null;
  const fresh = (t: TokenSet) => Date.parse(t.expiresAt) - skew > now();

  const doRefresh = async (force: boolean): Promise<TokenSet> => {
    try {
      cached = await db.tx(async (sql) => {
        const current = await readTokens(sql, cipher, connectionId, true);
        // Another worker refreshed while we waited for the lock: use its tokens.
        if (fresh(current) && (!force || current.accessToken !== cached?.accessToken)) return current;
        const next = await refresh(current);
        await writeTokens(sql, cipher, connectionId, next);
        return next;
      });
      return cached;
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'auth_revoked') {
        await markNeedsReconnect(db, connectionId, err.message);
      }
      throw err;
    }
  };

  return {
    async accessToken() {
      if (cached && fresh(cached)) return cached.accessToken;
      cached = await readTokens(db, cipher, connectionId);
      if (fresh(cached)) return cached.accessToken;
      return (await doRefresh(false)).accessToken;
    },
    async forceRefresh() {
      return (await doRefresh(true)).accessToken;
    },
  };
}
