// The real express app with the panel API on an ephemeral port, over a fresh PostgreSQL database;
// helpers to make firms, users and sessions, and to call the API as the browser (cookie + CSRF)
// or as a Bearer client would.
import type { Server } from 'node:http';
import { loadConfig } from '../../src/config.ts';
import { issueSession, type Role } from '../../src/http/auth/session.ts';
import { apiRouter } from '../../src/http/api/router.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { createFirm } from '../../src/store/repos/firms.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

export interface ApiHarness {
  rt: Runtime;
  store: TestStore;
  base: string;
  close(): Promise<void>;
}

export async function startApi(env: Record<string, string> = {}): Promise<ApiHarness> {
  const store = await openTestStore('postgres');
  const cfg = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  const rt = createRuntime(cfg, store.db, createLogger('silent'));
  const app = createApp({ db: store.db, routers: [apiRouter(rt)] });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    rt,
    store,
    base: `http://127.0.0.1:${port}/api/v1`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rt.close();
      await store.drop();
    },
  };
}

export interface Actor {
  firmId: string;
  userId: string;
  role: Role;
  token: string;
  csrf: string;
}

export async function makeFirm(
  h: ApiHarness,
  name = 'Lumen & Fils',
  country = 'FR',
): Promise<{ id: string; name: string }> {
  const firm = await createFirm(h.rt.db, { name, country });
  return { id: firm.id, name: firm.name };
}

let userCounter = 0;
export async function makeUser(
  h: ApiHarness,
  firmId: string,
  role: Role,
  name = `User ${++userCounter}`,
): Promise<Actor> {
  const [row] = await h.rt.db.query<{ id: string }>(
    `INSERT INTO users (firm_id, platform, platform_user_id, email, name, role) VALUES ($1, 'quickbooks', $2, $3, $4, $5) RETURNING id`,
    [firmId, `qb-${Math.random().toString(36).slice(2)}`, `${role}@example.com`, name, role],
  );
  const userId = (row as { id: string }).id;
  const s = await issueSession(h.rt, { firmId, userId, role });
  return { firmId, userId, role, token: s.token, csrf: s.csrf };
}

export interface CallOptions {
  /** 'cookie' (the browser: cookie + X-CSRF-Token on writes), 'bearer', or 'none'. */
  as?: 'cookie' | 'bearer' | 'none';
  csrf?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely, then check them
export async function call<T = any>(
  h: ApiHarness,
  actor: Actor | null,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<CallResult<T>> {
  const as = opts.as ?? 'cookie';
  const headers: Record<string, string> = { ...opts.headers };
  if (actor && as === 'cookie') {
    headers.cookie = `relance_session=${actor.token}`;
    const csrf = opts.csrf === undefined ? actor.csrf : opts.csrf;
    if (csrf !== null && method !== 'GET') headers['x-csrf-token'] = csrf;
  }
  if (actor && as === 'bearer') headers.authorization = `Bearer ${actor.token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(h.base + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* left as text: the test says what it expected */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export interface SeededFirm {
  firmId: string;
  customers: { plain: string; html: string; quiet: string };
  invoices: { overdue1: string; overdue2: string; notDue: string; paid: string; htmlOverdue: string };
  actionId: string;
  taskId: string;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A firm with three customers: one with two overdue invoices, one not yet due and one paid (with its
 * payment); one whose name is HTML; one with nothing open. A pending reminder and an open task.
 */
export async function seedFirm(h: ApiHarness, name: string): Promise<SeededFirm> {
  const firm = await makeFirm(h, name);
  const db = h.rt.db;
  const [conn] = await db.query<{ id: string }>(
    `INSERT INTO connections (firm_id, platform, external_tenant_id) VALUES ($1, 'import', $2) RETURNING id`,
    [firm.id, firm.id],
  );
  const connId = (conn as { id: string }).id;
  const customer = async (ext: string, cname: string) => {
    const [r] = await db.query<{ id: string }>(
      `INSERT INTO customers (firm_id, connection_id, external_id, name, emails, language) VALUES ($1, $2, $3, $4, $5, 'en') RETURNING id`,
      [firm.id, connId, ext, cname, [`ap-${ext.toLowerCase()}@example.com`]],
    );
    return (r as { id: string }).id;
  };
  const plain = await customer('C1', 'Boulangeries Delcourt SAS');
  const html = await customer('C2', '<img src=x onerror=alert(1)> & <b>Co</b>');
  const quiet = await customer('C3', 'Atelier Moreau');
  const invoice = async (
    customerId: string,
    ext: string,
    dueOffset: number,
    total: number,
    status: 'open' | 'paid' = 'open',
  ) => {
    const [r] = await db.query<{ id: string }>(
      `INSERT INTO invoices (firm_id, connection_id, customer_id, external_id, number, issue_date, due_date, currency, total, open_balance, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'EUR', $8, $9, $10) RETURNING id`,
      [
        firm.id,
        connId,
        customerId,
        ext,
        `F-${ext}`,
        day(dueOffset - 30),
        day(dueOffset),
        total,
        status === 'paid' ? 0 : total,
        status,
      ],
    );
    return (r as { id: string }).id;
  };
  const overdue1 = await invoice(plain, 'I1', -40, 185_000);
  const overdue2 = await invoice(plain, 'I2', -10, 42_050);
  const notDue = await invoice(plain, 'I3', 12, 10_000);
  const paid = await invoice(plain, 'I4', -60, 50_000, 'paid');
  const htmlOverdue = await invoice(html, 'I5', -5, 7_500);
  const [pay] = await db.query<{ id: string }>(
    `INSERT INTO payments (firm_id, connection_id, customer_id, external_id, date, currency, amount) VALUES ($1, $2, $3, 'P1', $4, 'EUR', 50000) RETURNING id`,
    [firm.id, connId, plain, day(-55)],
  );
  await db.query(`INSERT INTO payment_allocations (payment_id, invoice_id, amount) VALUES ($1, $2, 50000)`, [
    (pay as { id: string }).id,
    paid,
  ]);
  const [action] = await db.query<{ id: string }>(
    `INSERT INTO actions (firm_id, customer_id, key, kind, channel, template, tone, target_date, due_at, status)
     VALUES ($1, $2, $3, 'step', 'email', 'reminder_2', 2, $4, now() + interval '2 days', 'pending') RETURNING id`,
    [firm.id, plain, `test:${plain}:reminder-2`, day(2)],
  );
  const actionId = (action as { id: string }).id;
  await db.query(`INSERT INTO action_invoices (action_id, invoice_id) VALUES ($1, $2), ($1, $3)`, [
    actionId,
    overdue1,
    overdue2,
  ]);
  const [task] = await db.query<{ id: string }>(
    `INSERT INTO tasks (firm_id, customer_id, kind, title, body, due_date, created_by) VALUES ($1, $2, 'call', 'Call Delcourt', 'Ask about F-I1', $3, 'system') RETURNING id`,
    [firm.id, plain, day(0)],
  );
  return {
    firmId: firm.id,
    customers: { plain, html, quiet },
    invoices: { overdue1, overdue2, notDue, paid, htmlOverdue },
    actionId,
    taskId: (task as { id: string }).id,
  };
}

export { day };
