// Matching a firm's customers to its HubSpot companies: every company read page by page into an
// index (domain and normalised name), every customer matched against it, the results saved (a
// person's choice is never overwritten). Runs at install and on demand.
import { listCompanies } from '../../connectors/hubspot/crm.ts';
import { CompanyIndex, type MatchResult } from '../../connectors/hubspot/matching.ts';
import type { HubSpotService } from '../../connectors/hubspot/service.ts';
import { getConnection, saveCheckpoint } from '../store/repos/connections.ts';
import { customersToMatch, saveMatches } from '../store/repos/hubspot-links.ts';

export const HUBSPOT_MATCH_JOB = 'hubspot.match';

export interface MatchSummary {
  companies: number;
  linked: number;
  ambiguous: number;
  unmatched: number;
}

export async function matchCustomers(svc: HubSpotService, connectionId: string): Promise<MatchSummary> {
  const conn = await getConnection(svc.rt.db, connectionId);
  if (!conn || conn.platform !== 'hubspot' || conn.status !== 'active')
    throw new Error(`no active HubSpot connection ${connectionId}`);
  const ctx = svc.context(conn);
  const index = new CompanyIndex();
  let companies = 0;
  for await (const page of listCompanies(svc.settings, ctx)) {
    for (const c of page) index.add(c);
    companies += page.length;
  }
  const customers = await customersToMatch(svc.rt.db, conn.firmId);
  const results: { customerId: string; result: MatchResult }[] = customers.map((c) => ({
    customerId: c.id,
    result: index.match(c),
  }));
  for (let i = 0; i < results.length; i += 1000)
    await saveMatches(svc.rt.db, conn.firmId, conn.id, results.slice(i, i + 1000));
  await saveCheckpoint(svc.rt.db, conn.id, { lastMatchAt: new Date(svc.settings.now()).toISOString() }, true);
  const count = (s: MatchResult['status']) => results.filter((r) => r.result.status === s).length;
  return { companies, linked: count('linked'), ambiguous: count('ambiguous'), unmatched: count('unmatched') };
}

/**
 * Customers that appeared since the last run (a new customer in QuickBooks or Xero) are matched by
 * a new run, at most once an hour per account: each run reads every company.
 */
export async function queueMatchingForNewCustomers(svc: HubSpotService): Promise<number> {
  const rows = await svc.rt.db.query<{ id: string }>(
    `SELECT k.id FROM connections k
     WHERE k.platform = 'hubspot' AND k.status = 'active'
       AND COALESCE((k.checkpoint->>'lastMatchAt')::timestamptz, '-infinity') < $1::timestamptz - interval '1 hour'
       AND EXISTS (SELECT 1 FROM customers c LEFT JOIN hubspot_links l ON l.customer_id = c.id
                   WHERE c.firm_id = k.firm_id AND c.active AND l.customer_id IS NULL)`,
    [new Date(svc.settings.now()).toISOString()],
  );
  for (const r of rows)
    await svc.rt.queue.add(HUBSPOT_MATCH_JOB, { connectionId: r.id }, { jobId: `hubspot-match-${r.id}` });
  return rows.length;
}
