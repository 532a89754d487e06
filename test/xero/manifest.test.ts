import { describe, expect, it } from 'vitest';
import { loadXeroManifest } from '../../connectors/xero/manifest.ts';
import { XERO_SCOPES } from '../../connectors/xero/sandbox/xero-scopes.ts';
import { startXeroHarness } from './harness.ts';

describe('manifests/xero', () => {
  it('names routes that exist and the scopes the connect route requests', async () => {
    const m = loadXeroManifest();
    expect(m.scopes).toContain('offline_access');
    expect(m.scopes).not.toContain('accounting.transactions'); // granular scopes only
    for (const s of m.scopes) expect(XERO_SCOPES).toContain(s);
    const h = await startXeroHarness({
      sandbox: { organisations: [{ name: 'Solo', countryCode: 'GB', ledger: null }] },
    });
    try {
      const res = await fetch(`${h.url}${m.connectPath}`, { redirect: 'manual' });
      const to = new URL(res.headers.get('location') as string);
      expect(to.searchParams.get('scope')?.split(' ')).toEqual(m.scopes);
      expect(to.searchParams.get('redirect_uri')).toBe(`http://localhost:3000${m.redirectPath}`);
      expect((await fetch(`${h.url}${m.webhookPath}`, { method: 'POST', body: '{}' })).status).toBe(401);
      expect((await fetch(`${h.url}${m.redirectPath}?code=x&state=forged`)).status).toBe(400);
    } finally {
      await h.close();
    }
  }, 60_000);
});
