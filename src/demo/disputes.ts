// Disputes are not in the platforms' books: a credit controller records them in Relance when a
// customer objects. A new demo firm gets a few, on the overdue invoices of the customers most prone
// to object (chosen from their ids, so the same ones every time), recorded the way the panel does.
import { DISPUTE_REASONS } from '../core/decisions.ts';
import type { Db } from '../store/db.ts';
import { openDispute } from '../store/repos/decisions.ts';

const REASONS: Record<(typeof DISPUTE_REASONS)[number], string[]> = {
  quality: ['Goods arrived damaged; photos sent on request.', 'Work not finished as agreed.'],
  wrong_invoice: ['Billed twice for the same delivery.', 'Price differs from the signed quote.'],
  cannot_pay: ['Cash-flow problem until their own customer pays.'],
  other: ['Waiting for a purchase order number from their head office.'],
};

export async function openDemoDisputes(
  db: Db,
  firmId: string,
  connectionId: string,
  count: number,
): Promise<number> {
  const invoices = await db.query<{ id: string }>(
    `SELECT DISTINCT ON (i.customer_id) i.id, md5(c.external_id) AS pick
       FROM invoices i JOIN customers c ON c.id = i.customer_id
      WHERE i.connection_id = $1 AND i.status = 'open' AND NOT i.disputed AND i.due_date < CURRENT_DATE - 10
      ORDER BY i.customer_id, i.due_date, i.id`,
    [connectionId],
  );
  const chosen = invoices
    .map((r) => r as { id: string; pick: string })
    .sort((a, b) => (a.pick < b.pick ? -1 : a.pick > b.pick ? 1 : 0))
    .slice(0, count);
  const codes = Object.keys(REASONS) as (keyof typeof REASONS)[];
  let opened = 0;
  for (const [k, inv] of chosen.entries()) {
    const reasonCode = codes[k % codes.length] as keyof typeof REASONS;
    const texts = REASONS[reasonCode];
    await openDispute(db, firmId, 'demo', {
      invoiceId: inv.id,
      reasonCode,
      reason: texts[Math.floor(k / codes.length) % texts.length],
    });
    opened++;
  }
  return opened;
}
