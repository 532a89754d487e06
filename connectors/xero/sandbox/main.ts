// Runs the Xero sandbox on its own with a generated demo ledger:
//   npx tsx connectors/xero/sandbox/main.ts --port 4010 [--invoices 2000 --contacts 120 --payments 1500]
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startXeroSandbox, type RunningXeroSandbox } from './sandbox.ts';

const flags = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(4010),
  host: z.string().default('127.0.0.1'),
  seed: z.string().default('relance-demo'),
  contacts: z.coerce.number().int().min(1).default(120),
  invoices: z.coerce.number().int().min(0).default(2000),
  payments: z.coerce.number().int().min(0).default(1500),
  'client-id': z.string().min(1).default('RELANCE-SANDBOX-CLIENT'),
  'client-secret': z.string().min(1).default('relance-sandbox-secret'),
  'webhook-key': z.string().min(1).default('relance-sandbox-webhook-key'),
  'webhook-url': z.url().optional(),
  'no-limits': z.boolean().default(false),
});

/** Starts the sandbox with two demo organisations (BE and GB) whose ledgers end today. */
export async function startXeroSandboxFromCli(argv: string[]): Promise<RunningXeroSandbox> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      contacts: { type: 'string' },
      invoices: { type: 'string' },
      payments: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'webhook-key': { type: 'string' },
      'webhook-url': { type: 'string' },
      'no-limits': { type: 'boolean' },
    },
  });
  const parsed = flags.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`--${String(issue?.path[0])}: ${issue?.message}`);
  }
  const f = parsed.data;
  const today = new Date().toISOString().slice(0, 10);
  const sandbox = await startXeroSandbox({
    port: f.port,
    host: f.host,
    clientId: f['client-id'],
    clientSecret: f['client-secret'],
    webhookKey: f['webhook-key'],
    webhookUrl: f['webhook-url'] ?? null,
    limits: f['no-limits'] ? false : {},
    organisations: [
      {
        name: 'Atelier Lumière SRL',
        countryCode: 'BE',
        ledger: {
          seed: `${f.seed}:be`,
          contacts: f.contacts,
          invoices: f.invoices,
          payments: f.payments,
          currencies: ['EUR', 'USD'],
          asOf: today,
        },
      },
      {
        name: 'Harbour & Pine Ltd',
        countryCode: 'GB',
        ledger: {
          seed: `${f.seed}:gb`,
          contacts: Math.max(1, Math.round(f.contacts / 3)),
          invoices: Math.round(f.invoices / 3),
          payments: Math.round(f.payments / 3),
          currencies: ['GBP', 'EUR'],
          asOf: today,
        },
      },
    ],
  });
  return sandbox;
}

/** What a person needs to point Relance at the running sandbox. */
export function describeXeroSandbox(sandbox: RunningXeroSandbox, argv: string[]): string[] {
  const f = flags.parse(
    parseArgs({
      args: argv,
      options: {
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'webhook-key': { type: 'string' },
      },
      strict: false,
    }).values,
  );
  const lines: string[] = [];
  lines.push(`Xero sandbox on ${sandbox.url}`);
  lines.push(`  OpenID discovery  ${sandbox.url}/.well-known/openid-configuration`);
  lines.push(`  Accounting API    ${sandbox.apiUrl}`);
  lines.push(
    `  client_id=${f['client-id']} client_secret=${f['client-secret']} webhook key=${f['webhook-key']}`,
  );
  for (const org of sandbox.state.ledger.list()) {
    lines.push(
      `  ${org.org.name}: tenant ${org.tenantId}, ${org.invoices.size} invoices, ${org.contacts.size} contacts`,
    );
  }
  return lines;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const argv = process.argv.slice(2);
  startXeroSandboxFromCli(argv).then(
    (sandbox) => {
      for (const line of describeXeroSandbox(sandbox, argv)) console.log(line);
      const stop = () => void sandbox.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
