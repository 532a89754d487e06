// The panel's users: one row per firm and platform user. Signing in records (or refreshes) the
// row; the first user of a firm becomes its owner, later ones controllers. Role changes keep at
// least one owner per firm, and every change is in the audit log.
import type { Db, Sql } from '../db.ts';
import { audit } from './audit.ts';
import { isUuid } from './firms.ts';

export const USER_ROLES = ['owner', 'controller', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export type UserPlatform = 'quickbooks' | 'xero' | 'hubspot';

export interface User {
  id: string;
  firmId: string;
  platform: UserPlatform;
  platformUserId: string;
  email: string | null;
  name: string;
  role: UserRole;
  createdAt: string;
  lastSeenAt: string;
}

interface Row {
  id: string;
  firm_id: string;
  platform: UserPlatform;
  platform_user_id: string;
  email: string | null;
  name: string;
  role: UserRole;
  created_at: string;
  last_seen_at: string;
}

const COLUMNS = 'id, firm_id, platform, platform_user_id, email, name, role, created_at, last_seen_at';
const toUser = (r: Row): User => ({
  id: r.id,
  firmId: r.firm_id,
  platform: r.platform,
  platformUserId: r.platform_user_id,
  email: r.email,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
});

export interface SignedInUser {
  firmId: string;
  platform: UserPlatform;
  platformUserId: string;
  email: string | null;
  name: string | null;
}

/**
 * Records a sign-in: a known user gets its e-mail and name refreshed and `last_seen_at` moved; a new
 * one is created as owner when the firm has no user yet, else as controller. The firm row is locked
 * so that two first sign-ins at once do not both become owner.
 */
export async function recordSignIn(db: Db, input: SignedInUser): Promise<{ user: User; created: boolean }> {
  return db.tx(async (sql) => {
    await sql.query(`SELECT id FROM firms WHERE id = $1 FOR UPDATE`, [input.firmId]);
    const name = input.name?.trim() || input.email || input.platformUserId;
    const [known] = await sql.query<Row>(
      `UPDATE users SET email = COALESCE($4, email), name = $5, last_seen_at = now()
       WHERE firm_id = $1 AND platform = $2 AND platform_user_id = $3 RETURNING ${COLUMNS}`,
      [input.firmId, input.platform, input.platformUserId, input.email, name],
    );
    if (known) return { user: toUser(known), created: false };
    const [row] = await sql.query<Row>(
      `INSERT INTO users (firm_id, platform, platform_user_id, email, name, role)
       VALUES ($1, $2, $3, $4, $5,
         CASE WHEN EXISTS (SELECT 1 FROM users WHERE firm_id = $1) THEN 'controller' ELSE 'owner' END)
       RETURNING ${COLUMNS}`,
      [input.firmId, input.platform, input.platformUserId, input.email, name],
    );
    const user = toUser(row as Row);
    await audit(sql, input.firmId, {
      actor: `user:${user.id}`,
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      details: { platform: user.platform, role: user.role },
    });
    return { user, created: true };
  });
}

export async function listUsers(sql: Sql, firmId: string): Promise<User[]> {
  const rows = await sql.query<Row>(
    `SELECT ${COLUMNS} FROM users WHERE firm_id = $1 ORDER BY created_at, id`,
    [firmId],
  );
  return rows.map(toUser);
}

/** The user with this id in this firm; another firm's user is not found. */
export async function getUser(sql: Sql, firmId: string, userId: string): Promise<User | null> {
  if (!isUuid(userId)) return null;
  const [row] = await sql.query<Row>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND firm_id = $2`, [
    userId,
    firmId,
  ]);
  return row ? toUser(row) : null;
}

/** The same person (platform and platform user id) as this user, in another firm, if a member. */
export async function findMembership(sql: Sql, userId: string, firmId: string): Promise<User | null> {
  if (!isUuid(userId) || !isUuid(firmId)) return null;
  const [row] = await sql.query<Row>(
    `SELECT ${COLUMNS.split(', ')
      .map((c) => `m.${c}`)
      .join(', ')}
     FROM users u JOIN users m ON m.platform = u.platform AND m.platform_user_id = u.platform_user_id
     WHERE u.id = $1 AND m.firm_id = $2`,
    [userId, firmId],
  );
  return row ? toUser(row) : null;
}

/** Every firm this person belongs to (through the same platform identity), with their role there. */
export async function membershipsOf(
  sql: Sql,
  userId: string,
): Promise<{ firmId: string; firmName: string; userId: string; role: UserRole }[]> {
  if (!isUuid(userId)) return [];
  return sql.query(
    `SELECT m.firm_id AS "firmId", f.name AS "firmName", m.id AS "userId", m.role
     FROM users u
     JOIN users m ON m.platform = u.platform AND m.platform_user_id = u.platform_user_id
     JOIN firms f ON f.id = m.firm_id
     WHERE u.id = $1 ORDER BY f.name, m.firm_id`,
    [userId],
  );
}

export type RoleChange = { ok: true; user: User } | { ok: false; error: 'not_found' | 'last_owner' };

/**
 * Sets a user's role. The firm's owners are locked first, so two owners demoting each other at once
 * cannot leave the firm without one.
 */
export async function setUserRole(
  db: Db,
  firmId: string,
  userId: string,
  role: UserRole,
  actor: string,
): Promise<RoleChange> {
  if (!isUuid(userId)) return { ok: false, error: 'not_found' };
  return db.tx(async (sql) => {
    await sql.query(`SELECT id FROM firms WHERE id = $1 FOR UPDATE`, [firmId]);
    const [current] = await sql.query<Row>(`SELECT ${COLUMNS} FROM users WHERE id = $1 AND firm_id = $2`, [
      userId,
      firmId,
    ]);
    if (!current) return { ok: false, error: 'not_found' } as const;
    if (current.role === role) return { ok: true, user: toUser(current) } as const;
    if (current.role === 'owner') {
      const [others] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM users WHERE firm_id = $1 AND role = 'owner' AND id <> $2`,
        [firmId, userId],
      );
      if ((others?.n ?? 0) === 0) return { ok: false, error: 'last_owner' } as const;
    }
    const [row] = await sql.query<Row>(
      `UPDATE users SET role = $3 WHERE id = $1 AND firm_id = $2 RETURNING ${COLUMNS}`,
      [userId, firmId, role],
    );
    await audit(sql, firmId, {
      actor,
      action: 'user.role_changed',
      entityType: 'user',
      entityId: userId,
      details: { from: current.role, to: role },
    });
    return { ok: true, user: toUser(row as Row) } as const;
  });
}
