// Graceful shutdown of `relance worker`: on SIGTERM it claims nothing more, finishes the send in
// flight, and hands back the actions it claimed and did not start, so that another worker takes
// them at once (the lease here is far longer than the test: only the hand-back can free them).
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolDb, type Db } from '../../src/store/db.ts';
import { BIN, ROOT } from '../support/cli.ts';
import { freshPostgresUrl } from '../support/stores.ts';
import { startRelay, type Relay } from './relay.ts';
import { freePort, planReminders, startRedis, waitForPort, workerEnv } from './soak.ts';

const REMINDERS = 20;

function startWorker(env: Record<string, string | undefined>) {
  const proc = spawn(process.execPath, [BIN, 'worker'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, exited, output: () => out };
}

async function until(what: string, test: () => Promise<boolean> | boolean, withinMs = 60_000) {
  const deadline = Date.now() + withinMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('relance worker on SIGTERM', () => {
  let fresh: { url: string; drop(): Promise<void> };
  let db: Db;
  let relay: Relay;
  let redis: ChildProcess;
  let env: Record<string, string | undefined>;
  const relayOpts = { failRate: 0, delayMs: 2000 };
  const procs: ChildProcess[] = [];

  beforeAll(async () => {
    fresh = await freshPostgresUrl();
    expect(await planReminders(fresh.url, REMINDERS)).toBe(REMINDERS);
    db = poolDb({ connectionString: fresh.url, max: 2 });
    relay = await startRelay(relayOpts);
    const port = await freePort();
    redis = startRedis(port);
    await waitForPort(port);
    env = workerEnv({ databaseUrl: fresh.url, redisPort: port, relay, leaseMs: 600_000 });
  });
  afterAll(async () => {
    for (const p of procs) p.kill('SIGKILL');
    redis?.kill('SIGKILL');
    await db?.close();
    await relay?.close();
    await fresh?.drop();
  });

  const held = async () =>
    (
      await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM actions WHERE status = 'sending' OR claimed_by IS NOT NULL`,
      )
    )[0]!.n;
  const sent = async () =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM actions WHERE status = 'sent'`))[0]!.n;

  it('finishes the send in flight and hands back the rest, which another worker sends once', async () => {
    const first = startWorker(env);
    procs.push(first.proc);
    // A slow relay: the worker is in the middle of a send, with the rest of its batch claimed.
    await until('a send in flight', () => relay.receiving > 0, 90_000);
    const heldBefore = await held();
    expect(heldBefore).toBeGreaterThan(1);
    first.proc.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopping');

    // The send in flight went through and was recorded; nothing else is held by anybody.
    expect(await held()).toBe(0);
    const afterFirst = await sent();
    expect(afterFirst).toBeGreaterThanOrEqual(1);
    expect(afterFirst).toBeLessThan(REMINDERS);
    expect(relay.accepted.size).toBe(afterFirst);
    const [counts] = await db.query<{ pending: number }>(
      `SELECT count(*) FILTER (WHERE status = 'pending' AND claimed_by IS NULL AND claimed_until IS NULL)::int AS pending FROM actions`,
    );
    expect(counts!.pending).toBe(REMINDERS - afterFirst);

    // Another worker takes them at once (the lease is ten minutes): every reminder arrives once.
    relayOpts.delayMs = 0;
    const second = startWorker(env);
    procs.push(second.proc);
    await until('every reminder sent', async () => (await sent()) === REMINDERS, 90_000);
    second.proc.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(relay.accepted.size).toBe(REMINDERS);
    expect([...relay.accepted.values()].every((n) => n === 1)).toBe(true);
    const keys = await db.query<{ effect_key: string }>(
      `SELECT effect_key FROM actions WHERE status = 'sent'`,
    );
    expect(new Set(keys.map((k) => k.effect_key))).toEqual(new Set(relay.accepted.keys()));
  }, 240_000);
});
