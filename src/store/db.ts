// One database interface over PostgreSQL: a server (DATABASE_URL) or embedded PGlite on disk.
// Embedded PGlite is single-process, so the process that opens it also serves it on a loopback
// port (pglite-socket) and records that port in the data dir: every other Relance process (the CLI
// while `relance serve` runs) connects there with the same pg driver. One driver, one code path.
import pg from 'pg';
import type { QueryResultRow } from 'pg';

export interface Sql {
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Db extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction on one connection; rolls back if it throws. */
  tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Integers and dates come back as the core expects them: int8 as number (amounts stay far below
// 2^53), date as 'YYYY-MM-DD' text, timestamps as ISO strings.
const TYPE_INT8 = 20;
const TYPE_DATE = 1082;
const TYPE_TIMESTAMP = 1114;
const TYPE_TIMESTAMPTZ = 1184;

function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (format === 'binary') return pg.types.getTypeParser(oid, 'binary') as (v: string) => unknown;
  switch (oid) {
    case TYPE_INT8:
      return (v: string) => Number(v);
    case TYPE_DATE:
      return (v: string) => v;
    case TYPE_TIMESTAMP:
      return (v: string) => new Date(v.replace(' ', 'T') + 'Z').toISOString();
    case TYPE_TIMESTAMPTZ:
      return (v: string) => new Date(v).toISOString();
    default:
      return pg.types.getTypeParser(oid, 'text') as (v: string) => unknown;
  }
}

export const pgTypes = { getTypeParser: typeParser } as unknown as pg.CustomTypesConfig;

export interface PoolDbOptions {
  connectionString: string;
  max?: number;
  kind?: Db['kind'];
  onClose?: () => Promise<void>;
}

export function poolDb(opts: PoolDbOptions): Db {
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.max ?? 10,
    types: pgTypes,
    // A lost connection surfaces on the next query; an idle client's error must not crash the process.
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => undefined);
  let closed = false;
  return {
    kind: opts.kind ?? 'postgres',
    async query(text, params) {
      const res = await pool.query(text, params as unknown[] | undefined);
      return res.rows;
    },
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // One connection runs one query at a time: queue them, so callers may still use Promise.all.
        let last: Promise<unknown> = Promise.resolve();
        const sql: Sql = {
          query: (text, params) => {
            const run = last
              .then(() => client.query(text, params as unknown[] | undefined))
              .then((r) => r.rows);
            last = run.catch(() => undefined);
            return run;
          },
        };
        const result = await fn(sql);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
      await opts.onClose?.();
    },
  };
}
