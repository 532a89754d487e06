import type { Sql } from '../db.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

/** Every decision a person or the system makes is kept: who, when, what. */
export async function audit(sql: Sql, firmId: string, e: AuditEntry): Promise<void> {
  await sql.query(
    `INSERT INTO audit_log (firm_id, actor, action, entity_type, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
    [firmId, e.actor, e.action, e.entityType, e.entityId ?? null, JSON.stringify(e.details ?? {})],
  );
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  details: Record<string, unknown>;
}

export async function auditTrail(sql: Sql, firmId: string, limit = 100): Promise<AuditRecord[]> {
  return sql.query<AuditRecord>(
    `SELECT id, at, actor, action, entity_type, entity_id, details FROM audit_log WHERE firm_id = $1 ORDER BY id DESC LIMIT $2`,
    [firmId, limit],
  );
}
