// The demo's configuration, derived from the real one: QuickBooks and Xero pointed at the in-process
// sandboxes with the demo clients, mail to the embedded catcher, jobs in this process. The
// environment itself is never touched.
import type { Config } from '../config.ts';
import type { DemoSandboxes } from './sandboxes.ts';

export const DEMO_MAIL_FROM = 'reminders@demo.relance.localhost';

export function demoConfig(cfg: Config, sandboxes: DemoSandboxes, smtpUrl: string): Config {
  const { quickbooks: qb, xero, clients } = sandboxes;
  return {
    ...cfg,
    // The sync jobs must run where the sandboxes are: in this process.
    redisUrl: null,
    // The demo starts the clock itself once the first syncs are done (see index.ts).
    clock: false,
    smtpUrl,
    smtpLookupUrl: null,
    mailFrom: DEMO_MAIL_FROM,
    // Spread first: any endpoint added to the configuration later keeps a value, then ours.
    quickbooks: {
      ...cfg.quickbooks,
      clientId: clients.quickbooks.clientId,
      clientSecret: clients.quickbooks.clientSecret,
      webhookVerifierToken: clients.quickbooks.verifierToken,
      apiBase: qb.urls.apiBase,
      authorizeUrl: qb.urls.authorize,
      tokenUrl: qb.urls.token,
      revokeUrl: qb.urls.revoke,
      userinfoUrl: `${qb.url}/v1/openid_connect/userinfo`,
    },
    xero: {
      ...cfg.xero,
      clientId: clients.xero.clientId,
      clientSecret: clients.xero.clientSecret,
      webhookKey: clients.xero.webhookKey,
      apiBase: xero.apiUrl,
      authorizeUrl: `${xero.url}/identity/connect/authorize`,
      tokenUrl: `${xero.url}/connect/token`,
      connectionsUrl: `${xero.url}/connections`,
    },
  };
}
