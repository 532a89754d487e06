// Relance with both platform modules and the panel API, against the QuickBooks and Xero sandboxes,
// on an ephemeral port that is also its PUBLIC_URL, so that a client following redirects goes from
// the sign-in URL through the sandbox's consent to the callback and into the panel. The client is a
// small browser: it follows redirects one by one, keeps the app's cookies and sends them back.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { quickbooksModule } from '../../connectors/quickbooks/module.ts';
import {
  startQuickBooksSandbox,
  type RunningQuickBooksSandbox,
  type SandboxOptions,
} from '../../connectors/quickbooks/sandbox/index.ts';
import { startXeroSandbox, type RunningXeroSandbox } from '../../connectors/xero/sandbox/index.ts';
import type { XeroSandboxOptions } from '../../connectors/xero/sandbox/sandbox-state.ts';
import { xeroModule } from '../../connectors/xero/module.ts';
import { loadConfig } from '../../src/config.ts';
import { apiRouter } from '../../src/http/api/router.ts';
import { createApp } from '../../src/http/app.ts';
import { createInProcessQueue } from '../../src/jobs/queue.ts';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

export interface AuthHarness {
  qbo: RunningQuickBooksSandbox;
  xero: RunningXeroSandbox;
  store: TestStore;
  rt: Runtime;
  url: string;
  close(): Promise<void>;
}

export async function startAuthHarness(
  opts: { quickbooks?: SandboxOptions; xero?: XeroSandboxOptions } = {},
): Promise<AuthHarness> {
  const qbo = await startQuickBooksSandbox({
    webhooks: { url: 'http://127.0.0.1:9/unused', autoDeliver: false },
    ...opts.quickbooks,
  });
  const xero = await startXeroSandbox({ limits: false, webhookDeliveryDelayMs: 0, ...opts.xero });
  const store = await openTestStore('postgres');
  // The app listens first so that its address can be its PUBLIC_URL (the OAuth redirect URIs).
  let handler: ReturnType<typeof createApp> | null = null;
  const { createServer } = await import('node:http');
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cfg = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: url,
    RELANCE_DATA_DIR: store.dataDir,
    RELANCE_ENCRYPTION_KEY: 'cd'.repeat(32),
    QUICKBOOKS_CLIENT_ID: qbo.state.options.clientId,
    QUICKBOOKS_CLIENT_SECRET: qbo.state.options.clientSecret,
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: qbo.state.options.webhookVerifierToken,
    QUICKBOOKS_API_BASE: qbo.urls.apiBase,
    QUICKBOOKS_AUTHORIZE_URL: qbo.urls.authorize,
    QUICKBOOKS_TOKEN_URL: qbo.urls.token,
    QUICKBOOKS_REVOKE_URL: qbo.urls.revoke,
    QUICKBOOKS_USERINFO_URL: qbo.urls.userinfo,
    XERO_CLIENT_ID: xero.state.identity.options.clientId,
    XERO_CLIENT_SECRET: xero.state.identity.options.clientSecret,
    XERO_API_BASE: xero.apiUrl,
    XERO_AUTHORIZE_URL: `${xero.url}/identity/connect/authorize`,
    XERO_TOKEN_URL: `${xero.url}/connect/token`,
    XERO_CONNECTIONS_URL: `${xero.url}/connections`,
  });
  // No job handlers: the syncs a connection queues wait, as nothing here needs the books.
  const rt = createRuntime(cfg, store.db, createLogger('silent'), createInProcessQueue());
  const qb = quickbooksModule(rt, { timeoutMs: 2000, retry: { retries: 1, baseMs: 5, maxMs: 20 } });
  const xm = xeroModule(rt, { retry: { sleep: async () => undefined, baseMs: 1 }, timeoutMs: 2000 });
  handler = createApp({ db: store.db, routers: [apiRouter(rt), qb.router, xm.router] });
  return {
    qbo,
    xero,
    store,
    rt,
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await rt.close();
      await qbo.close();
      await xero.close();
      await store.drop();
    },
  };
}

export interface Visit {
  status: number;
  /** The last URL reached (after every redirect). */
  url: string;
  /** Every URL visited, in order. */
  chain: string[];
  text: string;
  json<T = Record<string, unknown>>(): T;
}

/** A browser-like client: follows redirects by hand, keeps the cookies each origin sets. */
export class Browser {
  readonly cookies = new Map<string, Map<string, string>>();

  cookie(origin: string, name: string): string | undefined {
    return this.cookies.get(origin)?.get(name);
  }

  private cookieHeader(url: URL): string | undefined {
    const jar = this.cookies.get(url.origin);
    if (!jar || jar.size === 0) return undefined;
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(url: URL, res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const jar = this.cookies.get(url.origin) ?? new Map<string, string>();
      const expired = attrs.some(
        (a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a),
      );
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
      this.cookies.set(url.origin, jar);
    }
  }

  async request(
    input: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string>; follow?: boolean } = {},
  ): Promise<Visit> {
    let url = new URL(input);
    const chain = [url.toString()];
    let method = init.method ?? 'GET';
    let body = init.body === undefined ? undefined : JSON.stringify(init.body);
    for (let hop = 0; hop < 20; hop++) {
      const headers: Record<string, string> = {
        accept: 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8',
        ...init.headers,
      };
      const cookie = this.cookieHeader(url);
      if (cookie) headers.cookie = cookie;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url, { method, headers, body, redirect: 'manual' });
      this.keep(url, res);
      const location = res.headers.get('location');
      if (init.follow !== false && res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        url = new URL(location, url);
        chain.push(url.toString());
        method = 'GET';
        body = undefined;
        continue;
      }
      const text = await res.text();
      return {
        status: res.status,
        url: url.toString(),
        chain,
        text,
        json: <T>() => JSON.parse(text) as T,
      };
    }
    throw new Error(`too many redirects from ${input}`);
  }

  get(url: string, headers?: Record<string, string>): Promise<Visit> {
    return this.request(url, { headers });
  }

  /** An API call with the cookie session and its CSRF token. */
  async api(
    base: string,
    method: string,
    path: string,
    body?: unknown,
    csrf?: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const v = await this.request(`${base}/api/v1${path}`, {
      method,
      body,
      headers: { accept: 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      follow: false,
    });
    return { status: v.status, body: v.text ? v.json() : {} };
  }
}

/**
 * Signs in through `startPath` (e.g. /signin/xero), adding sandbox parameters to the platform's
 * consent URL (who signs in, which companies), and follows everything to the end.
 */
export async function signInThrough(
  browser: Browser,
  appUrl: string,
  startPath: string,
  consentParams: Record<string, string> = {},
): Promise<Visit> {
  const first = await fetch(`${appUrl}${startPath}`, { redirect: 'manual' });
  let consent = new URL(first.headers.get('location') as string, appUrl);
  // A launch may first send an unknown company to /connect: follow our own redirects by hand.
  while (consent.origin === appUrl) {
    const again = await fetch(consent, { redirect: 'manual' });
    consent = new URL(again.headers.get('location') as string, appUrl);
  }
  for (const [k, v] of Object.entries(consentParams)) consent.searchParams.set(k, v);
  const visit = await browser.get(consent.toString());
  return { ...visit, chain: [`${appUrl}${startPath}`, ...visit.chain] };
}

/** The session the panel API reports for this browser. */
export async function currentSession(browser: Browser, appUrl: string) {
  return browser.api(appUrl, 'GET', '/session') as Promise<{
    status: number;
    body: {
      firm: { id: string; name: string };
      user: { id: string; name: string | null; email: string | null; role: string };
      csrfToken: string;
    } & Record<string, unknown>;
  }>;
}
