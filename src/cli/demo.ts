// The `--demo` part of `relance serve` (what `npm start` runs): its flags, and the demo itself from
// src/demo. The old demo, one firm imported from the example ledger, is gone: the sandbox firms
// show more, and `relance import` still takes test/fixtures/import/example-ledger.json.
import { z } from 'zod';
import type { DemoOptions } from '../demo/index.ts';

export { realCredentialsConfigured, startDemo, type Demo } from '../demo/index.ts';

/** parseArgs options for serve's demo flags. */
export const DEMO_FLAGS = {
  demo: { type: 'boolean' },
  'demo-invoices': { type: 'string' },
} as const;

export const demoFlagsSchema = z.object({
  demo: z.boolean().optional(),
  /** Invoices per demo firm (customers: one for every 14). For tests; the default is the size. */
  'demo-invoices': z.coerce
    .number({ message: 'expected a number of invoices' })
    .int('expected a whole number of invoices')
    .min(50, 'expected at least 50 invoices')
    .max(100_000, 'expected at most 100,000 invoices')
    .optional(),
});

export function demoOptions(values: z.infer<typeof demoFlagsSchema>): DemoOptions {
  const invoices = values['demo-invoices'];
  return invoices === undefined
    ? {}
    : { size: { invoices, customers: Math.max(10, Math.round(invoices / 14)) } };
}
