import { poolDb, type Db } from './db.ts';
import { migrate } from './migrate.ts';

export interface StoreConfig {
  databaseUrl: string | null;
  dataDir: string;
}

/**
 * Opens PostgreSQL (DATABASE_URL) or the embedded database, and brings its schema up to date. PGlite
 * is loaded only when it is used (it costs some 40 MB).
 */
export async function openDb(cfg: StoreConfig): Promise<Db> {
  const db = cfg.databaseUrl
    ? poolDb({ connectionString: cfg.databaseUrl })
    : await (await import('./embedded.ts')).openEmbedded({ dataDir: cfg.dataDir });
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}
