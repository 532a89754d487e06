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
