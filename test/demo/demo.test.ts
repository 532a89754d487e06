// `relance serve --demo` (npm start) as a newcomer runs it: a child process on a fresh embedded
// database, read through the server's own socket while it runs. One QuickBooks and one Xero demo
// firm of the size, connected through OAuth with encrypted tokens and sending on; reminders
// in the SMTP catcher and in /demo/api/messages; a second start on the same data dir adds nothing.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenCipher } from '../../connectors/sdk/token-crypto.ts';
import { loadConfig } from '../../src/config.ts';
import { startDemo } from '../../src/demo/index.ts';
import type { Db } from '../../src/store/db.ts';
import { openDb } from '../../src/store/open.ts';
import { BIN, ROOT } from '../support/cli.ts';

interface Running {
  child: ChildProcessWithoutNullStreams;
  output: string[];
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every server a test started, killed at the end whatever happened. */
const spawned = new Set<ChildProcessWithoutNullStreams>();

/** Starts the demo and resolves once it prints the URL to open. */
function serveDemo(dataDir: string, port: number, extraEnv: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'serve', '--demo'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RELANCE_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
  });
  spawned.add(child);
  child.once('exit', () => spawned.delete(child));
  const output: string[] = [];
  let partial = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL printed within 150 s:\n${output.join('\n')}`));
    }, 150_000);
    child.stderr.on('data', (d: Buffer) => output.push(String(d)));
    child.stdout.on('data', (d: Buffer) => {
      partial += String(d);
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        if (line === `Open http://localhost:${port}/demo`) {
          clearTimeout(timer);
          resolve({ child, output });
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve --demo exited with ${code}:\n${output.join('\n')}`));
    });
  });
}

async function stop(r: Running | null): Promise<void> {
  if (!r || r.child.exitCode !== null) return;
  const exited = new Promise((resolve) => r.child.once('exit', resolve));
  r.child.kill('SIGTERM');
  await Promise.race([exited, sleep(20_000).then(() => r.child.kill('SIGKILL'))]);
  await exited;
}

interface FirmRow {
  firm_id: string;
  name: string;
  review_mode: boolean;
  platform: string;
  external_tenant_id: string;
  status: string;
  tokens: Buffer | null;
  customers: number;
  invoices: number;
  distinct_invoices: number;
}

const firmsQuery = `
  SELECT f.id AS firm_id, f.name, f.review_mode, c.platform, c.external_tenant_id, c.status, c.tokens,
         (SELECT count(*)::int FROM customers u WHERE u.connection_id = c.id) AS customers,
         (SELECT count(*)::int FROM invoices i WHERE i.connection_id = c.id) AS invoices,
         (SELECT count(DISTINCT external_id)::int FROM invoices i WHERE i.connection_id = c.id) AS distinct_invoices
    FROM firms f JOIN connections c ON c.firm_id = f.id
   ORDER BY c.platform`;

/**
 * Reads through the running server's embedded database, in a transaction: pglite-socket serves a
 * transaction alone, while single statements from several connections can be interleaved.
 */
function read<R extends object = FirmRow>(db: Db, text: string): Promise<R[]> {
  return db.tx((sql) => sql.query<R>(text));
}

interface Message {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

async function caughtMessages(port: number, atLeast: number, timeoutMs = 30_000): Promise<Message[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/demo/api/messages`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: Message[] };
    if (body.messages.length >= atLeast || Date.now() > deadline) return body.messages;
    await sleep(500);
  }
}

describe('npm start (relance serve --demo) on a fresh data dir', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-demo-'));
  let port = 0;
  let first: Running | null = null;
  let db: Db | null = null;
  let firmsAfterFirstStart: FirmRow[] = [];

  beforeAll(async () => {
    port = await freePort();
    first = await serveDemo(dataDir, port);
    db = await openDb({ databaseUrl: null, dataDir });
    firmsAfterFirstStart = await read(db, firmsQuery);
  }, 180_000);

  afterAll(async () => {
    await db?.close();
    await stop(first);
    for (const child of spawned) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('connects one demo firm per platform through OAuth, of the issue’s size, with sending on', () => {
    const firms = firmsAfterFirstStart;
    expect(firms.map((f) => f.platform)).toEqual(['quickbooks', 'xero']);
    for (const f of firms) {
      expect(f.name).toMatch(/\(demo\)$/);
      expect(f.status).toBe('active');
      expect(f.review_mode).toBe(false);
      expect(f.customers).toBeGreaterThanOrEqual(200);
      expect(f.invoices).toBeGreaterThanOrEqual(3000);
      expect(f.distinct_invoices).toBe(f.invoices);
    }
    // The names come from the sandboxes' CompanyInfo and Organisation, read by the OAuth callbacks.
    expect(firms.map((f) => f.name)).toEqual(['Harbour & Pine Studio (demo)', 'Atelier Lumière SRL (demo)']);
    expect(first?.output.join('\n')).toMatch(/syncing QuickBooks demo firm: [\d,]+ \/ [\d,]+ invoices/);
  });

  it('records a few disputes for each demo firm, which stop the chasing of those invoices', async () => {
    const rows = await read<{ firm_id: string; n: number; chased: number }>(
      db as Db,
      `SELECT d.firm_id, count(*)::int AS n,
              (SELECT count(*)::int FROM action_invoices ai JOIN actions a ON a.id = ai.action_id
                WHERE a.status IN ('pending', 'sending', 'sent')
                  AND ai.invoice_id IN (SELECT invoice_id FROM disputes x WHERE x.firm_id = d.firm_id)) AS chased
         FROM disputes d JOIN invoices i ON i.id = d.invoice_id AND i.disputed
        GROUP BY d.firm_id`,
    );
    expect(rows.map((r) => r.firm_id).sort()).toEqual(firmsAfterFirstStart.map((f) => f.firm_id).sort());
    for (const r of rows) {
      expect(r.n).toBeGreaterThan(0);
      expect(r.chased).toBe(0);
    }
  });

  it('keeps the platform tokens encrypted with the data dir’s key', () => {
    const key = Buffer.from(fs.readFileSync(path.join(dataDir, 'encryption.key'), 'utf8').trim(), 'hex');
    const cipher = new TokenCipher(key);
    for (const f of firmsAfterFirstStart) {
      expect(f.tokens).not.toBeNull();
      const tokens = cipher.decrypt<{ accessToken: string; refreshToken: string }>(
        f.tokens as Buffer,
        `${f.platform}:${f.external_tenant_id}`,
      );
      expect(tokens.accessToken.length).toBeGreaterThan(10);
      const raw = (f.tokens as Buffer).toString('latin1');
      expect(raw).not.toContain(tokens.accessToken);
      expect(raw).not.toContain(tokens.refreshToken);
    }
  });

  it('sends reminders that reach the catcher, shown by /demo/api/messages with the firm in From', async () => {
    // The first clock run plans ~500 customers, then sends; on a busy machine that takes a while.
    const messages = await caughtMessages(port, 1, 100_000);
    expect(messages.length).toBeGreaterThan(0);
    const names = firmsAfterFirstStart.map((f) => f.name);
    for (const m of messages.slice(0, 20)) {
      expect(Object.keys(m).sort()).toEqual(['from', 'html', 'id', 'receivedAt', 'subject', 'text', 'to']);
      expect(names.some((n) => m.from.includes(n))).toBe(true);
      expect(m.subject.length).toBeGreaterThan(0);
      expect(m.text.length).toBeGreaterThan(0);
      expect(m.html).toMatch(/<html|<p|<table/i);
      expect(m.to).toMatch(/@/);
    }
    // Newest first.
    const times = messages.map((m) => Date.parse(m.receivedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // What was sent is recorded as sent in the store too.
    const [sent] = await read<{ n: number }>(
      db as Db,
      `SELECT count(*)::int AS n FROM actions WHERE status = 'sent' AND channel IN ('email', 'formal_notice')`,
    );
    expect(sent?.n ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('serves the demo page, marked as sandbox data, with the firms escaped and their sign-in links', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/demo`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Demo — sandbox data');
    expect(html).toContain('Open the panel as Harbour &amp; Pine Studio (demo)');
    expect(html).not.toContain('Harbour & Pine');
    expect(html).toContain('href="/signin/quickbooks"');
    expect(html).toContain('href="/signin/xero"');
    expect(html).toContain('href="/app/demo"');
  });

  it('reuses the firms on a second start: reconnects, re-syncs incrementally, duplicates nothing', async () => {
    await db?.close();
    db = null;
    await stop(first);
    first = null;
    const second = await serveDemo(dataDir, port);
    try {
      const text = second.output.join('\n');
      expect(text).toMatch(/Harbour & Pine Studio \(demo\) reconnected through QuickBooks OAuth/);
      expect(text).toMatch(/re-syncing Xero demo firm: .*done/);
      db = await openDb({ databaseUrl: null, dataDir });
      const firms = await read<FirmRow>(db, firmsQuery);
      expect(firms.map((f) => [f.firm_id, f.platform, f.status])).toEqual(
        firmsAfterFirstStart.map((f) => [f.firm_id, f.platform, 'active']),
      );
      const [count] = await read<{ n: number }>(db, `SELECT count(*)::int AS n FROM firms`);
      expect(count?.n).toBe(2);
      for (const [i, f] of firms.entries()) {
        expect(f.invoices).toBe(firmsAfterFirstStart[i]?.invoices);
        expect(f.customers).toBe(firmsAfterFirstStart[i]?.customers);
        expect(f.distinct_invoices).toBe(f.invoices);
      }
      expect((await caughtMessages(port, 0)).every((m) => typeof m.id === 'string')).toBe(true);
    } finally {
      await db?.close();
      db = null;
      await stop(second);
    }
  }, 240_000);

  it('is off, saying so in one line, when platform credentials are configured', async () => {
    const lines: string[] = [];
    const cfg = loadConfig({
      RELANCE_DATA_DIR: dataDir,
      QUICKBOOKS_CLIENT_ID: 'real-client-id',
      QUICKBOOKS_CLIENT_SECRET: 'real-client-secret',
    });
    // Off before it touches anything: no sandbox, no catcher, no database access.
    expect(await startDemo(null as unknown as Db, cfg, (l) => lines.push(l))).toBeNull();
    expect(lines).toEqual([
      'demo off: platform credentials are configured (QUICKBOOKS_*, XERO_* or HUBSPOT_*)',
    ]);
  });
});
