// The demo a newcomer sees with `npm start`: a sample firm loaded from the documented import example,
// clearly named as a demo, and only when no real platform credentials are configured.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.ts';
import type { Db } from '../store/db.ts';
import { findFirmsByName } from '../store/repos/firms.ts';
import { importFile } from '../import/index.ts';
import type { Out } from './commands.ts';

export const DEMO_FIRM_NAME = 'Atelier Démo (demo data)';
const EXAMPLE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test/fixtures/import/example-ledger.json',
);

export function realCredentialsConfigured(cfg: Config): boolean {
  return Boolean(cfg.quickbooks.clientId || cfg.xero.clientId || cfg.hubspot.clientId);
}

export async function seedDemo(db: Db, cfg: Config, out: Out): Promise<void> {
  if (realCredentialsConfigured(cfg)) {
    out('demo off: platform credentials are configured');
    return;
  }
  if ((await findFirmsByName(db, DEMO_FIRM_NAME)).length > 0) return;
  const report = await importFile(db, { firmName: DEMO_FIRM_NAME, file: EXAMPLE, country: 'FR' });
  out(`demo: loaded ${report.counts.invoices.written} invoices for "${DEMO_FIRM_NAME}" (${report.firmId})`);
}
