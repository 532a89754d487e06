// The in-process clock: a tick every interval, never two at once. (With Redis, a repeatable bull
// job plays this part so that one tick runs across all workers.)
import type { Db } from '../store/db.ts';
import type { Logger } from '../logger.ts';
import { tick } from './tick.ts';

export interface Clock {
  stop(): Promise<void>;
}

export function startClock(db: Db, log: Logger, intervalMs = 60_000): Clock {
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        const result = await tick(db, { at: new Date().toISOString() });
        if (result.actions.length > 0)
          log.info({ customers: result.customersPlanned, actions: result.actions.length }, 'tick');
      } catch (err) {
        log.error({ err }, 'tick failed');
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(run, intervalMs);
  run();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
