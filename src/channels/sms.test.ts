import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioDouble } from '../../test/doubles/twilio.ts';
import type { TwilioDouble } from '../../test/doubles/twilio.ts';
import { SmsError, createTwilioProvider, toE164 } from './sms.ts';

let twilio: TwilioDouble;
beforeAll(async () => {
  twilio = await startTwilioDouble();
});
afterAll(async () => {
  await twilio.close();
});

const provider = (over: { authToken?: string } = {}) =>
  createTwilioProvider({
    accountSid: twilio.accountSid,
    authToken: over.authToken ?? twilio.authToken,
    from: '+33757000000',
    baseUrl: twilio.baseUrl,
  });

async function failure(p: Promise<unknown>): Promise<SmsError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SmsError);
  return err as SmsError;
}

describe('Twilio SMS provider', () => {
  it('posts To, From and Body with Basic auth and returns the message SID', async () => {
    const before = twilio.messages.length;
    const { providerId } = await provider().send(
      '+33 6 12 34 56 78',
      'Rappel : facture F-1, 1 800,00 €',
      'k1',
    );
    expect(providerId).toMatch(/^SM[0-9a-f]{32}$/);
    const got = twilio.messages[before];
    expect(got).toMatchObject({
      sid: providerId,
      to: '+33612345678',
      from: '+33757000000',
      body: 'Rappel : facture F-1, 1 800,00 €',
    });
    expect(got?.headers['content-type']).toContain('application/x-www-form-urlencoded');
  });

  it('refuses a number that is not E.164 before calling Twilio', async () => {
    const before = twilio.requests;
    const err = await failure(provider().send('06 12 34 56 78', 'x', 'k2'));
    expect(err.kind).toBe('bad_number');
    expect(twilio.requests).toBe(before);
  });

  it("maps Twilio's 400 for an invalid number to bad_number with its error code", async () => {
    // Passes our E.164 check, but the double (like Twilio) rejects it: prove the mapping, not our regex.
    twilio.failNext(400, 1, { code: 21211, message: "Invalid 'To' Phone Number" });
    const err = await failure(provider().send('+33612345678', 'x', 'k3'));
    expect(err).toMatchObject({ kind: 'bad_number', status: 400, providerCode: 21211 });
  });

  it('maps 429 and 5xx to retryable errors', async () => {
    twilio.failNext(429);
    expect((await failure(provider().send('+33612345678', 'x', 'k4'))).kind).toBe('retryable');
    twilio.failNext(503);
    expect((await failure(provider().send('+33612345678', 'x', 'k5'))).kind).toBe('retryable');
  });

  it('maps wrong credentials to a configuration error', async () => {
    const err = await failure(provider({ authToken: 'wrong' }).send('+33612345678', 'x', 'k6'));
    expect(err).toMatchObject({ kind: 'configuration', status: 401, providerCode: 20003 });
  });

  it('reports an unreachable API as retryable: nothing was sent', async () => {
    // A port that was just free: connecting is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const down = createTwilioProvider({
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: '+33757000000',
      baseUrl: `http://127.0.0.1:${port}`,
    });
    expect((await failure(down.send('+33612345678', 'x', 'k7'))).kind).toBe('retryable');
  });

  it('names the environment variable of a bad setting', () => {
    expect(() => createTwilioProvider({ accountSid: 'nope', authToken: 't', from: '+33757000000' })).toThrow(
      /^TWILIO_ACCOUNT_SID:/,
    );
    expect(() =>
      createTwilioProvider({ accountSid: twilio.accountSid, authToken: 't', from: 'Lambert' }),
    ).toThrow(/^TWILIO_FROM:/);
  });
});

describe('toE164', () => {
  it('accepts international numbers written with separators and rejects national ones', () => {
    expect(toE164('+33 (0)6 12 34 56 78')).toBe('+33612345678');
    expect(toE164('+32 470.12.34.56')).toBe('+32470123456');
    expect(toE164('0612345678')).toBeNull();
  });
});
