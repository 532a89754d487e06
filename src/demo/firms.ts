// The demo firms in the store: found by their sandbox realm and tenant (never by name, so a firm
// renamed in the panel is still found and never duplicated), their anchor day, and the settings a
// demo needs on first connection.
import type { Sql } from '../store/db.ts';
import { audit } from '../store/repos/audit.ts';
import { setReviewMode } from '../store/repos/firms.ts';
import type { DemoPlatform } from './connect.ts';
import { DEMO_QUICKBOOKS_REALM, DEMO_XERO_TENANT } from './sandboxes.ts';

export const DEMO_TENANTS: Record<DemoPlatform, string> = {
  quickbooks: DEMO_QUICKBOOKS_REALM,
  xero: DEMO_XERO_TENANT,
};

export interface DemoFirm {
  platform: DemoPlatform;
  firmId: string;
  name: string;
  connectionId: string;
  status: string;
  lastSyncAt: string | null;
  firmCreatedAt: string;
  customers: number;
  invoices: number;
}

export async function findDemoFirms(sql: Sql, withCounts = false): Promise<DemoFirm[]> {
  const rows = await sql.query<{
    platform: DemoPlatform;
    firm_id: string;
    name: string;
    connection_id: string;
    status: string;
    last_sync_at: string | Date | null;
    firm_created_at: string | Date;
  }>(
    `SELECT c.platform, c.firm_id, f.name, c.id AS connection_id, c.status, c.last_sync_at,
            f.created_at AS firm_created_at
       FROM connections c JOIN firms f ON f.id = c.firm_id
      WHERE (c.platform = 'quickbooks' AND c.external_tenant_id = $1)
         OR (c.platform = 'xero' AND c.external_tenant_id = $2)
      ORDER BY c.platform`,
    [DEMO_QUICKBOOKS_REALM, DEMO_XERO_TENANT],
  );
  const firms: DemoFirm[] = [];
  for (const r of rows) {
    let customers = 0;
    let invoices = 0;
    if (withCounts) {
      const [n] = await sql.query<{ customers: number; invoices: number }>(
        `SELECT (SELECT count(*)::int FROM customers WHERE connection_id = $1) AS customers,
                (SELECT count(*)::int FROM invoices WHERE connection_id = $1) AS invoices`,
        [r.connection_id],
      );
      customers = n?.customers ?? 0;
      invoices = n?.invoices ?? 0;
    }
    firms.push({
      platform: r.platform,
      firmId: r.firm_id,
      name: r.name,
      connectionId: r.connection_id,
      status: r.status,
      lastSyncAt: r.last_sync_at === null ? null : new Date(r.last_sync_at).toISOString(),
      firmCreatedAt: new Date(r.firm_created_at).toISOString(),
      customers,
      invoices,
    });
  }
  return firms;
}

/**
 * A new demo firm sends (its customers are generated, their mail goes to the catcher) and, so that
 * a newcomer sees the loop whatever the hour, its send window is every day, all day. Done once, at
 * the first connection: what a person changes afterwards in the panel stays.
 */
export async function prepareNewDemoFirm(sql: Sql, firmId: string): Promise<void> {
  await sql.query(`UPDATE firms SET business_hours = $2, updated_at = now() WHERE id = $1`, [
    firmId,
    JSON.stringify({ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }),
  ]);
  await audit(sql, firmId, {
    actor: 'demo',
    action: 'firm.settings_changed',
    entityType: 'firm',
    entityId: firmId,
    details: { businessHours: 'every day, all day (demo)' },
  });
  await setReviewMode(sql, firmId, false, 'demo');
}
