// `relance serve --demo` (what `npm start` runs): with no platform credentials configured, a
// QuickBooks and a Xero sandbox in this process, each with a generated company, connected through
// the real OAuth flow and synced through the real connectors, sending on, and an SMTP catcher
// whose mail /demo/api/messages shows. In three steps around the server's own start-up:
//   startDemo  before the runtime: sandboxes, catcher, the derived configuration, the routes;
//   start      once the app listens and the workers run: each firm through OAuth and its sync,
//              with progress on the console, then the clock.
import net from 'node:net';
import type express from 'express';
import type { Config } from '../config.ts';
import type { Out } from '../cli/commands.ts';
import { addDays, type LocalDate } from '../core/dates.ts';
import type { Workers } from '../jobs/workers.ts';
import type { Runtime } from '../runtime.ts';
import type { Db } from '../store/db.ts';
import { demoConfig } from './config.ts';
import { openDemoDisputes } from './disputes.ts';
import { connectThroughOAuth, PLATFORM_LABEL, type DemoPlatform } from './connect.ts';
import { findDemoFirms, prepareNewDemoFirm, type DemoFirm } from './firms.ts';
import { waitForSync } from './progress.ts';
import { demoRouter } from './routes.ts';
import { DEFAULT_SIZE, startDemoSandboxes, type LedgerSize } from './sandboxes.ts';
import { startSmtpCatcher } from './smtp-catcher.ts';

export { DEFAULT_SIZE, type LedgerSize } from './sandboxes.ts';

export interface Demo {
  cfg: Config;
  router: express.Router;
  /** Once the app listens and the workers run: both firms through OAuth and their syncs, then the clock. */
  start(rt: Runtime, workers: Workers | null, appUrl: string): Promise<void>;
  close(): Promise<void>;
}

export interface DemoOptions {
  size?: LedgerSize;
  /** How long to wait for the first syncs before serving anyway. */
  syncTimeoutMs?: number;
}

const PLATFORMS: DemoPlatform[] = ['quickbooks', 'xero'];

export function realCredentialsConfigured(cfg: Config): boolean {
  return Boolean(cfg.quickbooks.clientId || cfg.xero.clientId || cfg.hubspot.clientId);
}

/** Null (and one line saying why) when real credentials are configured. */
export async function startDemo(db: Db, cfg: Config, out: Out, opts: DemoOptions = {}): Promise<Demo | null> {
  if (realCredentialsConfigured(cfg)) {
    out('demo off: platform credentials are configured (QUICKBOOKS_*, XERO_* or HUBSPOT_*)');
    return null;
  }
  // OAuth needs the address the platforms send the browser back to before the app listens: with
  // PORT=0 (any free port) and no PUBLIC_URL, the demo picks the port now.
  if (cfg.port === 0 && cfg.publicUrl === 'http://localhost:0') {
    const port = await freePort();
    cfg = { ...cfg, port, publicUrl: `http://localhost:${port}` };
  }
  const size = opts.size ?? DEFAULT_SIZE;
  const before = await findDemoFirms(db);
  const startedAt = Date.now();
  const sandboxes = await startDemoSandboxes({
    anchors: { quickbooks: anchorOf(before, 'quickbooks'), xero: anchorOf(before, 'xero') },
    size,
    webhookBase: cfg.publicUrl,
  });
  const catcher = await startSmtpCatcher({ keep: 500 }).catch(async (err: unknown) => {
    await sandboxes.close();
    throw err;
  });
  if (cfg.redisUrl) out('demo: jobs run in this process, beside the sandboxes (REDIS_URL is not used)');
  out(
    `demo: QuickBooks sandbox on ${sandboxes.quickbooks.url}, Xero sandbox on ${sandboxes.xero.url}, ` +
      `mail catcher on ${catcher.url} (ledgers generated in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`,
  );
  const derived = demoConfig(cfg, sandboxes, catcher.url);
  const known = new Map(before.map((f) => [f.platform, f]));

  let clock: { stop(): void } | null = null;

  return {
    cfg: derived,
    router: demoRouter({ db, catcher, signInPath }),
    async start(rt, workers, appUrl) {
      // A problem from here on is reported and the server stays up, to be looked at in the panel.
      try {
        const started = Date.now();
        // One firm after the other: the embedded database copes best with one sync at a time.
        for (const platform of PLATFORMS) {
          const previous = known.get(platform);
          await connectThroughOAuth(appUrl, derived.publicUrl, platform);
          const firm = (await rt.db.tx((sql) => findDemoFirms(sql))).find((f) => f.platform === platform);
          if (!firm || firm.status !== 'active')
            throw new Error(`the ${PLATFORM_LABEL[platform]} OAuth flow left no active connection`);
          if (!previous) await prepareNewDemoFirm(rt.db, firm.firmId);
          out(
            `demo: ${firm.name} ${previous ? 'reconnected' : 'connected'} through ${PLATFORM_LABEL[platform]} OAuth, sending on`,
          );
          const synced = await waitForSync(rt.db, {
            platform,
            total: sandboxes.invoiceTotals[platform],
            previousSyncAt: previous?.lastSyncAt ?? null,
            incremental: Boolean(previous),
            out,
            timeoutMs: opts.syncTimeoutMs ?? 120_000,
          });
          if (!previous && synced) {
            const disputes = await openDemoDisputes(
              rt.db,
              firm.firmId,
              firm.connectionId,
              Math.max(2, Math.round(size.customers / 30)),
            );
            out(`demo: ${disputes} disputes recorded for ${firm.name}'s most contentious customers`);
          }
        }
        out(`demo: both firms connected and synced in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        // The clock starts now, on complete ledgers: the first reminders go out at once.
        if (workers && cfg.clock) {
          clock = startClock(workers, cfg.timings.clockEveryMs, (err) =>
            rt.log.error({ err: err.message }, 'demo clock failed'),
          );
          out(
            `demo: the clock runs now and every ${cfg.timings.clockEveryMs / 1000} s; the reminders it sends appear on the demo page`,
          );
        }
      } catch (err) {
        out(`demo: ${(err as Error).message}`);
      }
    },
    async close() {
      clock?.stop();
      await catcher.close();
      await sandboxes.close();
    },
  };
}

/**
 * The books' "today": the day the demo firm was first connected, so that every later start rebuilds
 * exactly the books already synced; today for a new demo. (Delete the data dir to start afresh.)
 */
function anchorOf(firms: DemoFirm[], platform: DemoPlatform): LocalDate {
  const firm = firms.find((f) => f.platform === platform);
  const today = new Date().toISOString().slice(0, 10);
  if (!firm) return today;
  const day = firm.firmCreatedAt.slice(0, 10);
  return day > today ? today : addDays(day, 0);
}

/** Where "Open the panel as <firm>" leads: sign-in through the firm's platform. */
function signInPath(platform: DemoPlatform): string {
  return `/signin/${platform}`;
}

/**
 * The planner's clock for the demo: one run at once (a run delivers everything due, which can take
 * a while at the platforms' rate limits), the next beat skipped while one is still going.
 */
function startClock(workers: Workers, everyMs: number, onError: (err: Error) => void): { stop(): void } {
  let running = false;
  const beat = () => {
    if (running) return;
    running = true;
    workers
      .runClock()
      .catch((err: unknown) => onError(err as Error))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(beat, everyMs);
  beat();
  return { stop: () => clearInterval(timer) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
