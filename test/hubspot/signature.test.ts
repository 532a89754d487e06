// The card's backend accepts only requests HubSpot signed for this app: v3 signature over method,
// URI, body and timestamp, at most five minutes old, and each signature once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedRequest, type CardCaller } from '../../connectors/hubspot/sandbox/index.ts';
import { decodeSignedUri, verifySignatureV3 } from '../../connectors/hubspot/signature.ts';
import { body, installed, startHubSpotHarness, type HubSpotHarness } from './harness.ts';

describe('signed card requests', () => {
  let h: HubSpotHarness;
  let caller: CardCaller;
  let dupont: string;
  const send = (r: ReturnType<typeof signedRequest>, headers: Record<string, string> = {}) =>
    fetch(r.url, { method: r.method, headers: { ...r.headers, ...headers }, body: r.body || undefined });
  const sign = (
    path: string,
    opts: { method?: string; body?: unknown } = {},
    at = Date.now(),
    secret?: string,
  ) =>
    signedRequest(
      secret ?? h.sandbox.state.clientSecret,
      caller,
      `${h.appUrl}/hubspot/card${path}`,
      opts,
      at,
    );

  beforeAll(async () => {
    h = await startHubSpotHarness();
    await installed(h);
    caller = {
      portalId: h.sandbox.state.hubId,
      userId: 7_001_001,
      userEmail: 'claire@lumen.example',
      appId: h.sandbox.state.appId,
    };
    dupont = [...h.sandbox.state.store('companies').values()].find(
      (c) => c.properties.domain === 'dupont-boulangerie.fr',
    )!.id;
  });
  afterAll(async () => h?.close());

  it('answers a genuine request', async () => {
    const res = await send(sign(`/company/${dupont}`));
    expect(res.status).toBe(200);
    expect((await body(res)).customer.name).toBe('Boulangerie Dupont SARL');
  });

  it('refuses a forged signature, a stale one, a replay and a changed body', async () => {
    const forged = await send(sign(`/company/${dupont}`, {}, Date.now(), 'not-the-secret'));
    expect(forged.status).toBe(401);
    expect((await body(forged)).message).toContain('does not match');

    const stale = await send(sign(`/company/${dupont}`, {}, Date.now() - 5 * 60_000 - 1_000));
    expect(stale.status).toBe(401);
    expect((await body(stale)).message).toContain('older than five minutes');

    const once = sign(`/company/${dupont}`);
    expect((await send(once)).status).toBe(200);
    const replay = await send(once);
    expect(replay.status).toBe(401);
    expect((await body(replay)).message).toContain('replayed');

    const note = sign(`/company/${dupont}/note`, { method: 'POST', body: { text: 'genuine' } });
    const tampered = await fetch(note.url, {
      method: 'POST',
      headers: note.headers,
      body: JSON.stringify({ text: 'changed on the way' }),
    });
    expect(tampered.status).toBe(401);
    const otherPortal = await fetch(note.url.replace(`portalId=${caller.portalId}`, 'portalId=1'), {
      method: 'POST',
      headers: note.headers,
      body: note.body,
    });
    expect(otherPortal.status).toBe(401); // the query is signed too
    expect(await h.store.db.query(`SELECT 1 FROM notes`)).toHaveLength(0);

    const unsigned = await fetch(
      `${h.appUrl}/hubspot/card/company/${dupont}?portalId=${caller.portalId}&userId=1`,
    );
    expect(unsigned.status).toBe(401);
  });

  it('maps the portal and company to the customer: 404 when not linked or another account', async () => {
    const ambiguous = [...h.sandbox.state.store('companies').values()].find(
      (c) => c.properties.domain === 'garage-lefevre.fr',
    )!.id;
    expect((await send(sign(`/company/${ambiguous}`))).status).toBe(404);
    const elsewhere = signedRequest(
      h.sandbox.state.clientSecret,
      { ...caller, portalId: 99 },
      `${h.appUrl}/hubspot/card/company/${dupont}`,
    );
    expect((await send(elsewhere)).status).toBe(404);
    const bad = await send(
      sign(`/company/${dupont}/promise`, { method: 'POST', body: { promisedDate: 'soon' } }),
    );
    expect(bad.status).toBe(400);
    expect((await body(bad)).fields[0].path).toBe('promisedDate');
    const past = await send(
      sign(`/company/${dupont}/pause`, { method: 'POST', body: { until: '2020-01-01' } }),
    );
    expect(past.status).toBe(400);
    expect((await body(past)).fields[0].path).toBe('until');
    const noInvoice = await send(
      sign(`/company/${dupont}/dispute`, { method: 'POST', body: { reason: 'x' } }),
    );
    expect(noInvoice.status).toBe(400);
    expect((await body(noInvoice)).fields[0].path).toBe('invoiceId');
    expect(await h.store.db.query(`SELECT 1 FROM disputes`)).toHaveLength(0);
  });

  it('accepts the URI with the characters HubSpot decodes before signing', () => {
    const uri = 'https://app.relance.example/hubspot/card/company/1?userEmail=a%40b.example&x=%3A%2F';
    expect(decodeSignedUri(uri)).toBe(
      'https://app.relance.example/hubspot/card/company/1?userEmail=a@b.example&x=:/',
    );
    const r = signedRequest(
      's3cret',
      caller,
      'https://app.relance.example/hubspot/card/company/1',
      {},
      1_700_000_000_000,
    );
    const check = (uri: string) =>
      verifySignatureV3({
        secret: 's3cret',
        method: 'GET',
        uri,
        body: '',
        signature: r.headers['x-hubspot-signature-v3'],
        timestamp: r.headers['x-hubspot-request-timestamp'],
        now: 1_700_000_060_000,
      });
    expect(check(r.url).ok).toBe(true);
    expect(check(r.url.replace('company/1', 'company/2')).ok).toBe(false);
  });
});
