import { describe, expect, it } from 'vitest';
import { parseSandboxArgs, startSandboxFromCli } from './main.ts';

describe('the standalone sandbox command', () => {
  it('reads its flags, with demo defaults', () => {
    expect(parseSandboxArgs(['--port', '4321', '--invoices', '50', '--no-rate-limit'])).toMatchObject({
      port: 4321,
      invoices: 50,
      customers: 60,
      currencies: ['USD', 'EUR'],
      'no-rate-limit': true,
    });
  });

  it('names the flag that is wrong', () => {
    expect(() => parseSandboxArgs(['--port', 'eighty'])).toThrow(/--port/);
    expect(() => parseSandboxArgs(['--webhook-url', 'not a url'])).toThrow(/--webhook-url/);
  });

  it('starts with a demo ledger ending today, reachable over HTTP', async () => {
    const sandbox = await startSandboxFromCli([
      '--port',
      '0',
      '--customers',
      '8',
      '--invoices',
      '40',
      '--payments',
      '30',
    ]);
    try {
      const company = sandbox.state.company();
      expect(company.invoices.size).toBe(40);
      const token = sandbox.state.oauth.issueTokens(company.realmId).access_token;
      const res = await fetch(
        `${sandbox.urls.v3Endpoint}${company.realmId}/query?query=select%20count(*)%20from%20Invoice`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      expect(await res.json()).toMatchObject({ QueryResponse: { totalCount: 40 } });
    } finally {
      await sandbox.close();
    }
  });
});
