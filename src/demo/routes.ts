// The demo's two routes, mounted only by `relance serve --demo` (elsewhere they answer the app's 404):
//   GET /demo               a small page: the demo firms, how to open the panel as each, the mail
//   GET /demo/api/messages  what the SMTP catcher received, newest first
import { Router, type Response } from 'express';
import type { Db } from '../store/db.ts';
import { PLATFORM_LABEL, type DemoPlatform } from './connect.ts';
import { findDemoFirms, type DemoFirm } from './firms.ts';
import type { SmtpCatcher } from './smtp-catcher.ts';

export interface DemoRouteDeps {
  db: Db;
  catcher: SmtpCatcher;
  /** Where "Open the panel as <firm>" goes for a platform. */
  signInPath(platform: DemoPlatform): string;
}

export function demoRouter(deps: DemoRouteDeps): Router {
  const router = Router();
  router.get('/demo/api/messages', (_req, res) => {
    noStore(res);
    res.json({ messages: deps.catcher.messages() });
  });
  router.get(['/demo', '/demo/'], async (_req, res, next) => {
    try {
      const firms = await retried(() => deps.db.tx((sql) => findDemoFirms(sql, true)));
      noStore(res);
      res.type('html').send(demoPage(firms, deps.catcher.messages().length, deps.signInPath));
    } catch (err) {
      next(err);
    }
  });
  return router;
}

/**
 * The embedded database mixes up statements that several connections send at once (pglite-socket
 * interleaves their extended-protocol messages outside transactions): the demo reads inside a
 * transaction, which it serves alone, and asks again if a statement still failed.
 */
async function retried<T>(read: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await read();
    } catch (err) {
      if (i >= attempts) throw err;
    }
  }
}

function noStore(res: Response): void {
  res.set('Cache-Control', 'no-store');
}

export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

const count = (n: number) => n.toLocaleString('en-US');

export function demoPage(
  firms: DemoFirm[],
  messages: number,
  signInPath: (platform: DemoPlatform) => string,
): string {
  const rows = firms
    .map((f) => {
      const synced = f.lastSyncAt
        ? `synced ${escapeHtml(f.lastSyncAt.slice(0, 16).replace('T', ' '))} UTC`
        : 'first sync running';
      return `<li><strong>${escapeHtml(f.name)}</strong> <span class="muted">(${PLATFORM_LABEL[f.platform]} sandbox, ${count(f.customers)} customers, ${count(f.invoices)} invoices, ${synced})</span><br>
<a href="${escapeHtml(signInPath(f.platform))}">Open the panel as ${escapeHtml(f.name)}</a></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relance demo — sandbox data</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 46rem; padding: 0 1rem; color: #1b1f24; }
.banner { background: #fff4ce; border: 1px solid #c9a400; padding: .75rem 1rem; border-radius: 6px; }
.muted { color: #505a66; }
li { margin: .75rem 0; }
a { color: #0b57d0; }
a:focus { outline: 3px solid #0b57d0; outline-offset: 2px; }
</style>
</head>
<body>
<p class="banner" role="note"><strong>Demo — sandbox data.</strong> These firms, their customers and
their invoices are generated in local QuickBooks and Xero sandboxes. Reminders go to a mail catcher in
this process; nothing leaves this machine.</p>
<h1>Relance demo</h1>
<h2>Demo firms</h2>
${firms.length > 0 ? `<ul>\n${rows}\n</ul>` : '<p>No demo firm is connected yet.</p>'}
<h2>Caught e-mail</h2>
<p>${count(messages)} message${messages === 1 ? '' : 's'} caught so far. <a href="/app/demo">See the reminders the demo firms sent</a>
(also as JSON: <a href="/demo/api/messages">/demo/api/messages</a>).</p>
</body>
</html>
`;
}
