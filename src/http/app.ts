// The express application: health and readiness now; OAuth, webhooks and the panel's API mount here.
import express from 'express';
import type { Db } from '../store/db.ts';
import { pendingMigrations } from '../store/migrate.ts';
import { webRouter, type WebOptions } from './web.ts';

export interface AppDeps {
  db: Db;
  /** Extra readiness checks (e.g. Redis), each resolving when its dependency is reachable. */
  readiness?: Record<string, () => Promise<void>>;
  /** Platform routes (OAuth, webhooks, launch), each bringing its own body parsing. */
  routers?: express.Router[];
  /** The web panel at /app/ (and `/` redirecting there); false leaves it out. */
  web?: WebOptions | false;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    let ready = true;
    try {
      const pending = await pendingMigrations(deps.db);
      checks.database = pending.length === 0 ? 'ok' : `pending migrations: ${pending.join(', ')}`;
      if (pending.length > 0) ready = false;
    } catch (err) {
      checks.database = `unreachable: ${(err as Error).message}`;
      ready = false;
    }
    for (const [name, check] of Object.entries(deps.readiness ?? {})) {
      try {
        await check();
        checks[name] = 'ok';
      } catch (err) {
        checks[name] = `unreachable: ${(err as Error).message}`;
        ready = false;
      }
    }
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });

  for (const router of deps.routers ?? []) app.use(router);
  if (deps.web !== false) app.use(webRouter(deps.web ?? {}));

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  // Errors answer JSON and never leak internals; the detail goes to the log.
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status =
      typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    res.status(status).json({ error: status >= 500 ? 'internal_error' : (err as Error).message });
  });
  return app;
}
