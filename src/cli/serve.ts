// `relance serve`: the web app (OAuth, webhooks, health), and, without REDIS_URL, every background
// job in the same process, so one command runs everything on the embedded defaults. With REDIS_URL
// the jobs run in `relance worker` processes. Shuts down gracefully on SIGINT/SIGTERM.
import type { Server } from 'node:http';
import type { Config } from '../config.ts';
import { adminRouter } from '../http/admin.ts';
import { apiRouter } from '../http/api/router.ts';
import { createApp } from '../http/app.ts';
import { startWorkers, type Workers } from '../jobs/workers.ts';
import { createLogger } from '../logger.ts';
import { loadPlatforms } from '../platforms.ts';
import { createRuntime } from '../runtime.ts';
import { openDb } from '../store/open.ts';
import { parseFlags } from './args.ts';
import type { Out } from './commands.ts';
import { DEMO_FLAGS, demoFlagsSchema, demoOptions, startDemo } from './demo.ts';

export function waitForSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function serveCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  const { values } = parseFlags(argv, { ...DEMO_FLAGS }, demoFlagsSchema);
  // Listen for the signal before the (long, with --demo) start-up: a Ctrl-C during it then shuts
  // down once it is done instead of being lost.
  const stopRequested = waitForSignal();
  const log = createLogger(cfg.logLevel);
  const db = await openDb({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  // The demo runs on a configuration derived from this one: platforms pointed at its sandboxes.
  const demo = values.demo ? await startDemo(db, cfg, out, demoOptions(values)) : null;
  if (demo) cfg = demo.cfg;
  const rt = createRuntime(cfg, db, log);
  const platforms = loadPlatforms(rt);

  const admin =
    cfg.redisUrl && cfg.operatorToken
      ? adminRouter({ redisUrl: cfg.redisUrl, operatorToken: cfg.operatorToken })
      : null;
  const redis = rt.redis;
  const app = createApp({
    db,
    routers: [
      // Platform routes first: the API answers 404 for any /api/v1 path it does not know, and
      // HubSpot's link editor lives at /api/v1/hubspot/links.
      ...platforms.modules.map((m) => m.router),
      apiRouter(rt),
      ...(admin ? [admin.router] : []),
      ...(demo ? [demo.router] : []),
    ],
    readiness: redis ? { redis: async () => void (await redis.ping()) } : {},
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(cfg.port, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  // Without Redis this process is also the worker; with Redis, `relance worker` processes do the jobs.
  const workers: Workers | null = cfg.redisUrl ? null : startWorkers(rt, platforms, { clock: cfg.clock });
  out(
    `Relance is running at ${cfg.publicUrl.replace(`:${cfg.port}`, `:${port}`)} (${db.kind === 'pglite' ? `embedded database in ${cfg.dataDir}` : 'PostgreSQL'}, ${cfg.redisUrl ? 'jobs on Redis' : 'jobs in this process'})`,
  );
  if (demo) {
    await demo.start(rt, workers, `http://127.0.0.1:${port}`);
    out(`Open ${cfg.publicUrl.replace(`:${cfg.port}`, `:${port}`)}/demo`);
  }

  await stopRequested;
  out('shutting down');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await demo?.close();
  await workers?.stop();
  await admin?.close();
  await rt.close();
  await db.close();
  return 0;
}
