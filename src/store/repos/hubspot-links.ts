// Customer ↔ HubSpot company links: saved from a matching run (never over a person's choice), listed
// by status for the panel, set by hand, and read back to map a card's company to its customer.
import type { MatchResult } from '../../../connectors/hubspot/matching.ts';
import type { Sql } from '../db.ts';
import { audit } from './audit.ts';

export type LinkStatus = 'linked' | 'ambiguous' | 'unmatched';

export interface CompanyRef {
  id: string;
  name: string | null;
  domain: string | null;
}

export interface CustomerLink {
  customerId: string;
  customerName: string;
  emails: string[];
  status: LinkStatus;
  method: 'domain' | 'name' | 'manual' | null;
  company: CompanyRef | null;
  candidates: CompanyRef[];
  updatedAt: string;
}

export async function customersToMatch(
  sql: Sql,
  firmId: string,
): Promise<{ id: string; name: string; emails: string[] }[]> {
  return sql.query(
    `SELECT c.id, c.name, c.emails FROM customers c
     JOIN connections k ON k.id = c.connection_id AND k.platform <> 'hubspot'
     WHERE c.firm_id = $1 AND c.active ORDER BY c.name, c.id`,
    [firmId],
  );
}

/** Saves a matching run. Rows a person set (method 'manual') are left as they are. */
export async function saveMatches(
  sql: Sql,
  firmId: string,
  connectionId: string,
  results: { customerId: string; result: MatchResult }[],
): Promise<void> {
  if (results.length === 0) return;
  const rows = results.map(({ customerId, result: r }) => ({
    customer_id: customerId,
    status: r.status,
    method: r.status === 'unmatched' ? null : r.method,
    company_id: r.status === 'linked' ? r.company.id : null,
    company_name: r.status === 'linked' ? r.company.name : null,
    owner_id: r.status === 'linked' ? r.company.ownerId : null,
    candidates:
      r.status === 'ambiguous'
        ? r.candidates.map((c) => ({ id: c.id, name: c.name, domain: c.domains[0] ?? null }))
        : [],
  }));
  await sql.query(
    `INSERT INTO hubspot_links (customer_id, firm_id, connection_id, status, method, company_id, company_name, owner_id, candidates)
     SELECT r.customer_id, $1, $2, r.status, r.method, r.company_id, r.company_name, r.owner_id, r.candidates
     FROM jsonb_to_recordset($3::jsonb) AS r(customer_id uuid, status text, method text, company_id text,
       company_name text, owner_id text, candidates jsonb)
     JOIN customers c ON c.id = r.customer_id AND c.firm_id = $1
     ON CONFLICT (customer_id) DO UPDATE SET connection_id = EXCLUDED.connection_id, status = EXCLUDED.status,
       method = EXCLUDED.method, company_id = EXCLUDED.company_id, company_name = EXCLUDED.company_name,
       owner_id = EXCLUDED.owner_id, candidates = EXCLUDED.candidates,
       contact_checked = hubspot_links.contact_checked AND hubspot_links.company_id IS NOT DISTINCT FROM EXCLUDED.company_id,
       updated_at = now()
     WHERE hubspot_links.method IS DISTINCT FROM 'manual'
       AND (hubspot_links.status, hubspot_links.company_id, hubspot_links.owner_id, hubspot_links.candidates)
           IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.company_id, EXCLUDED.owner_id, EXCLUDED.candidates)`,
    [firmId, connectionId, JSON.stringify(rows)],
  );
}

interface LinkRow {
  customer_id: string;
  customer_name: string;
  emails: string[];
  status: LinkStatus | null;
  method: CustomerLink['method'];
  company_id: string | null;
  company_name: string | null;
  candidates: CompanyRef[] | null;
  updated_at: string | null;
}

export async function listLinks(
  sql: Sql,
  firmId: string,
  status: LinkStatus | null,
): Promise<CustomerLink[]> {
  // A customer with no row yet (never matched) counts as unmatched.
  const rows = await sql.query<LinkRow>(
    `SELECT c.id AS customer_id, c.name AS customer_name, c.emails, l.status, l.method, l.company_id,
            l.company_name, l.candidates, l.updated_at
     FROM customers c JOIN connections k ON k.id = c.connection_id AND k.platform <> 'hubspot'
     LEFT JOIN hubspot_links l ON l.customer_id = c.id
     WHERE c.firm_id = $1 AND c.active AND ($2::text IS NULL OR COALESCE(l.status, 'unmatched') = $2)
     ORDER BY c.name, c.id`,
    [firmId, status],
  );
  return rows.map((r) => ({
    customerId: r.customer_id,
    customerName: r.customer_name,
    emails: r.emails,
    status: r.status ?? 'unmatched',
    method: r.method,
    company: r.company_id ? { id: r.company_id, name: r.company_name, domain: null } : null,
    candidates: r.candidates ?? [],
    updatedAt: r.updated_at ? new Date(r.updated_at).toISOString() : new Date(0).toISOString(),
  }));
}

/** A person's choice: this company, or none. Returns false when the customer is not the firm's. */
export async function setManualLink(
  sql: Sql,
  firmId: string,
  connectionId: string,
  customerId: string,
  company: { id: string; name: string | null; ownerId: string | null } | null,
  actor: string,
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO hubspot_links (customer_id, firm_id, connection_id, status, method, company_id, company_name, owner_id)
     SELECT c.id, $1, $3, $4, 'manual', $5, $6, $7 FROM customers c WHERE c.id = $2 AND c.firm_id = $1
     ON CONFLICT (customer_id) DO UPDATE SET connection_id = EXCLUDED.connection_id, status = EXCLUDED.status,
       method = 'manual', company_id = EXCLUDED.company_id, company_name = EXCLUDED.company_name,
       owner_id = EXCLUDED.owner_id, candidates = '[]', contact_id = NULL, contact_checked = false,
       properties_sent = NULL, updated_at = now()
     RETURNING customer_id`,
    [
      firmId,
      customerId,
      connectionId,
      company ? 'linked' : 'unmatched',
      company?.id ?? null,
      company?.name ?? null,
      company?.ownerId ?? null,
    ],
  );
  if (rows.length === 0) return false;
  await audit(sql, firmId, {
    actor,
    action: 'hubspot.link_set',
    entityType: 'customer',
    entityId: customerId,
    details: { companyId: company?.id ?? null },
  });
  return true;
}

/** The firm and customer a card's portal and company stand for, or null when not linked. */
export async function customerForCompany(
  sql: Sql,
  portalId: string,
  companyId: string,
): Promise<{ firmId: string; customerId: string; connectionId: string } | null> {
  const [row] = await sql.query<{ firm_id: string; customer_id: string; connection_id: string }>(
    `SELECT l.firm_id, l.customer_id, l.connection_id FROM connections k
     JOIN hubspot_links l ON l.connection_id = k.id AND l.status = 'linked' AND l.company_id = $2
     JOIN customers c ON c.id = l.customer_id
     WHERE k.platform = 'hubspot' AND k.external_tenant_id = $1 AND k.status = 'active'
     ORDER BY c.name, c.id LIMIT 1`,
    [portalId, companyId],
  );
  return row ? { firmId: row.firm_id, customerId: row.customer_id, connectionId: row.connection_id } : null;
}

export async function saveContact(sql: Sql, customerId: string, contactId: string | null): Promise<void> {
  await sql.query(`UPDATE hubspot_links SET contact_id = $2, contact_checked = true WHERE customer_id = $1`, [
    customerId,
    contactId,
  ]);
}
