// The background work of a process: the platforms' jobs (syncs, webhook re-reads), the clock (plan,
// then deliver what is due), and the write-back drain. With Redis the clock is a repeatable bull job,
// so one tick runs at a time across all workers; in-process it is a timer.
import { hostname } from 'node:os';
import Bull from 'bull';
import { createSmtpSender, withAcceptanceLookup, type EmailSender } from '../channels/email.ts';
import { createTwilioProvider } from '../channels/sms.ts';
import type { Platforms } from '../platforms.ts';
import type { Runtime } from '../runtime.ts';
import { deliverDue, type DeliveryDeps } from './deliver.ts';
import { tick } from './tick.ts';
import { drainWriteBacks } from './write-back.ts';

export const CLOCK_JOB = 'relance.clock';
export const WRITEBACK_JOB = 'relance.writeback';

export interface Workers {
  /** One tick, delivery and write-back pass now (also what the clock runs). */
  runClock(at?: string): Promise<void>;
  stop(): Promise<void>;
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

  const runClock = async (at?: string) => {
    const now = at ?? new Date().toISOString();
    const planned = await tick(rt.db, { at: now });
    const delivered = await deliverDue({ ...delivery, now: () => at ?? new Date().toISOString() });
    const written = await drainWriteBacks(rt.db, platforms, () => at ?? new Date().toISOString());
    if (planned.actions.length + delivered.sent + delivered.failed + written.done > 0) {
      rt.log.info({ planned: planned.actions.length, ...delivered, writeBacks: written }, 'clock');
    }
  };

  rt.queue.process(WRITEBACK_JOB, async () => {
    await drainWriteBacks(rt.db, platforms);
  });

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let clockQueue: Bull.Queue | null = null;
  let redeclare: NodeJS.Timeout | null = null;
  if (opts.clock) {
    if (rt.queue.kind === 'bull' && rt.cfg.redisUrl) {
      const queue = new Bull(CLOCK_JOB, rt.cfg.redisUrl, { prefix: 'relance' });
      clockQueue = queue;
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
      redeclare = setInterval(() => void declare(), Math.max(5_000, rt.cfg.timings.clockEveryMs * 5));
      void queue.process(1, async () => runClock());
    } else {
      const fire = () => {
        if (running) return;
        running = runClock()
          .catch((err: unknown) => rt.log.error({ err: (err as Error).message }, 'clock failed'))
          .finally(() => {
            running = null;
          });
      };
      timer = setInterval(fire, rt.cfg.timings.clockEveryMs);
      fire();
    }
  }
  return {
    runClock,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
      if (redeclare) clearInterval(redeclare);
      await clockQueue?.close();
      email?.close();
    },
  };
}
