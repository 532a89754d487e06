// Background jobs: bull queues on Redis when REDIS_URL is set (any number of workers share them),
// the same jobs in-process otherwise. A job id derived from what the job does makes enqueuing twice
// harmless; failures retry with exponential backoff and the last failure is kept.
import type Bull from 'bull';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';

export interface JobOptions {
  /** Same id while the job waits or runs = one job. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

export interface JobMeta {
  jobId: string;
  attempt: number;
}

export type JobHandler<T> = (data: T, meta: JobMeta) => Promise<void>;

export interface JobQueue {
  readonly kind: 'bull' | 'in-process';
  add<T>(name: string, data: T, opts?: JobOptions): Promise<void>;
  process<T>(name: string, handler: JobHandler<T>, concurrency?: number): void;
  /** Resolves when nothing is waiting or running (in-process); for tests and graceful shutdown. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_ATTEMPTS = 5;
const BACKOFF_MS = 1000;

interface Pending {
  id: string;
  data: unknown;
  attempt: number;
  attempts: number;
  runAt: number;
}

export function createInProcessQueue(
  opts: { onFailed?: (name: string, id: string, err: unknown) => void } = {},
): JobQueue {
  const handlers = new Map<string, { handler: JobHandler<unknown>; concurrency: number; running: number }>();
  const waiting = new Map<string, Pending[]>();
  const live = new Set<string>(); // name|id of jobs waiting or running
  let closed = false;
  let counter = 0;
  const timers = new Set<NodeJS.Timeout>();

  const pump = (name: string) => {
    const h = handlers.get(name);
    const list = waiting.get(name);
    if (!h || !list || closed) return;
    const now = Date.now();
    while (h.running < h.concurrency) {
      const i = list.findIndex((p) => p.runAt <= now);
      if (i < 0) break;
      const job = list.splice(i, 1)[0] as Pending;
      h.running++;
      void h
        .handler(job.data, { jobId: job.id, attempt: job.attempt })
        .then(
          () => live.delete(`${name}|${job.id}`),
          (err: unknown) => {
            if (job.attempt < job.attempts && !closed) {
              schedule(name, {
                ...job,
                attempt: job.attempt + 1,
                runAt: Date.now() + BACKOFF_MS * 2 ** (job.attempt - 1),
              });
            } else {
              live.delete(`${name}|${job.id}`);
              opts.onFailed?.(name, job.id, err);
            }
          },
        )
        .finally(() => {
          h.running--;
          pump(name);
        });
    }
    const next = list.reduce((m, p) => Math.min(m, p.runAt), Infinity);
    if (next !== Infinity && next > now) {
      const t = setTimeout(() => {
        timers.delete(t);
        pump(name);
      }, next - now);
      timers.add(t);
    }
  };
  const schedule = (name: string, job: Pending) => {
    let list = waiting.get(name);
    if (!list) waiting.set(name, (list = []));
    list.push(job);
    setImmediate(() => pump(name));
  };

  return {
    kind: 'in-process',
    async add(name, data, o = {}) {
      if (closed) throw new Error('queue closed');
      const id = o.jobId ?? `auto-${++counter}`;
      const key = `${name}|${id}`;
      if (live.has(key)) return;
      live.add(key);
      schedule(name, {
        id,
        data,
        attempt: 1,
        attempts: o.attempts ?? DEFAULT_ATTEMPTS,
        runAt: Date.now() + (o.delayMs ?? 0),
      });
    },
    process(name, handler, concurrency = 1) {
      handlers.set(name, { handler: handler as JobHandler<unknown>, concurrency, running: 0 });
      pump(name);
    },
    async idle() {
      while (live.size > 0) await sleep(10);
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      while ([...handlers.values()].some((h) => h.running > 0)) await sleep(10);
    },
  };
}

export function createBullQueue(
  redisUrl: string,
  prefix = 'relance',
  onError?: (queue: string, err: Error) => void,
): JobQueue {
  // Loaded here, not at the top: a process without Redis never loads bull (nor lodash under it).
  const BullQueue = createRequire(import.meta.url)('bull') as typeof Bull;
  const queues = new Map<string, Bull.Queue>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = new BullQueue(name, redisUrl, { prefix });
      // Redis going away (a restart, a failover) is reported here; bull reconnects by itself.
      q.on('error', (err: Error) => onError?.(name, err));
      queues.set(name, q);
    }
    return q;
  };
  return {
    kind: 'bull',
    async add(name, data, o = {}) {
      await queue(name).add(data, {
        jobId: o.jobId,
        delay: o.delayMs,
        attempts: o.attempts ?? DEFAULT_ATTEMPTS,
        backoff: { type: 'exponential', delay: BACKOFF_MS },
        removeOnComplete: true,
        removeOnFail: 1000, // failed jobs stay visible
      });
    },
    process(name, handler, concurrency = 1) {
      void queue(name).process(concurrency, async (job) => {
        await handler(job.data, { jobId: String(job.id), attempt: job.attemptsMade + 1 });
      });
    },
    async idle() {
      for (;;) {
        let busy = 0;
        for (const q of queues.values()) {
          const c = await q.getJobCounts();
          busy += c.waiting + c.active + c.delayed;
        }
        if (busy === 0) return;
        await sleep(50);
      }
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

export function createQueue(
  redisUrl: string | null,
  onError?: (queue: string, err: Error) => void,
): JobQueue {
  return redisUrl ? createBullQueue(redisUrl, 'relance', onError) : createInProcessQueue();
}
