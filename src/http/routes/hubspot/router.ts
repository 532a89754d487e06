// Every public HubSpot route: the install (connect, OAuth callback: the app's redirect URL), the
// card's backend (a permitted fetch URL of the app), and the panel's link editor.
import express from 'express';
import { HUBSPOT_PATHS } from '../../../../connectors/hubspot/settings.ts';
import type { HubSpotService } from '../../../../connectors/hubspot/service.ts';
import { callbackHandler } from './callback.ts';
import { cardRouter } from './card.ts';
import { connectHandler } from './connect.ts';
import { linksRouter } from './links.ts';

export function hubspotRouter(svc: HubSpotService, stateKey: Buffer): express.Router {
  const router = express.Router();
  router.get(HUBSPOT_PATHS.connect, ...connectHandler(svc, stateKey));
  router.get(HUBSPOT_PATHS.callback, callbackHandler(svc, stateKey));
  router.use(HUBSPOT_PATHS.card, cardRouter(svc));
  router.use(HUBSPOT_PATHS.links, linksRouter(svc));
  return router;
}
