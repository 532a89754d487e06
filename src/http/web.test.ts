// Serving the panel's build: the SPA fallback, `/` to `/app/`, caching by kind of file, the headers
// an app launched from a host needs, and a clear 503 when the build is missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRouter } from './web.ts';

let dir: string;
let servers: Server[] = [];

async function serve(distDir: string): Promise<string> {
  const app = express();
  app.use(webRouter({ distDir }));
  app.use((_req, res) => void res.status(404).json({ error: 'not_found' }));
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-web-'));
  fs.mkdirSync(path.join(dir, 'dist/assets'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'dist/index.html'),
    '<!doctype html><title>panel</title><div id="root"></div>',
  );
  fs.writeFileSync(path.join(dir, 'dist/assets/index-abc123.js'), 'console.log(1)');
});

afterAll(() => {
  for (const s of servers) s.close();
  servers = [];
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the web panel route', () => {
  it('sends / to /app/ and /app to /app/', async () => {
    const base = await serve(path.join(dir, 'dist'));
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app/');
    const bare = await fetch(`${base}/app?x=1`, { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/app/?x=1');
  });

  it('answers the panel for its own paths, never cached, with the security headers', async () => {
    const base = await serve(path.join(dir, 'dist'));
    for (const p of ['/app/', '/app/customers/4f1c', '/app/settings?tab=1']) {
      const res = await fetch(`${base}${p}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('<div id="root">');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    }
  });

  it('caches hashed assets for a year and answers 404 for a missing one', async () => {
    const base = await serve(path.join(dir, 'dist'));
    const asset = await fetch(`${base}/app/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await fetch(`${base}/app/assets/index-old999.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
  });

  it('says how to build the panel when the build is missing', async () => {
    const base = await serve(path.join(dir, 'nowhere'));
    const res = await fetch(`${base}/app/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
    // Other routes are untouched.
    expect((await fetch(`${base}/api/v1/session`)).status).toBe(404);
  });
});
