// GET /overview: the firm at a glance (aged balance, DSO, CEI, recovery, problem cases, connections).
// Whole-ledger aggregates: the answer is kept per firm for 30 s (served while a fresh one is made)
// and dropped on every write through the API.
import type { Runtime } from '../../../runtime.ts';
import { listCustomers } from '../../../store/repos/panel/customers.ts';
import { brokenPromises, connectionStates, firmMeasures } from '../../../store/repos/panel/overview.ts';
import { caches, firmToday, planContext } from '../context.ts';
import { route } from '../route.ts';
import { overviewResponse, type OverviewResponse } from '../schemas.ts';

/** A measure in the firm's base currency, else in the currency with the most open. */
function pick<T>(m: Map<string, T>, base: string, order: string[]): T | null {
  if (m.has(base)) return m.get(base) as T;
  for (const c of order) if (m.has(c)) return m.get(c) as T;
  const first = m.values().next();
  return first.done ? null : first.value;
}

async function computeOverview(rt: Runtime, firmId: string): Promise<OverviewResponse> {
  const [ctx, asOf] = await Promise.all([planContext(rt, firmId), firmToday(rt, firmId)]);
  const [m, biggest, broken, connections] = await Promise.all([
    firmMeasures(rt.db, firmId, asOf),
    listCustomers(rt.db, firmId, asOf, {
      status: 'overdue',
      sort: 'overdue',
      order: 'desc',
      page: 1,
      pageSize: 5,
    }),
    brokenPromises(rt.db, firmId, asOf),
    connectionStates(rt.db, firmId),
  ]);
  const order = m.aging.map((a) => a.currency);
  const base = ctx.firm.baseCurrency;
  return {
    asOf,
    aging: m.aging,
    dso: pick(m.dso, base, order),
    cei: pick(m.cei, base, order),
    recoveryRate: pick(m.recovery, base, order),
    problems: {
      biggestOverdue: biggest.items.filter((s) => s.overdue > 0),
      brokenPromises: broken,
      worseningPayers: m.worsening,
    },
    connections,
  };
}

export const overviewRoutes = [
  route({
    method: 'get',
    path: '/overview',
    tag: 'overview',
    summary:
      'Aged balance per currency, DSO (count-back), CEI and recovery rate over the last 90 days, problem cases, connections',
    response: overviewResponse,
    async handler({ rt, session }): Promise<OverviewResponse> {
      return (await caches(rt).overview.get(session.firmId, () =>
        computeOverview(rt, session.firmId),
      )) as OverviewResponse;
    },
  }),
];
