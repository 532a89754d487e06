// Firm isolation, roles, CSRF and robustness, for every route the router serves (the list comes
// from the router itself): another firm's ids answer 404 and change nothing; a viewer cannot act;
// a cookie write without the CSRF header is refused; fuzzed query strings and bodies never get a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../src/http/api/router.ts';
import type { RouteDef } from '../../src/http/api/route.ts';
import {
  call,
  day,
  makeUser,
  seedFirm,
  startApi,
  type Actor,
  type ApiHarness,
  type SeededFirm,
} from './harness.ts';

let h: ApiHarness;
let a: SeededFirm;
let b: SeededFirm;
let owner: Actor;
let viewer: Actor;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startApi();
  a = await seedFirm(h, 'Firm A');
  b = await seedFirm(h, 'Firm B');
  owner = await makeUser(h, a.firmId, 'owner');
  viewer = await makeUser(h, a.firmId, 'viewer');
  const q = (sql: string, p: unknown[]) => h.rt.db.query<{ id: string }>(sql, p).then((r) => r[0]!.id);
  ids.customers = b.customers.plain;
  ids.invoices = b.invoices.overdue1;
  ids.actions = b.actionId;
  ids.tasks = b.taskId;
  ids.disputes = await q(
    `INSERT INTO disputes (firm_id, customer_id, invoice_id, reason_code, reason, opened_by) VALUES ($1, $2, $3, 'other', 'x', 'test') RETURNING id`,
    [b.firmId, b.customers.plain, b.invoices.overdue2],
  );
  ids.procedures = await q(`SELECT id FROM procedures WHERE firm_id = $1 LIMIT 1`, [b.firmId]);
  ids.users = (await makeUser(h, b.firmId, 'controller')).userId;
  ids.segments = await q(`SELECT id FROM segments WHERE firm_id = $1 LIMIT 1`, [b.firmId]);
});
afterAll(async () => {
  await h.close();
});

const routes = apiRoutes();
const writes = routes.filter((r) => r.method !== 'get');
const pathFor = (r: RouteDef, id: string) =>
  r.path.replace(':id', id).replace(':template', 'reminder_1').replace(':language', 'en');

/** A body that passes the schema where the route names B's things. */
function bodyFor(r: RouteDef): unknown {
  const procedureSteps = [{ id: 'a', offsetDays: 1, channel: 'email', template: 'reminder_1', tone: 1 }];
  const byPath: Record<string, unknown> = {
    '/customers/:id/promises': { invoiceIds: [b.invoices.overdue1], promisedDate: day(5) },
    '/customers/:id/disputes': { invoiceIds: [b.invoices.overdue1], reason: 'x' },
    '/customers/:id/payment-plans': {
      invoiceIds: [b.invoices.overdue1],
      instalments: [{ date: day(5), amount: 185000 }],
    },
    '/customers/:id/notes': { text: 'x' },
    '/customers/:id/assign': { userId: null },
    '/customers/:id/segment': { segmentId: null },
    '/tasks/:id/complete': { outcome: 'done' },
    '/procedures/:id': { name: 'x', steps: procedureSteps },
    '/segments/:id': { name: 'x' },
    '/users/:id': { role: 'viewer' },
    '/templates/preview': { customerId: b.customers.plain, template: 'reminder_1', channel: 'email' },
  };
  return byPath[r.path] ?? {};
}

/** Everything firm B has, to compare before and after. */
async function snapshotB(): Promise<string> {
  const parts = await Promise.all(
    [
      'customers',
      'invoices',
      'actions',
      'disputes',
      'tasks',
      'procedures',
      'segments',
      'notes',
      'promises',
      'payment_plans',
      'audit_log',
    ].map((t) =>
      h.rt.db.query(`SELECT to_jsonb(x)::text AS j FROM ${t} x WHERE firm_id = $1 ORDER BY 1`, [b.firmId]),
    ),
  );
  return JSON.stringify(parts);
}

describe('another firm’s things', () => {
  const withIds = routes.filter((r) => r.path.includes(':id'));
  it('covers every route with an id', () => {
    expect(withIds.length).toBeGreaterThan(15);
    for (const r of withIds) expect(ids[r.path.split('/')[1] as string], r.path).toBeDefined();
  });

  it('answers 404 to reads and writes naming another firm’s ids, and changes nothing of it', async () => {
    const before = await snapshotB();
    for (const r of [...withIds, routes.find((x) => x.path === '/templates/preview')!]) {
      const id = ids[r.path.split('/')[1] as string] ?? '';
      const res = await call(
        h,
        owner,
        r.method.toUpperCase(),
        pathFor(r, id),
        r.method === 'get' ? {} : { body: bodyFor(r) },
      );
      expect(res.status, `${r.method} ${r.path}`).toBe(404);
      expect(res.body.error, r.path).toBe('not_found');
    }
    // Firm A's customer with firm B's invoices: not found either.
    const mixed = await call(h, owner, 'POST', `/customers/${a.customers.plain}/promises`, {
      body: { invoiceIds: [b.invoices.overdue1], promisedDate: day(5) },
    });
    expect(mixed.status).toBe(404);
    expect(await snapshotB()).toBe(before);
  });
});

describe('roles', () => {
  it('lets a viewer read but not act: every write answers 403 and nothing is recorded', async () => {
    const [before] = await h.rt.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE firm_id = $1`,
      [a.firmId],
    );
    // Signing out, switching firm and previewing a message change nothing of the firm's.
    const readOnly = new Set(['/session/logout', '/session/switch', '/templates/preview']);
    for (const r of writes.filter((x) => !readOnly.has(x.path))) {
      const id = r.path.startsWith('/customers')
        ? a.customers.plain
        : r.path.startsWith('/invoices')
          ? a.invoices.overdue1
          : a.actionId;
      const res = await call(h, viewer, r.method.toUpperCase(), pathFor(r, id), { body: {} });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      expect(res.body.error).toBe('forbidden');
    }
    const [after] = await h.rt.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE firm_id = $1`,
      [a.firmId],
    );
    expect(after!.n).toBe(before!.n);
    expect((await call(h, viewer, 'GET', `/customers/${a.customers.plain}`)).status).toBe(200);
  });

  it('keeps procedures, segments, templates and settings to owners', async () => {
    const controller = await makeUser(h, a.firmId, 'controller');
    for (const [method, path] of [
      ['POST', '/procedures'],
      ['PATCH', '/settings'],
      ['PUT', '/templates/reminder_1/en'],
      ['POST', '/segments'],
    ] as const) {
      const res = await call(h, controller, method, path, { body: {} });
      expect(res.status, path).toBe(403);
    }
  });
});

describe('CSRF', () => {
  it('refuses every cookie write without X-CSRF-Token, before anything else', async () => {
    for (const r of writes) {
      const res = await call(h, owner, r.method.toUpperCase(), pathFor(r, a.customers.plain), {
        body: {},
        csrf: null,
      });
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
      expect(res.body.error).toBe('csrf');
    }
  });
});

describe('HTML in names and notes', () => {
  it('comes back as JSON data, never as markup', async () => {
    const r = await call(h, owner, 'GET', `/customers/${a.customers.html}`);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body.customer.name).toBe('<img src=x onerror=alert(1)> & <b>Co</b>');
  });
});

describe('fuzzing', () => {
  const junk = fc.oneof(
    fc.string(),
    fc.constantFrom(
      '',
      '0',
      '-1',
      '1e309',
      'NaN',
      '[]',
      '{}',
      'null',
      '%00',
      '../',
      '<script>',
      "' OR 1=1 --",
      'é'.repeat(300),
    ),
  );
  const query = fc.dictionary(
    fc.constantFrom('q', 'page', 'pageSize', 'sort', 'order', 'status', 'segment', 'x[y]', 'page[]'),
    junk,
    { maxKeys: 4 },
  );
  const body = fc.oneof(
    fc.jsonValue(),
    fc.record(
      {
        invoiceIds: fc.oneof(fc.array(fc.uuid()), junk),
        promisedDate: junk,
        amount: fc.oneof(
          fc.integer(),
          fc.double(),
          junk,
          fc.record({ amount: fc.integer(), currency: junk }),
        ),
        text: junk,
        reason: junk,
        instalments: fc.array(fc.record({ date: junk, amount: fc.oneof(fc.integer(), junk) })),
        steps: fc.jsonValue(),
        userId: fc.oneof(fc.uuid(), junk, fc.constant(null)),
        outcome: junk,
      },
      { requiredKeys: [] },
    ),
  );
  const idArb = fc.oneof(
    fc.uuid(),
    junk.map((s) => encodeURIComponent(s) || 'x'),
    fc.constantFrom(a?.customers.plain ?? 'x'),
  );

  it('never answers 5xx to any route, whatever the query string, body or id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        query,
        body,
        idArb,
        fc.boolean(),
        async (r, q, bd, id, raw) => {
          const realId = id === 'x' ? a.customers.plain : id;
          const qs = new URLSearchParams(q as Record<string, string>).toString();
          const path = pathFor(r, realId) + (qs ? `?${qs}` : '');
          const res = await call(h, owner, r.method.toUpperCase(), path, {
            as: 'bearer',
            ...(r.method === 'get'
              ? {}
              : raw
                ? { rawBody: String(JSON.stringify(bd)).slice(0, -1) }
                : { body: bd }),
          });
          expect(res.status, `${r.method} ${path} ${JSON.stringify(bd)}`).toBeLessThan(500);
          if (res.status >= 400) expect(typeof res.body.error).toBe('string');
        },
      ),
      { numRuns: 300 },
    );
  });
});
