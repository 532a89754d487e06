// `relance serve`: the web app (OAuth, webhooks, health), and, without REDIS_URL, every background
// job in the same process, so one command runs everything on the embedded defaults. With REDIS_URL
// the jobs run in `relance worker` processes. Shuts down gracefully on SIGINT/SIGTERM.
import type { Server } from 'node:http';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { adminRouter } from '../http/admin.ts';
import { createApp } from '../http/app.ts';
import { startWorkers, type Workers } from '../jobs/workers.ts';
import { createLogger } from '../logger.ts';
import { loadPlatforms } from '../platforms.ts';
import { createRuntime } from '../runtime.ts';
import { openDb } from '../store/open.ts';
import { parseFlags } from './args.ts';
import type { Out } from './commands.ts';
import { seedDemo } from './demo.ts';

export function waitForSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function serveCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  const { values } = parseFlags(
    argv,
    { demo: { type: 'boolean' } },
    z.object({ demo: z.boolean().optional() }),
  );
  const log = createLogger(cfg.logLevel);
  const db = await openDb({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  const rt = createRuntime(cfg, db, log);
  const platforms = loadPlatforms(rt);
  if (values.demo) await seedDemo(db, cfg, out);

  const admin =
    cfg.redisUrl && cfg.operatorToken
      ? adminRouter({ redisUrl: cfg.redisUrl, operatorToken: cfg.operatorToken })
      : null;
  const redis = rt.redis;
  const app = createApp({
    db,
    routers: [...platforms.modules.map((m) => m.router), ...(admin ? [admin.router] : [])],
    readiness: redis ? { redis: async () => void (await redis.ping()) } : {},
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(cfg.port, () => resolve(s));
  });
  // Without Redis this process is also the worker; with Redis, `relance worker` processes do the jobs.
  const workers: Workers | null = cfg.redisUrl ? null : startWorkers(rt, platforms, { clock: cfg.clock });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  out(
    `Relance is running at ${cfg.publicUrl.replace(`:${cfg.port}`, `:${port}`)} (${db.kind === 'pglite' ? `embedded database in ${cfg.dataDir}` : 'PostgreSQL'}, ${cfg.redisUrl ? 'jobs on Redis' : 'jobs in this process'})`,
  );

  await waitForSignal();
  out('shutting down');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await workers?.stop();
  await admin?.close();
  await rt.close();
  await db.close();
  return 0;
}
