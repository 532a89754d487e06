// The background work of a process: the platforms' jobs (syncs, webhook re-reads), the clock (plan,
// then deliver what is due), and the write-back drain. With Redis the clock is a repeatable bull job,
// so one tick runs at a time across all workers; in-process it is a timer.
import { hostname } from 'node:os';
import { createSmtpSender, withAcceptanceLookup, type EmailSender } from '../channels/email.ts';
import { createTwilioProvider } from '../channels/sms.ts';
import type { Platforms } from '../platforms.ts';
import type { Runtime } from '../runtime.ts';
import { deliverDue, type DeliveryDeps } from './deliver.ts';
import { releaseClaims } from './outbox.ts';
import { tick } from './tick.ts';
import { drainWriteBacks } from './write-back.ts';

export const CLOCK_JOB = 'relance.clock';
export const WRITEBACK_JOB = 'relance.writeback';

export interface Workers {
  /** One tick, delivery and write-back pass now (also what the clock runs). */
  runClock(at?: string): Promise<void>;
  /**
   * Graceful shutdown: claims nothing more, lets the send in flight finish (up to `graceMs`, default
   * 10 s), and hands back at once the actions it claimed and did not start.
   */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

/** Where Message-IDs live: MAIL_FROM's domain, else the public URL's host when it is a real name. */
export function messageDomain(rt: Runtime): string {
  const fromMail = rt.cfg.mailFrom?.split('@')[1];
  if (fromMail) return fromMail;
  const host = new URL(rt.cfg.publicUrl).hostname;
  return host.includes('.') ? host : 'relance.localhost';
}

export function startWorkers(
  rt: Runtime,
  platforms: Platforms,
  opts: { clock: boolean; email?: EmailSender | null },
): Workers {
  for (const m of platforms.modules) m.registerJobs();
  const smtp = rt.cfg.smtpUrl ? createSmtpSender(rt.cfg.smtpUrl) : null;
  // Where the relay can say whether it accepted a Message-ID, a retry after an unknown outcome asks.
  const email =
    opts.email !== undefined
      ? opts.email
      : smtp && rt.cfg.smtpLookupUrl
        ? withAcceptanceLookup(smtp, rt.cfg.smtpLookupUrl)
        : smtp;
  const tw = rt.cfg.twilio;
  const delivery: DeliveryDeps = {
    db: rt.db,
    email,
    sms: tw
      ? createTwilioProvider({
          accountSid: tw.accountSid,
          authToken: tw.authToken,
          from: tw.from,
          baseUrl: tw.apiBase,
        })
      : null,
    mailFrom: rt.cfg.mailFrom,
    domain: messageDomain(rt),
    hostBalances: platforms.hostBalances,
    workerId: `${hostname()}:${process.pid}`,
    now: () => new Date().toISOString(),
    log: rt.log,
    leaseMs: rt.cfg.timings.leaseMs,
    retryBaseMs: rt.cfg.timings.retryBaseMs,
  };

  const plan = async (at?: string) => {
    const planned = await tick(rt.db, { at: at ?? new Date().toISOString() });
    if (planned.actions.length > 0) rt.log.info({ planned: planned.actions.length }, 'tick');
  };
  // Delivering and writing back are safe in every worker at once (claims use SKIP LOCKED), so each
  // worker drives them with its own timer: they go on whatever happens to Redis.
  let stopping = false;
  const held = new Set<string>();
  const deliver = async (at?: string) => {
    const delivered = await deliverDue(
      { ...delivery, now: () => at ?? new Date().toISOString() },
      { stopping: () => stopping, held },
    );
    if (stopping) return;
    const written = await drainWriteBacks(rt.db, platforms, () => at ?? new Date().toISOString());
    if (delivered.sent + delivered.failed + delivered.cancelled + written.done > 0) {
      rt.log.info({ ...delivered, writeBacks: written }, 'delivery');
    }
  };
  const runClock = async (at?: string) => {
    await plan(at);
    await deliver(at);
  };

  rt.queue.process(WRITEBACK_JOB, async () => {
    await drainWriteBacks(rt.db, platforms);
  });

  const every = (fn: () => Promise<void>, what: string) => {
    let running: Promise<void> | null = null;
    const fire = () => {
      if (running || stopping) return;
      running = fn()
        .catch((err: unknown) => rt.log.error({ err: (err as Error).message }, `${what} failed`))
        .finally(() => {
          running = null;
        });
    };
    const timer = setInterval(fire, rt.cfg.timings.clockEveryMs);
    fire();
    return {
      stop: () => clearInterval(timer),
      idle: async () => {
        await running;
      },
    };
  };

  const loops: { stop(): void; idle(): Promise<void> }[] = [];
  const closers: (() => Promise<void>)[] = [];
  if (opts.clock) {
    if (rt.queue.kind === 'bull' && rt.cfg.redisUrl) {
      // Planning is the bull clock: a repeatable job, so one tick runs at a time across workers.
      const redisUrl = rt.cfg.redisUrl;
      const clock = import('bull').then(({ default: BullQueue }) => {
        const queue = new BullQueue(CLOCK_JOB, redisUrl, { prefix: 'relance' });
        queue.on('error', (err) => rt.log.warn({ err: err.message }, 'clock queue'));
        // The repeatable job lives in Redis: declare it again now and then (the same repeat key, so
        // once), so that a Redis restarted without persistence gets its clock back.
        const declare = () =>
          queue
            .add(
              {},
              {
                repeat: { every: rt.cfg.timings.clockEveryMs },
                jobId: CLOCK_JOB,
                removeOnComplete: true,
                removeOnFail: 100,
              },
            )
            .catch((err: unknown) => rt.log.warn({ err: (err as Error).message }, 'clock declare'));
        void declare();
        const redeclare = setInterval(() => void declare(), Math.max(5_000, rt.cfg.timings.clockEveryMs * 5));
        void queue.process(1, async () => {
          if (!stopping) await plan();
        });
        return { queue, redeclare };
      });
      closers.push(async () => {
        const { queue, redeclare } = await clock;
        clearInterval(redeclare);
        await queue.close();
      });
      loops.push(every(() => deliver(), 'delivery'));
    } else {
      loops.push(every(() => runClock(), 'clock'));
    }
  }
  return {
    runClock,
    async stop(o = {}) {
      stopping = true;
      for (const l of loops) l.stop();
      // Finish the send in flight, within bounds; a send that outlasts them keeps its row lock until
      // the process exits, and its lease then brings it back with the relay asked first.
      const grace = new Promise<'timeout'>((resolve) => {
        const t = setTimeout(() => resolve('timeout'), o.graceMs ?? 10_000);
        t.unref();
      });
      const finished = await Promise.race([
        Promise.all(loops.map((l) => l.idle())).then(() => 'done'),
        grace,
      ]);
      if (finished === 'timeout') rt.log.warn({ held: held.size }, 'shutdown: a delivery is still in flight');
      if (held.size > 0) {
        const released = await releaseClaims(rt.db, delivery.workerId, [...held]).catch((err: unknown) => {
          rt.log.warn({ err: (err as Error).message }, 'shutdown: could not release claims');
          return 0;
        });
        if (released > 0) rt.log.info({ released }, 'shutdown: claims handed back');
      }
      for (const close of closers) await close();
      email?.close();
    },
  };
}
