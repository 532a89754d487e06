// Embedded PGlite on disk under the data dir, shared between processes through a loopback socket.
// Files in the data dir: pgdata/ (the database), db.lock (pid of the process that owns it),
// db.json ({ pid, port } while it serves).
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { poolDb, type Db } from './db.ts';

interface ServeInfo {
  pid: number;
  port: number;
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port, timeout: 1000 });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(false));
  });
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** Takes the lock file, or returns the pid of the live process holding it. */
function tryLock(lockFile: string): number | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (pidAlive(holder) && holder !== process.pid) return holder;
      fs.rmSync(lockFile, { force: true }); // left by a process that died
    }
  }
  throw new Error(`could not take the database lock ${lockFile}`);
}

export interface EmbeddedOptions {
  dataDir: string;
  /** How long to wait for another process that holds the database without serving it. */
  waitMs?: number;
}

export async function openEmbedded(opts: EmbeddedOptions): Promise<Db> {
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'db.lock');
  const infoFile = path.join(dataDir, 'db.json');
  const deadline = Date.now() + (opts.waitMs ?? 30_000);

  for (;;) {
    const info = readJson<ServeInfo>(infoFile);
    if (info && info.pid !== process.pid && pidAlive(info.pid) && (await canConnect(info.port))) {
      return poolDb({
        connectionString: `postgres://postgres@127.0.0.1:${info.port}/postgres`,
        max: 4,
        kind: 'pglite',
      });
    }
    const holder = tryLock(lockFile);
    if (holder === null) break;
    if (Date.now() > deadline) {
      throw new Error(
        `the embedded database in ${dataDir} is held by process ${holder}, which does not serve it; ` +
          'stop that process or set DATABASE_URL',
      );
    }
    await sleep(200);
  }

  try {
    const pglite = await PGlite.create({ dataDir: path.join(dataDir, 'pgdata') });
    const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 32 });
    await server.start();
    const port = Number(server.getServerConn().split(':').pop());
    fs.writeFileSync(infoFile, JSON.stringify({ pid: process.pid, port } satisfies ServeInfo));
    return poolDb({
      connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
      max: 8,
      kind: 'pglite',
      onClose: async () => {
        if (readJson<ServeInfo>(infoFile)?.pid === process.pid) fs.rmSync(infoFile, { force: true });
        await server.stop();
        await pglite.close();
        fs.rmSync(lockFile, { force: true });
      },
    });
  } catch (err) {
    fs.rmSync(lockFile, { force: true });
    throw err;
  }
}
