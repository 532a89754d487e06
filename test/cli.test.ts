// The `relance` command end to end, on the real PostgreSQL and on the embedded database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from './support/cli.ts';
import { freshPostgresUrl } from './support/stores.ts';

const EXAMPLE = path.join(ROOT, 'test/fixtures/import/example-ledger.json');
const EXPECTED = JSON.parse(
  fs.readFileSync(path.join(ROOT, 'test/fixtures/import/example-aging-2026-11-30.json'), 'utf8'),
) as {
  byCurrency: Record<string, Record<string, number>>;
};

describe.each(['postgres', 'pglite'] as const)('relance on %s', (kind) => {
  const env: Record<string, string> = {};
  let drop = async () => undefined as void;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-cli-'));
    env.RELANCE_DATA_DIR = dataDir;
    if (kind === 'postgres') {
      const fresh = await freshPostgresUrl();
      env.DATABASE_URL = fresh.url;
      drop = fresh.drop;
    }
  });
  afterAll(async () => {
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports the README example and gives the hand-checked aged balance', async () => {
    const imp = await runCli(['import', '--firm', 'Lumen & Fils', EXAMPLE], env);
    expect(imp.stderr).toBe('');
    expect(imp.code).toBe(0);
    const firms = JSON.parse((await runCli(['firms', '--json'], env)).stdout) as {
      id: string;
      name: string;
    }[];
    expect(firms).toEqual([expect.objectContaining({ name: 'Lumen & Fils', id: expect.any(String) })]);
    const aging = await runCli(['aging', '--json', '--at', '2026-11-30'], env);
    expect(aging.code).toBe(0);
    const rows = JSON.parse(aging.stdout) as Record<string, unknown>[];
    const firmId = firms[0]?.id;
    expect(rows).toEqual(
      Object.entries(EXPECTED.byCurrency).map(([currency, b]) => ({
        firmId,
        firmName: 'Lumen & Fils',
        currency,
        ...b,
      })),
    );
    // A re-import writes nothing.
    const again = await runCli(['import', '--json', '--firm', 'Lumen & Fils', EXAMPLE], env);
    const report = JSON.parse(again.stdout) as {
      created: boolean;
      counts: Record<string, { written: number }>;
    };
    expect(report.created).toBe(false);
    expect(Object.values(report.counts).map((c) => c.written)).toEqual([0, 0, 0, 0]);
  });

  it('records what is due at an instant once: a second tick at the same instant records nothing', async () => {
    const first = JSON.parse(
      (await runCli(['tick', '--json', '--at', '2026-12-01T09:30:00Z'], env)).stdout,
    ) as { recorded: number };
    expect(first.recorded).toBeGreaterThan(0);
    const second = JSON.parse(
      (await runCli(['tick', '--json', '--at', '2026-12-01T09:30:00Z'], env)).stdout,
    ) as { recorded: number };
    expect(second.recorded).toBe(0);
  });

  it('previews the window without recording anything', async () => {
    const before = JSON.parse(
      (await runCli(['preview', '--json', '--at', '2026-12-02T09:00:00Z', '--days', '30'], env)).stdout,
    ) as unknown[];
    const again = JSON.parse(
      (await runCli(['preview', '--json', '--at', '2026-12-02T09:00:00Z', '--days', '30'], env)).stdout,
    ) as unknown[];
    expect(before.length).toBeGreaterThan(0);
    expect(again).toEqual(before);
    expect(before[0]).toEqual(
      expect.objectContaining({
        customerName: expect.any(String),
        step: expect.any(String),
        channel: expect.any(String),
        date: expect.any(String),
        invoices: expect.any(Array),
      }),
    );
  });
});

describe('relance flags', () => {
  const env = { RELANCE_DATA_DIR: path.join(os.tmpdir(), 'relance-flags-unused') };
  it.each([
    [['aging', '--at', '2026-02-30'], /--at: expected a date as YYYY-MM-DD/],
    [['preview', '--days', 'ten'], /--days: expected a number of days/],
    [['tick', '--at', 'tomorrow'], /--at: expected an ISO-8601 instant/],
    [['aging', '--firm', 'acme'], /--firm: expected a firm id/],
    [['aging', '--colour'], /unknown option '--colour'/],
    [['import', 'x.csv'], /--firm: expected the firm's name/],
    [['launch'], /unknown command "launch"/],
  ])('rejects %j with one clear line and a non-zero exit', async (args, message) => {
    const r = await runCli(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('stops on a bad environment variable, naming it', async () => {
    const r = await runCli(['firms'], { ...env, DATABASE_URL: 'mysql://localhost/x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DATABASE_URL: expected a postgres/);
  });
});

describe('the CLI while `relance serve` holds the embedded database', () => {
  it('reads and writes the same data through the running server', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-serve-'));
    const env = { RELANCE_DATA_DIR: dataDir, PORT: '0', RELANCE_CLOCK: 'off', LOG_LEVEL: 'warn' };
    const server = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (d) => {
          out += d;
          if (out.includes('Relance is running')) resolve();
        });
        server.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const imp = await runCli(['import', '--firm', 'Served', EXAMPLE], env);
      expect(imp.code).toBe(0);
      const firms = JSON.parse((await runCli(['firms', '--json'], env)).stdout) as { name: string }[];
      expect(firms.map((f) => f.name)).toEqual(['Served']);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
