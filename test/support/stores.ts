// Test databases: a fresh database on the real PostgreSQL server for each use, or a fresh embedded
// PGlite in a temporary directory. Store tests run against both through `storeKinds`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { poolDb, type Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type StoreKind = 'postgres' | 'pglite';
export const storeKinds: StoreKind[] = ['postgres', 'pglite'];

export interface TestStore {
  db: Db;
  /** DATABASE_URL for a child process (postgres), or null with dataDir set (pglite). */
  databaseUrl: string | null;
  dataDir: string;
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh, empty PostgreSQL database URL (not migrated), dropped by the returned function. */
export async function freshPostgresUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `relance_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export async function openTestStore(kind: StoreKind, opts: { migrate?: boolean } = {}): Promise<TestStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relance-test-'));
  let db: Db;
  let databaseUrl: string | null = null;
  let dropDb = async () => undefined as void;
  if (kind === 'postgres') {
    const fresh = await freshPostgresUrl();
    databaseUrl = fresh.url;
    dropDb = fresh.drop;
    db = poolDb({ connectionString: fresh.url, max: 4 });
  } else {
    db = await (await import('../../src/store/embedded.ts')).openEmbedded({ dataDir });
  }
  if (opts.migrate !== false) await migrate(db);
  return {
    db,
    databaseUrl,
    dataDir,
    async drop() {
      await db.close();
      await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
