// A real Relance for the browser tests: the QuickBooks sandbox with a small hand-built ledger dated
// around today, a fresh PostgreSQL database, the app as `relance serve` wires it (platform routes,
// the panel API, the web panel) on an ephemeral port, and headless Chromium driven by playwright-core.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import {
  startQuickBooksSandbox,
  type RunningQuickBooksSandbox,
} from '../../connectors/quickbooks/sandbox/index.ts';
import { quickbooksModule, type QuickBooksModule } from '../../connectors/quickbooks/module.ts';
import { loadConfig } from '../../src/config.ts';
import { addDays } from '../../src/core/dates.ts';
import { apiRouter } from '../../src/http/api/router.ts';
import { createApp } from '../../src/http/app.ts';
import { createInProcessQueue } from '../../src/jobs/queue.ts';
import { createLogger } from '../../src/logger.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { openTestStore, type TestStore } from '../support/stores.ts';

// The browser's globals, as the functions run inside the page by page.evaluate use them (this file is
// type-checked with Node's libraries, not the DOM's).
interface DomElement {
  textContent: string | null;
  outerHTML: string;
  labels?: ArrayLike<DomElement> | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  matches(selector: string): boolean;
  getBoundingClientRect(): { width: number; height: number };
  blur?(): void;
}
declare const document: {
  activeElement: DomElement | null;
  addEventListener(type: 'focusin', listener: (e: { target: DomElement | null }) => void): void;
  body: DomElement;
  getElementById(id: string): DomElement | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement> & Iterable<DomElement>;
};

export const SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../artifacts/screenshots',
);

/** A customer name with markup in it: the panel must show it as text. */
export const TRICKY_NAME = 'Atelier <b>Nord</b> & Fils';
export const PLAIN_NAME = 'Boulangerie Sud';

export interface PanelHarness {
  appUrl: string;
  sandbox: RunningQuickBooksSandbox;
  store: TestStore;
  rt: Runtime;
  qb: QuickBooksModule;
  browser: Browser;
  failures: unknown[];
  today: string;
  newContext(): Promise<BrowserContext>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Invoices due at known distances from today, so the planner has reminders to plan. */
function seedLedger(sandbox: RunningQuickBooksSandbox, today: string): void {
  const realm = sandbox.state.company().realmId;
  const l = sandbox.state.ledger(realm);
  const id = (j: Record<string, unknown>) => String(j.Id);
  const nord = id(l.addCustomer({ displayName: TRICKY_NAME, email: 'compta@nord.example', currency: 'EUR' }));
  const sud = id(l.addCustomer({ displayName: PLAIN_NAME, email: 'ap@sud.example', currency: 'EUR' }));
  const inv = (customerId: string, amount: string, issuedDaysAgo: number, dueInDays: number) =>
    l.addInvoice({
      customerId,
      amount,
      txnDate: addDays(today, -issuedDaysAgo),
      dueDate: addDays(today, dueInDays),
    });
  inv(nord, '1200.00', 40, -10); // 10 days late: the second reminder is next
  inv(nord, '450.00', 20, 10); // not yet due
  inv(sud, '3000.00', 100, -70); // long overdue
  inv(sud, '800.00', 35, -5);
}

export async function startPanel(): Promise<PanelHarness> {
  const today = isoToday();
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandbox = await startQuickBooksSandbox({
    companies: [{ companyName: 'Studio Lumière', country: 'FR', currency: 'EUR' }],
    webhooks: { url: `${appUrl}/webhooks/quickbooks`, autoDeliver: false },
  });
  seedLedger(sandbox, today);
  const store = await openTestStore('postgres');
  const urls = sandbox.urls as unknown as Record<string, string | undefined>;
  const cfg = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: appUrl,
    RELANCE_DATA_DIR: store.dataDir,
    RELANCE_ENCRYPTION_KEY: 'cd'.repeat(32),
    QUICKBOOKS_CLIENT_ID: sandbox.state.options.clientId,
    QUICKBOOKS_CLIENT_SECRET: sandbox.state.options.clientSecret,
    QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: sandbox.state.options.webhookVerifierToken,
    QUICKBOOKS_API_BASE: sandbox.urls.apiBase,
    QUICKBOOKS_AUTHORIZE_URL: sandbox.urls.authorize,
    QUICKBOOKS_TOKEN_URL: sandbox.urls.token,
    QUICKBOOKS_REVOKE_URL: sandbox.urls.revoke,
    QUICKBOOKS_USERINFO_URL: urls.userinfo,
  });
  const failures: unknown[] = [];
  const rt = createRuntime(
    cfg,
    store.db,
    createLogger('silent'),
    createInProcessQueue({ onFailed: (_n, _id, err) => failures.push(err) }),
  );
  const qb = quickbooksModule(rt);
  qb.registerJobs();
  rt.connectors.set('quickbooks', qb.connector);
  handler = createApp({ db: store.db, routers: [qb.router, apiRouter(rt)] });

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    appUrl,
    sandbox,
    store,
    rt,
    qb,
    browser,
    failures,
    today,
    newContext: () =>
      browser.newContext({ baseURL: appUrl, locale: 'en-GB', viewport: { width: 1280, height: 900 } }),
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await rt.close();
      await sandbox.close();
      server.closeAllConnections();
      server.close();
      await store.drop();
    },
  };
}

/**
 * What an automated accessibility check can see without a new dependency: every form control and
 * button has an accessible name, and every image has a text alternative. Answers the offenders.
 */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const text = (el: DomElement | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const byIds = (ids: string) =>
      ids
        .split(/\s+/)
        .map((id) => text(document.getElementById(id)))
        .join(' ')
        .trim();
    const visible = (el: DomElement) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0;
    };
    const name = (el: DomElement): string => {
      const labelledBy = el.getAttribute('aria-labelledby');
      if (labelledBy && byIds(labelledBy)) return byIds(labelledBy);
      const aria = el.getAttribute('aria-label');
      if (aria?.trim()) return aria.trim();
      const labels = el.labels;
      if (labels && labels.length > 0) return Array.from(labels).map(text).join(' ').trim();
      if (el.matches('button, a, summary')) return text(el);
      if (el.matches('iframe, svg, img')) return el.getAttribute('title') ?? el.getAttribute('alt') ?? '';
      return el.getAttribute('title') ?? '';
    };
    const offenders: string[] = [];
    for (const el of document.querySelectorAll(
      'input:not([type=hidden]), select, textarea, button, a[href], iframe, svg[role=img], img',
    )) {
      if (!visible(el) && !el.matches('svg')) continue;
      if (!name(el)) offenders.push(el.outerHTML.slice(0, 160));
    }
    return offenders;
  });
}

/**
 * Presses Tab once per control on the page (and a few more), recording each element focus reaches
 * in the page itself; answers their keys, in order, up to the first one reached twice.
 */
export async function tabOrder(page: Page): Promise<string[]> {
  const controls = await page.evaluate(() => {
    const g = globalThis as unknown as { tabbed: string[] };
    g.tabbed = [];
    document.activeElement?.blur?.();
    document.addEventListener('focusin', (e: { target: DomElement | null }) => {
      const el = e.target;
      if (!el) return;
      let key = el.getAttribute('data-tab-key');
      if (!key) {
        key = `t${g.tabbed.length}-${Math.random().toString(36).slice(2, 8)}`;
        el.setAttribute('data-tab-key', key);
      }
      g.tabbed.push(key);
    });
    return document.querySelectorAll('a[href], button, input, select, textarea, iframe').length;
  });
  for (let i = 0; i < controls + 3; i++) await page.keyboard.press('Tab');
  const order = await page.evaluate(() => (globalThis as unknown as { tabbed: string[] }).tabbed);
  const firstRepeat = order.findIndex((k, i) => order.indexOf(k) !== i);
  return firstRepeat < 0 ? order : order.slice(0, firstRepeat);
}

/** The text of the focused element. */
export function focusedText(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.textContent ?? null);
}

/** Tab keys (from tabOrder) of every visible, enabled control on the page; null for one never reached. */
export function controlKeys(page: Page): Promise<(string | null)[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('a[href], button:not([disabled]), input, select, textarea')]
      .filter((el) => el.getBoundingClientRect().width > 0)
      .map((el) => el.getAttribute('data-tab-key')),
  );
}

/** The text of the first element tabOrder reached. */
export function firstTabbedText(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('[data-tab-key]')?.textContent ?? null);
}
