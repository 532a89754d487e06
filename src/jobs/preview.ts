// What would happen in a window, without recording anything: the planner run forward on a copy.
import { previewCustomer } from '../core/planner/index.ts';
import type { Channel, Instant } from '../core/types.ts';
import type { Db } from '../store/db.ts';
import { loadLedgers } from '../store/repos/planning.ts';
import { listFirms } from '../store/repos/firms.ts';
import { loadPlanContext } from './firm-context.ts';

export interface PreviewRow {
  firmId: string;
  firmName: string;
  customerId: string;
  customerName: string;
  date: Instant;
  kind: string;
  step: string | null;
  template: string;
  channel: Channel;
  requiresApproval: boolean;
  invoices: { id: string; number: string; currency: string; openBalance: number }[];
}

export async function preview(
  db: Db,
  opts: { at: Instant; days: number; firmId?: string | null; pageSize?: number },
): Promise<PreviewRow[]> {
  const firms = (await listFirms(db)).filter((f) => !opts.firmId || f.id === opts.firmId);
  const rows: PreviewRow[] = [];
  for (const firm of firms) {
    const ctx = await loadPlanContext(db, firm.id, opts.at.slice(0, 10));
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const page = await db.query<{ id: string }>(
        `SELECT c.id FROM customers c JOIN connections k ON k.id = c.connection_id AND k.status = 'active'
         WHERE c.firm_id = $1 AND c.active AND c.id > $2 ORDER BY c.id LIMIT $3`,
        [firm.id, after, opts.pageSize ?? 500],
      );
      if (page.length === 0) break;
      after = (page[page.length - 1] as { id: string }).id;
      for (const ledger of await loadLedgers(
        db,
        page.map((p) => p.id),
      )) {
        const invoices = new Map(ledger.invoices.map((i) => [i.id, i]));
        for (const a of previewCustomer(ledger, ctx, opts.at, opts.days)) {
          rows.push({
            firmId: firm.id,
            firmName: firm.name,
            customerId: ledger.customer.id,
            customerName: ledger.customer.name,
            date: a.dueAt,
            kind: a.kind,
            step: a.stepId,
            template: a.template,
            channel: a.channel,
            requiresApproval: a.requiresApproval,
            invoices: a.invoiceIds.map((id) => {
              const i = invoices.get(id);
              return {
                id,
                number: i?.number ?? '',
                currency: i?.currency ?? '',
                openBalance: i?.openBalance ?? 0,
              };
            }),
          });
        }
      }
    }
  }
  return rows.sort((a, b) => a.date.localeCompare(b.date) || a.customerName.localeCompare(b.customerName));
}
