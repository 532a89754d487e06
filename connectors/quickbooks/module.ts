// The QuickBooks module as the server wires it: the connector, its routes and its jobs.
import { randomBytes } from 'node:crypto';
import type express from 'express';
import type { Connector } from '../sdk/connector.ts';
import { quickbooksRouter } from '../../src/http/routes/quickbooks/router.ts';
import { registerQuickBooksJobs } from '../../src/jobs/quickbooks-jobs.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createQuickBooksConnector } from './connector.ts';
import { storeLedgerLookup } from './ledger-lookup.ts';
import { stateKey } from './oauth-state.ts';
import { quickbooksSettings, type QuickBooksSettings } from './settings.ts';

export interface QuickBooksModule {
  connector: Connector;
  router: express.Router;
  registerJobs(): void;
}

export function quickbooksModule(
  rt: Runtime,
  overrides: Partial<QuickBooksSettings> = {},
  counter?: { calls: number },
): QuickBooksModule {
  const settings = quickbooksSettings(rt.cfg, overrides);
  const connector = createQuickBooksConnector({ settings, lookup: storeLedgerLookup(rt.db), counter });
  // The state key derives from the encryption key; without one, states last as long as the process.
  const key = stateKey(rt.cfg.encryptionKey ?? rt.cfg.quickbooks.clientSecret ?? randomBytes(32));
  return {
    connector,
    router: quickbooksRouter({ rt, connector, stateKey: key, now: settings.now }),
    registerJobs: () => registerQuickBooksJobs(rt, connector),
  };
}
