import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanyIndex, emailDomain, normaliseName } from '../../connectors/hubspot/matching.ts';
import { upsertCustomers } from '../../src/store/repos/ledger.ts';
import { body, installed, startHubSpotHarness, type HubSpotHarness } from './harness.ts';

describe('matching customers to HubSpot companies', () => {
  it('normalises names and ignores free-mail domains', () => {
    expect(normaliseName('Garage Lefèvre S.A.R.L.')).toBe(normaliseName('garage lefevre'));
    expect(emailDomain('someone@gmail.com')).toBeNull();
    expect(emailDomain('billing@Acme.example')).toBe('acme.example');
    const index = new CompanyIndex();
    index.add({ id: '1', name: 'Acme', domains: ['acme.example'], ownerId: null });
    expect(index.match({ id: 'c', name: 'Other', emails: ['ap@billing.acme.example'] })).toMatchObject({
      status: 'linked',
      method: 'domain',
    });
  });

  describe('against the double', () => {
    let h: HubSpotHarness;
    const companyId = (name: string, domain: string) =>
      [...h.sandbox.state.store('companies').values()].find(
        (c) => c.properties.name === name && c.properties.domain === domain,
      )!.id;
    const get = (query = '') =>
      fetch(`${h.appUrl}/api/v1/hubspot/links${query}`, { headers: { authorization: h.bearer } });
    const put = (customerId: string, body: unknown) =>
      fetch(`${h.appUrl}/api/v1/hubspot/links/${customerId}`, {
        method: 'PUT',
        headers: { authorization: h.bearer, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    beforeAll(async () => {
      h = await startHubSpotHarness();
      await installed(h); // the install queues the matching job; installed() waits for it
    });
    afterAll(async () => h?.close());

    it('links by domain, then by name, and lists an ambiguous name with its candidates', async () => {
      const linked = (await body(await get('?status=linked'))).items;
      expect(
        linked.map((l: { customerId: string; method: string; company: { id: string } }) => [
          l.customerId,
          l.method,
          l.company.id,
        ]),
      ).toEqual([
        [h.customers.c2, 'name', companyId('Atelier Moreau', 'ateliermoreau.be')],
        [h.customers.c1, 'domain', companyId('Boulangerie Dupont', 'dupont-boulangerie.fr')],
      ]);
      const ambiguous = (await body(await get('?status=ambiguous'))).items;
      expect(ambiguous).toHaveLength(1);
      expect(ambiguous[0].customerId).toBe(h.customers.c3);
      expect(ambiguous[0].company).toBeNull();
      expect(ambiguous[0].candidates.map((c: { id: string }) => c.id).sort()).toEqual(
        [
          companyId('Garage Lefèvre', 'garage-lefevre.fr'),
          companyId('Garage Lefevre', 'lefevre-autos.fr'),
        ].sort(),
      );
      const unmatched = (await body(await get('?status=unmatched'))).items;
      expect(unmatched.map((l: { customerId: string }) => l.customerId)).toEqual([h.customers.c4]);
    });

    it('takes a person’s choice, keeps it through a new matching run, and refuses bad input', async () => {
      const chosen = companyId('Garage Lefevre', 'lefevre-autos.fr');
      const res = await put(h.customers.c3!, { companyId: chosen });
      expect(res.status).toBe(200);
      expect(await body(res)).toMatchObject({ status: 'linked', method: 'manual', company: { id: chosen } });

      await fetch(`${h.appUrl}/api/v1/hubspot/links/match`, {
        method: 'POST',
        headers: { authorization: h.bearer },
      });
      await h.rt.queue.idle();
      const linked = (await body(await get('?status=linked'))).items;
      expect(linked.find((l: { customerId: string }) => l.customerId === h.customers.c3)).toMatchObject({
        method: 'manual',
        company: { id: chosen },
      });

      const unlinked = await put(h.customers.c1!, { companyId: null });
      expect(await body(unlinked)).toMatchObject({ status: 'unmatched', method: 'manual', company: null });

      const bad = await put(h.customers.c1!, { companyId: 'abc' });
      expect(bad.status).toBe(400);
      expect((await body(bad)).fields[0].path).toBe('companyId');
      const missing = await put(h.customers.c1!, { companyId: '999' });
      expect(missing.status).toBe(400);
      expect((await put('00000000-0000-4000-8000-000000000000', { companyId: null })).status).toBe(404);
      expect((await get('?status=maybe')).status).toBe(400);
      expect((await fetch(`${h.appUrl}/api/v1/hubspot/links`)).status).toBe(401);
    });

    it('matches a customer that appears later, at the next drain once the hour has passed', async () => {
      const [qb] = await h.store.db.query<{ id: string }>(
        `SELECT id FROM connections WHERE platform = 'quickbooks'`,
      );
      await upsertCustomers(h.store.db, h.firmId, qb!.id, [
        { externalId: 'c9', name: 'Hotel Zeezicht B.V.', emails: ['boekhouding@zeezicht.nl'] },
      ]);
      await h.hs.drainWriteBacks();
      await h.rt.queue.idle();
      const before = (await body(await get('?status=unmatched'))).items.map(
        (l: { customerName: string }) => l.customerName,
      );
      expect(before).toContain('Hotel Zeezicht B.V.'); // matched an hour ago: not yet
      await h.store.db.query(
        `UPDATE connections SET checkpoint = jsonb_build_object('lastMatchAt', now() - interval '61 minutes') WHERE platform = 'hubspot'`,
      );
      await h.hs.drainWriteBacks();
      await h.rt.queue.idle();
      const linked = (await body(await get('?status=linked'))).items;
      expect(
        linked.find((l: { customerName: string }) => l.customerName === 'Hotel Zeezicht B.V.'),
      ).toMatchObject({
        method: 'domain',
        company: { name: 'Hotel Zeezicht' },
      });
    });
  });
});
