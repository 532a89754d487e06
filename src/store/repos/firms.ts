import { countryDefaults, DEFAULT_BUSINESS_HOURS, defaultFeePolicy } from '../../core/firm-defaults.ts';
import { defaultProcedures } from '../../core/procedures.ts';
import { defaultSegments } from '../../core/segments.ts';
import type { BusinessHours, Firm, Language, Procedure, Segment, SenderIdentity } from '../../core/types.ts';
import type { Sql } from '../db.ts';
import { toFirm, toProcedure, toSegment, type FirmRow, type ProcedureRow, type SegmentRow } from '../rows.ts';
import { audit } from './audit.ts';

export interface NewFirm {
  name: string;
  country: string;
  baseCurrency?: string;
  timeZone?: string;
  language?: Language;
  businessHours?: BusinessHours;
  sender?: Partial<SenderIdentity>;
  /** New firms start in review mode: nothing is sent until the firm switches sending on. */
  reviewMode?: boolean;
}

const FIRM_COLUMNS =
  'id, name, country, base_currency, time_zone, business_hours, language, sender, review_mode, fees';

/** Creates a firm with the default procedures and segments. */
export async function createFirm(sql: Sql, input: NewFirm, actor = 'system'): Promise<Firm> {
  const country = input.country.toUpperCase();
  const d = countryDefaults(country);
  const sender: SenderIdentity = {
    name: input.sender?.name ?? input.name,
    email: input.sender?.email ?? null,
    phone: input.sender?.phone ?? null,
    address: input.sender?.address ?? null,
    iban: input.sender?.iban ?? null,
    bic: input.sender?.bic ?? null,
  };
  const [row] = await sql.query<FirmRow>(
    `INSERT INTO firms (name, country, base_currency, time_zone, business_hours, language, sender, review_mode, fees)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${FIRM_COLUMNS}`,
    [
      input.name,
      country,
      input.baseCurrency ?? d.currency,
      input.timeZone ?? d.timeZone,
      JSON.stringify(input.businessHours ?? DEFAULT_BUSINESS_HOURS),
      input.language ?? d.language,
      JSON.stringify(sender),
      input.reviewMode ?? true,
      JSON.stringify(defaultFeePolicy(country)),
    ],
  );
  const firm = toFirm(row as FirmRow);
  const procedureIds = new Map<string, string>();
  for (const p of defaultProcedures()) {
    const [pr] = await sql.query<{ id: string }>(
      `INSERT INTO procedures (firm_id, key, name, steps) VALUES ($1, $2, $3, $4) RETURNING id`,
      [firm.id, p.key, p.name, JSON.stringify(p.steps)],
    );
    procedureIds.set(p.key, (pr as { id: string }).id);
  }
  const byKey = Object.fromEntries(procedureIds) as Record<'standard' | 'gentle' | 'strict', string>;
  for (const s of defaultSegments(byKey)) {
    await sql.query(
      `INSERT INTO segments (firm_id, key, name, procedure_id, rule, position) VALUES ($1, $2, $3, $4, $5, $6)`,
      [firm.id, s.key, s.name, s.procedureId, JSON.stringify(s.rule), s.position],
    );
  }
  await audit(sql, firm.id, {
    actor,
    action: 'firm.created',
    entityType: 'firm',
    entityId: firm.id,
    details: { name: firm.name },
  });
  return firm;
}

export async function getFirm(sql: Sql, firmId: string): Promise<Firm | null> {
  if (!isUuid(firmId)) return null;
  const [row] = await sql.query<FirmRow>(`SELECT ${FIRM_COLUMNS} FROM firms WHERE id = $1`, [firmId]);
  return row ? toFirm(row) : null;
}

export async function listFirms(sql: Sql): Promise<Firm[]> {
  const rows = await sql.query<FirmRow>(`SELECT ${FIRM_COLUMNS} FROM firms ORDER BY name, created_at`);
  return rows.map(toFirm);
}

export async function findFirmsByName(sql: Sql, name: string): Promise<Firm[]> {
  const rows = await sql.query<FirmRow>(
    `SELECT ${FIRM_COLUMNS} FROM firms WHERE name = $1 ORDER BY created_at`,
    [name],
  );
  return rows.map(toFirm);
}

export async function setReviewMode(
  sql: Sql,
  firmId: string,
  reviewMode: boolean,
  actor: string,
): Promise<void> {
  await sql.query(`UPDATE firms SET review_mode = $2, updated_at = now() WHERE id = $1`, [
    firmId,
    reviewMode,
  ]);
  await audit(sql, firmId, {
    actor,
    action: reviewMode ? 'firm.sending_off' : 'firm.sending_on',
    entityType: 'firm',
    entityId: firmId,
  });
}

export async function firmProcedures(sql: Sql, firmId: string): Promise<Procedure[]> {
  const rows = await sql.query<ProcedureRow>(
    `SELECT id, key, name, steps FROM procedures WHERE firm_id = $1 ORDER BY key`,
    [firmId],
  );
  return rows.map(toProcedure);
}

export async function firmSegments(sql: Sql, firmId: string): Promise<Segment[]> {
  const rows = await sql.query<SegmentRow>(
    `SELECT id, key, name, procedure_id, rule, position FROM segments WHERE firm_id = $1 ORDER BY position`,
    [firmId],
  );
  return rows.map(toSegment);
}

/** The connection through which imported rows arrive: one per firm, keyed by the firm id. */
export async function importConnection(sql: Sql, firmId: string): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO connections (firm_id, platform, external_tenant_id, status) VALUES ($1::uuid, 'import', $2, 'active')
     ON CONFLICT (platform, external_tenant_id) DO UPDATE SET updated_at = connections.updated_at RETURNING id`,
    [firmId, firmId],
  );
  return (row as { id: string }).id;
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
