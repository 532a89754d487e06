// Applies the SQL files in ./migrations in name order, each in its own transaction, once.
// An advisory lock makes concurrent start-ups (several workers) apply them exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_ID = 7_317_001;

export function migrationFiles(): string[] {
  return fs
    .readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  const [exists] = await db.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  const applied = new Set<string>();
  if (exists?.present) {
    for (const row of await db.query<{ name: string }>('SELECT name FROM schema_migrations'))
      applied.add(row.name);
  }
  return migrationFiles().filter((f) => !applied.has(f));
}

/** Returns the names of the migrations it applied. */
export async function migrate(db: Db): Promise<string[]> {
  return db.tx(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
    await sql.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = new Set(
      (await sql.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name),
    );
    const done: string[] = [];
    for (const file of migrationFiles()) {
      if (applied.has(file)) continue;
      await sql.query(fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'));
      await sql.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      done.push(file);
    }
    return done;
  });
}
