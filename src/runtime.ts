// What a running Relance process is made of, built once from the configuration: the database, the
// job queue, the token cipher, the shared rate limiters, the connectors. Routes and jobs take it.
import { Redis } from 'ioredis';
import type { Connector, PlatformName } from '../connectors/sdk/connector.ts';
import {
  createMemoryLimiter,
  createRedisLimiter,
  type LimitSpec,
  type RateLimiter,
} from '../connectors/sdk/rate-limiter.ts';
import type { TokenCipher } from '../connectors/sdk/token-crypto.ts';
import type { Config } from './config.ts';
import { createQueue, type JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import type { Db } from './store/db.ts';
import { tokenCipher } from './store/secrets.ts';

export interface Runtime {
  cfg: Config;
  db: Db;
  queue: JobQueue;
  cipher: TokenCipher;
  log: Logger;
  redis: Redis | null;
  connectors: Map<PlatformName, Connector>;
  /** One limiter per platform and name, shared by every worker through Redis when there is one. */
  limiter(name: string, spec: LimitSpec): RateLimiter;
  close(): Promise<void>;
}

export function createRuntime(cfg: Config, db: Db, log: Logger, queue?: JobQueue): Runtime {
  const redis = cfg.redisUrl
    ? new Redis(cfg.redisUrl, { maxRetriesPerRequest: 3, lazyConnect: false })
    : null;
  redis?.on('error', (err) => log.warn({ err: err.message }, 'redis'));
  const limiters = new Map<string, RateLimiter>();
  const jobs =
    queue ?? createQueue(cfg.redisUrl, (name, err) => log.warn({ queue: name, err: err.message }, 'queue'));
  return {
    cfg,
    db,
    queue: jobs,
    cipher: tokenCipher(cfg),
    log,
    redis,
    connectors: new Map(),
    limiter(name, spec) {
      let l = limiters.get(name);
      if (!l)
        limiters.set(name, (l = redis ? createRedisLimiter(redis, name, spec) : createMemoryLimiter(spec)));
      return l;
    },
    async close() {
      await jobs.close();
      redis?.disconnect();
    },
  };
}
