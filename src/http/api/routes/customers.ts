// GET /customers (filter, search, sort, page) and GET /customers/:id (the customer's page).
import { z } from 'zod';
import { previewCustomer } from '../../../core/planner/index.ts';
import { loadLedgers } from '../../../store/repos/planning.ts';
import { customerPage } from '../../../store/repos/panel/customer-page.ts';
import { listCustomers } from '../../../store/repos/panel/customers.ts';
import { stepLabel } from '../../../store/repos/panel/labels.ts';
import { firmToday, planContext, plannedFrom, PLANNED_DAYS } from '../context.ts';
import { notFound } from '../errors.ts';
import { route } from '../route.ts';
import { customerResponse, customersQuery, customersResponse, type CustomerResponse } from '../schemas.ts';

export const idParams = z.object({ id: z.uuid() });

export const customerRoutes = [
  route({
    method: 'get',
    path: '/customers',
    tag: 'customers',
    summary: 'Customers: search (q), filter (segment, status), sort and page',
    query: customersQuery,
    response: customersResponse,
    async handler({ rt, session, query }) {
      const firmId = session.firmId;
      const asOf = await firmToday(rt, firmId);
      const { items, total } = await listCustomers(rt.db, firmId, asOf, query);
      // Customers with something open and nothing recorded yet: what the planner would do next.
      const missing = items.filter((i) => !i.nextAction && !i.paused && i.openBalance > 0);
      if (missing.length > 0) {
        const ctx = await planContext(rt, firmId);
        const now = new Date().toISOString();
        for (const ledger of await loadLedgers(
          rt.db,
          missing.map((m) => m.id),
        )) {
          if (ledger.customer.firmId !== firmId) continue;
          const next = previewCustomer(ledger, ctx, now, PLANNED_DAYS)[0];
          const item = missing.find((m) => m.id === ledger.customer.id);
          if (next && item)
            item.nextAction = { date: next.dueAt, label: stepLabel(next.template), channel: next.channel };
        }
      }
      return { items, page: query.page, pageSize: query.pageSize, total };
    },
  }),
  route({
    method: 'get',
    path: '/customers/:id',
    tag: 'customers',
    summary: 'One customer: balances, aging, invoices, timeline, the next planned actions',
    params: idParams,
    response: customerResponse,
    async handler({ rt, session, params }): Promise<CustomerResponse> {
      const firmId = session.firmId;
      const [ctx, asOf] = await Promise.all([planContext(rt, firmId), firmToday(rt, firmId)]);
      const page = await customerPage(rt.db, firmId, params.id, asOf);
      if (!page) throw notFound('customer');
      const planned = plannedFrom(ctx, page.pending, page.ledger);
      return {
        customer: page.customer,
        balances: page.balances,
        aging: page.aging,
        invoices: page.invoices,
        timeline: page.timeline,
        nextAction: planned[0] ?? null,
        planned,
      };
    },
  }),
];
