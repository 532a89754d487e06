// `relance sandbox hubspot [--port N]`: the HubSpot double with its seeded CRM, until interrupted.
import { parseArgs } from 'node:util';
import { startHubSpotSandbox, type RunningHubSpotSandbox } from './index.ts';

export async function startHubSpotSandboxFromCli(argv: string[]): Promise<RunningHubSpotSandbox> {
  let values: { port?: string };
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: true }));
  } catch (err) {
    throw new TypeError(`invalid option: ${(err as Error).message}`, { cause: err });
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TypeError('--port: expected a port number from 0 to 65535');
  return startHubSpotSandbox({ port });
}

export function describeHubSpotSandbox(s: RunningHubSpotSandbox): string[] {
  return [
    `HubSpot sandbox at ${s.urls.apiBase} (portal ${s.state.hubId}, ${s.state.store('companies').size} companies)`,
    `  HUBSPOT_CLIENT_ID=${s.state.clientId}`,
    `  HUBSPOT_CLIENT_SECRET=${s.state.clientSecret}`,
    `  HUBSPOT_API_BASE=${s.urls.apiBase}`,
    `  HUBSPOT_AUTHORIZE_URL=${s.urls.authorize}`,
    `  HUBSPOT_TOKEN_URL=${s.urls.token}`,
  ];
}
