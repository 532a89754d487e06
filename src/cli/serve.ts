// `relance serve`: the web app, and the clock when RELANCE_CLOCK is on, in one process on the
// embedded defaults. Shuts down gracefully on SIGINT/SIGTERM.
import type { Server } from 'node:http';
import { z } from 'zod';
import type { Config } from '../config.ts';
import { createApp } from '../http/app.ts';
import { startClock } from '../jobs/clock.ts';
import { createLogger } from '../logger.ts';
import { openDb } from '../store/open.ts';
import { parseFlags } from './args.ts';
import type { Out } from './commands.ts';
import { seedDemo } from './demo.ts';

export async function serveCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  const { values } = parseFlags(
    argv,
    { demo: { type: 'boolean' } },
    z.object({ demo: z.boolean().optional() }),
  );
  const log = createLogger(cfg.logLevel);
  const db = await openDb({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  if (values.demo) await seedDemo(db, cfg, out);
  const app = createApp({ db });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(cfg.port, () => resolve(s));
  });
  const clock = cfg.clock ? startClock(db, log) : null;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.port;
  out(
    `Relance is running at ${cfg.publicUrl.replace(`:${cfg.port}`, `:${port}`)} (${db.kind === 'pglite' ? `embedded database in ${cfg.dataDir}` : 'PostgreSQL'})`,
  );

  await new Promise<void>((resolve) => {
    const shutdown = () => resolve();
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  out('shutting down');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await clock?.stop();
  await db.close();
  return 0;
}
