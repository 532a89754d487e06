// The web panel: the Vite build of ui-extension/web served at /app/ with a fallback to index.html
// for the panel's own routes, `/` sent to `/app/`, and the headers an app launched from a host needs.
// QuickBooks and Xero open apps in a new tab and HubSpot's cards do not frame the panel, so no
// other site may frame it (frame-ancestors 'self').
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';

export const DEFAULT_WEB_DIST = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../ui-extension/web/dist',
);

// Styles may be inline because the caught e-mails and message previews (HTML e-mails carry their
// styles inline) are shown in sandboxed srcdoc frames, which inherit this policy. Scripts may not.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export function securityHeaders(res: express.Response): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  // For browsers that predate frame-ancestors.
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function notBuiltPage(dist: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Relance · panel not built</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>The panel has not been built</h1>
<p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it first), then reload this page.</p>
<p>Expected the build in <code>${escape(dist)}</code>.</p></main></body></html>`;
}

export interface WebOptions {
  /** The Vite build to serve; the default is ui-extension/web/dist. */
  distDir?: string;
}

export function webRouter(opts: WebOptions = {}): express.Router {
  const dist = opts.distDir ?? DEFAULT_WEB_DIST;
  const indexFile = path.join(dist, 'index.html');
  const router = express.Router();

  router.get('/', (_req, res) => {
    securityHeaders(res);
    res.redirect(302, '/app/');
  });

  router.use('/app', (req, res, next) => {
    securityHeaders(res);
    // `/app` without its slash: relative asset URLs need the directory form.
    if (req.originalUrl === '/app' || req.originalUrl.startsWith('/app?')) {
      res.redirect(301, `/app/${req.originalUrl.slice(4)}`);
      return;
    }
    if (!fs.existsSync(indexFile)) {
      res.status(503).set('Cache-Control', 'no-store').type('html').send(notBuiltPage(dist));
      return;
    }
    next();
  });

  // Hashed file names change with their content: cache them for a year. Everything else revalidates.
  router.use(
    '/app',
    express.static(dist, {
      index: false,
      fallthrough: true,
      redirect: false,
      setHeaders(res, file) {
        const hashed = file.startsWith(path.join(dist, 'assets') + path.sep);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );

  router.use('/app', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    // A missing asset is a 404, not the panel: a stale tab asking for an old bundle must fail clearly.
    if (req.path.startsWith('/assets/') || /\.[a-z0-9]{1,8}$/i.test(req.path)) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });

  return router;
}
