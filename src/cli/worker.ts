// `relance worker`: the background jobs (syncs, webhook re-reads, the clock, deliveries, write-backs)
// on the bull queues in Redis. Run any number, on any number of machines; they share the work.
// RELANCE_CLOCK=off leaves the clock to other workers (syncs and deliveries of webhooks still run).
import { z } from 'zod';
import type { Config } from '../config.ts';
import { startWorkers } from '../jobs/workers.ts';
import { createLogger } from '../logger.ts';
import { loadPlatforms } from '../platforms.ts';
import { createRuntime } from '../runtime.ts';
import { openDb } from '../store/open.ts';
import { parseFlags, UsageError } from './args.ts';
import type { Out } from './commands.ts';

// Not imported from serve.ts: a worker starts without the web app's modules.
function waitForSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

export async function workerCommand(argv: string[], cfg: Config, out: Out): Promise<number> {
  parseFlags(argv, {}, z.object({}));
  if (!cfg.redisUrl)
    throw new UsageError('REDIS_URL is not set: without Redis, `relance serve` runs the jobs itself');
  const log = createLogger(cfg.logLevel);
  const db = await openDb({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  const rt = createRuntime(cfg, db, log);
  const workers = startWorkers(rt, loadPlatforms(rt), { clock: cfg.clock });
  out(`worker ${process.pid} running (${cfg.clock ? 'with' : 'without'} the clock)`);
  await waitForSignal();
  // Graceful shutdown: claim nothing more, finish the send in flight (bounded), hand back the
  // actions claimed and not started so another worker takes them at once; bull hands back its jobs
  // when its queues close. A second signal does not wait.
  out(`worker ${process.pid} stopping`);
  const again = () => process.exit(130);
  process.once('SIGINT', again);
  process.once('SIGTERM', again);
  await workers.stop();
  await rt.close();
  await db.close();
  return 0;
}
