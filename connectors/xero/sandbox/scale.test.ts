import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { startXeroSandbox, type RunningXeroSandbox } from './sandbox.ts';
import { plainAccessToken } from './xero-node-harness.ts';

describe('the sandbox at benchmark size (100,000 invoices and payments, 5,000 contacts)', () => {
  let sandbox: RunningXeroSandbox;
  let org: OrganisationLedger;
  let token: string;

  beforeAll(async () => {
    sandbox = await startXeroSandbox({
      limits: false,
      organisations: [
        {
          name: 'Big Books Ltd',
          countryCode: 'GB',
          ledger: { seed: 'scale', contacts: 5000, invoices: 100_000, payments: 100_000 },
        },
      ],
    });
    org = sandbox.state.ledger.list()[0] as OrganisationLedger;
    token = await plainAccessToken(sandbox);
  }, 60_000);
  afterAll(async () => {
    await sandbox.close();
  });

  async function walk(
    resource: string,
    key: string,
  ): Promise<{ ids: Set<string>; calls: number; ms: number }> {
    const ids = new Set<string>();
    const started = performance.now();
    let calls = 0;
    for (let page = 1; ; page++) {
      const res = await fetch(`${sandbox.apiUrl}/${resource}?page=${page}&pageSize=1000`, {
        headers: { authorization: `Bearer ${token}`, 'xero-tenant-id': org.tenantId },
      });
      calls++;
      const body = (await res.json()) as Record<string, { [k: string]: string }[]>;
      const items = body[key] ?? [];
      if (items.length === 0) break;
      for (const item of items) ids.add(item[`${key.slice(0, -1).replace(/s$/, '')}ID`] as string);
    }
    return { ids, calls, ms: performance.now() - started };
  }

  it('serves every invoice and payment in 1,000-record pages, each exactly once', async () => {
    const invoices = await walk('Invoices', 'Invoices');
    expect(invoices.ids.size).toBe([...org.invoices.values()].filter((i) => i.status !== 'DELETED').length);
    expect(invoices.calls).toBe(Math.ceil(invoices.ids.size / 1000) + 1);
    const payments = await walk('Payments', 'Payments');
    expect(payments.ids.size).toBe(100_000);
    console.info(
      `paged ${invoices.ids.size} invoices in ${invoices.calls} calls (${Math.round(invoices.ms)} ms), 100000 payments in ${payments.calls} calls (${Math.round(payments.ms)} ms)`,
    );
  }, 120_000);
});
