import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, storeKinds, type TestStore } from '../../test/support/stores.ts';
import { migrate, pendingMigrations } from './migrate.ts';
import { openEmbedded } from './embedded.ts';

describe.each(storeKinds)('the %s store', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(kind);
  });
  afterAll(async () => store?.drop());

  it('applies every migration once, and a second run applies none', async () => {
    expect(await pendingMigrations(store.db)).toEqual([]);
    expect(await migrate(store.db)).toEqual([]);
  });

  it('returns integers, dates and instants in the shapes the core expects', async () => {
    const [row] = await store.db.query<{ n: number; d: string; t: string }>(
      `SELECT 9007199254740991::bigint AS n, DATE '2026-02-28' AS d, TIMESTAMPTZ '2026-03-29 01:30:00+00' AS t`,
    );
    expect(row).toEqual({ n: 9007199254740991, d: '2026-02-28', t: '2026-03-29T01:30:00.000Z' });
  });

  it('rolls back a transaction that throws, leaving nothing half-written', async () => {
    await expect(
      store.db.tx(async (sql) => {
        await sql.query(`INSERT INTO firms (name, country, base_currency, time_zone, business_hours, language, sender, fees)
          VALUES ('Half', 'FR', 'EUR', 'Europe/Paris', '{}', 'fr', '{}', '{}')`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.db.query(`SELECT 1 FROM firms WHERE name = 'Half'`)).toEqual([]);
  });
});

describe('the embedded database shared between processes', () => {
  it('lets a second opener in the same data dir reach the same data through the serving process', async () => {
    const store = await openTestStore('pglite');
    try {
      await store.db
        .query(`INSERT INTO firms (name, country, base_currency, time_zone, business_hours, language, sender, fees)
        VALUES ('Shared', 'BE', 'EUR', 'Europe/Brussels', '{}', 'nl', '{}', '{}')`);
      // Same process id, so simulate "another process" by reading through the served port directly.
      const fs = await import('node:fs');
      const path = await import('node:path');
      const info = JSON.parse(fs.readFileSync(path.join(store.dataDir, 'db.json'), 'utf8')) as {
        port: number;
      };
      const pg = (await import('pg')).default;
      const client = new pg.Client({
        connectionString: `postgres://postgres@127.0.0.1:${info.port}/postgres`,
      });
      await client.connect();
      const res = await client.query(`SELECT name FROM firms WHERE name = 'Shared'`);
      await client.end();
      expect(res.rows).toEqual([{ name: 'Shared' }]);
    } finally {
      await store.drop();
    }
  });

  it('refuses, naming the holder, when a live process holds the database without serving it', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-lock-'));
    // pid 1 is always alive and never serves our database.
    fs.writeFileSync(path.join(dir, 'db.lock'), '1');
    await expect(openEmbedded({ dataDir: dir, waitMs: 300 })).rejects.toThrow(/held by process 1/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
