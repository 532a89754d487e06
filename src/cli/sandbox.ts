// `relance sandbox quickbooks|xero|hubspot [--port N] [flags]`: a platform's local double with a generated
// demo ledger, running until interrupted, for trying Relance or pointing a test at it.
import type { Config } from '../config.ts';
import { UsageError } from './args.ts';
import type { Out } from './commands.ts';

export async function sandboxCommand(argv: string[], _cfg: Config, out: Out): Promise<number> {
  const [platform, ...rest] = argv;
  let running: { close(): Promise<void> };
  try {
    if (platform === 'quickbooks') {
      const qb = await import('../../connectors/quickbooks/sandbox/main.ts');
      const sandbox = await qb.startSandboxFromCli(rest);
      for (const line of qb.describeQuickBooksSandbox(sandbox)) out(line);
      running = sandbox;
    } else if (platform === 'xero') {
      const xero = await import('../../connectors/xero/sandbox/main.ts');
      const sandbox = await xero.startXeroSandboxFromCli(rest);
      for (const line of xero.describeXeroSandbox(sandbox, rest)) out(line);
      running = sandbox;
    } else if (platform === 'hubspot') {
      const hubspot = await import('../../connectors/hubspot/sandbox/main.ts');
      const sandbox = await hubspot.startHubSpotSandboxFromCli(rest);
      for (const line of hubspot.describeHubSpotSandbox(sandbox)) out(line);
      running = sandbox;
    } else {
      throw new UsageError('expected a platform: relance sandbox quickbooks|xero|hubspot [--port N]');
    }
  } catch (err) {
    if (err instanceof TypeError && /^(--|invalid option)/.test(err.message))
      throw new UsageError(err.message);
    throw err;
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}
