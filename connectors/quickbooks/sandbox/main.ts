// Runs the QuickBooks sandbox on its own, with a generated demo ledger:
//   npx tsx connectors/quickbooks/sandbox/main.ts --port 4010 [--customers 60 --invoices 600 --payments 540]
// Prints the URLs to point a connector at, the client credentials and a ready access token.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { addDays } from '../../../src/core/dates.ts';
import { qboLocalDate } from './qbo-time.ts';
import { startQuickBooksSandbox, type RunningQuickBooksSandbox } from './server.ts';

const count = z.coerce.number().int().min(0);
const cliSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(4010),
  host: z.string().min(1).default('127.0.0.1'),
  seed: z.string().default('relance-demo'),
  customers: count.min(1).default(60),
  invoices: count.default(600),
  payments: count.default(540),
  currencies: z
    .string()
    .default('USD,EUR')
    .transform((s) => s.split(',').map((c) => c.trim().toUpperCase())),
  'client-id': z.string().min(1).default('sandbox-client-id'),
  'client-secret': z.string().min(1).default('sandbox-client-secret'),
  'verifier-token': z.string().min(1).default('sandbox-verifier-token'),
  'webhook-url': z.url().optional(),
  'webhook-format': z.enum(['classic', 'cloudevents']).default('classic'),
  'no-rate-limit': z.boolean().default(false),
  'retry-after': z.boolean().default(false),
});

export type SandboxCliOptions = z.output<typeof cliSchema>;

export function parseSandboxArgs(argv: string[]): SandboxCliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      customers: { type: 'string' },
      invoices: { type: 'string' },
      payments: { type: 'string' },
      currencies: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'verifier-token': { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-format': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      'retry-after': { type: 'boolean' },
    },
    strict: true,
  });
  const parsed = cliSchema.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`);
    throw new TypeError(`invalid option: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** Starts the sandbox with a demo ledger of the last twelve months, ending today. */
export async function startSandboxFromCli(argv: string[]): Promise<RunningQuickBooksSandbox> {
  const o = parseSandboxArgs(argv);
  const today = qboLocalDate(Date.now());
  return startQuickBooksSandbox({
    port: o.port,
    host: o.host,
    clientId: o['client-id'],
    clientSecret: o['client-secret'],
    webhookVerifierToken: o['verifier-token'],
    webhooks: { url: o['webhook-url'] ?? null, format: o['webhook-format'] },
    rateLimit: o['no-rate-limit'] ? false : { retryAfter: o['retry-after'] },
    companies: [
      {
        currency: o.currencies[0],
        ledger: {
          seed: o.seed,
          customers: o.customers,
          invoices: o.invoices,
          payments: o.payments,
          currencies: o.currencies,
          startDate: addDays(today, -365),
          endDate: today,
        },
      },
    ],
  });
}

/** What a person needs to point Relance at the running sandbox. */
export function describeQuickBooksSandbox(sandbox: RunningQuickBooksSandbox): string[] {
  const lines: string[] = [];
  const company = sandbox.state.company();
  const tokens = sandbox.state.oauth.issueTokens(company.realmId);
  const { options } = sandbox.state;
  lines.push(`QuickBooks sandbox listening on ${sandbox.url}`);
  lines.push(`  company      ${company.profile.companyName} (realmId ${company.realmId})`);
  lines.push(
    `  ledger       ${company.customers.size} customers, ${company.invoices.size} invoices, ${company.payments.size} payments`,
  );
  lines.push(`  authorize    ${sandbox.urls.authorize}`);
  lines.push(`  token        ${sandbox.urls.token}`);
  lines.push(`  revoke       ${sandbox.urls.revoke}`);
  lines.push(`  userinfo     ${sandbox.urls.userinfo}`);
  lines.push(`  API          ${sandbox.urls.v3Endpoint}${company.realmId}/...`);
  lines.push(`  admin        ${sandbox.urls.admin}`);
  lines.push(`  client       ${options.clientId} / ${options.clientSecret}`);
  lines.push(`  access token ${tokens.access_token}`);
  lines.push(`  refresh      ${tokens.refresh_token}`);
  return lines;
}

async function main(): Promise<void> {
  const sandbox = await startSandboxFromCli(process.argv.slice(2));
  for (const line of describeQuickBooksSandbox(sandbox)) console.log(line);
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
