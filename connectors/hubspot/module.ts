// The HubSpot module as the server wires it: the connector, its routes (install, card, links), its
// job (matching) and its write-back drain (notes, call tasks, company properties).
import { randomBytes } from 'node:crypto';
import type express from 'express';
import type { Connector } from '../sdk/connector.ts';
import { hubspotRouter } from '../../src/http/routes/hubspot/router.ts';
import { hubspotStateKey } from '../../src/http/routes/hubspot/oauth-state.ts';
import { HUBSPOT_MATCH_JOB, matchCustomers } from '../../src/jobs/hubspot-match.ts';
import { drainHubSpotWriteBacks, type HubSpotDrainCounts } from '../../src/jobs/hubspot-write-back.ts';
import type { Runtime } from '../../src/runtime.ts';
import { createHubSpotConnector } from './connector.ts';
import { hubspotService, type HubSpotService } from './service.ts';
import { hubspotSettings, type HubSpotSettings } from './settings.ts';

export interface HubSpotModule {
  connector: Connector;
  router: express.Router;
  service: HubSpotService;
  /** Signs the OAuth state and the `firm` parameter of /connect/hubspot (signFirmParam). */
  stateKey: Buffer;
  registerJobs(): void;
  drainWriteBacks(now?: () => string): Promise<HubSpotDrainCounts>;
}

export function hubspotModule(rt: Runtime, overrides: Partial<HubSpotSettings> = {}): HubSpotModule {
  const settings = hubspotSettings(rt.cfg, overrides);
  const connector = createHubSpotConnector(settings);
  const service = hubspotService(rt, settings, connector);
  const key = hubspotStateKey(rt.cfg.encryptionKey ?? rt.cfg.hubspot.clientSecret ?? randomBytes(32));
  return {
    connector,
    service,
    stateKey: key,
    router: hubspotRouter(service, key),
    registerJobs() {
      rt.queue.process<{ connectionId: string }>(HUBSPOT_MATCH_JOB, async (data) => {
        const summary = await matchCustomers(service, String(data.connectionId));
        rt.log.info({ connectionId: data.connectionId, ...summary }, 'hubspot matching');
      });
    },
    drainWriteBacks: (now) => drainHubSpotWriteBacks(service, now),
  };
}
