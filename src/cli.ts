// The `relance` command: one line of help per subcommand; errors are one clear line and a
// non-zero exit (2 for a usage mistake, 1 for a failure).
import { ConfigError, loadConfig } from './config.ts';
import { UsageError } from './cli/args.ts';
import {
  agingCommand,
  firmsCommand,
  importCommand,
  migrateCommand,
  previewCommand,
  tickCommand,
  type Out,
} from './cli/commands.ts';
import type { Config } from './config.ts';

type Command = (argv: string[], cfg: Config, out: Out) => Promise<number>;

const COMMANDS: Record<string, { run: () => Promise<Command>; help: string }> = {
  serve: {
    run: async () => (await import('./cli/serve.ts')).serveCommand,
    help: 'serve [--demo]                 start the web server, webhooks and the clock',
  },
  worker: {
    run: async () => (await import('./cli/worker.ts')).workerCommand,
    help: 'worker                         run background jobs from Redis (any number of workers share them)',
  },
  migrate: {
    run: async () => migrateCommand,
    help: 'migrate                        apply database migrations',
  },
  import: {
    run: async () => importCommand,
    help: 'import --firm "<name>" <file>  load customers, invoices, payments, credit notes (CSV or JSON)',
  },
  firms: { run: async () => firmsCommand, help: 'firms [--json] | firms sending <firm id> on|off' },
  aging: {
    run: async () => agingCommand,
    help: 'aging [--firm ID] [--at YYYY-MM-DD] [--json]   aged balance per firm and currency',
  },
  preview: {
    run: async () => previewCommand,
    help: 'preview [--firm ID] [--at ISO] [--days N] [--json]   what would happen, without doing it',
  },
  tick: {
    run: async () => tickCommand,
    help: 'tick [--at ISO] [--firm ID] [--json]   plan and carry out what is due at that instant',
  },
  sandbox: {
    run: async () => (await import('./cli/sandbox.ts')).sandboxCommand,
    help: 'sandbox quickbooks|xero [--port N]   run a local platform double',
  },
};

function usage(): string {
  return [
    'usage: relance <command> [flags]',
    '',
    ...Object.values(COMMANDS).map((c) => `  relance ${c.help}`),
  ].join('\n');
}

export async function main(
  argv: string[],
  out: Out = (l) => console.log(l),
  err: Out = (l) => console.error(l),
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`relance: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    const cfg = loadConfig();
    return await (
      await command.run()
    )(rest, cfg, out);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`relance ${name}: ${e.message}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      err(`relance: ${e.message}`);
      return 2;
    }
    err(`relance ${name}: ${(e as Error).message}`);
    return 1;
  }
}
