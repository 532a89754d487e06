// Text messages behind a provider interface, with a Twilio implementation over its REST API
// (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP Basic auth).
//
// Configuration (read by src/config.ts, passed in here):
//   TWILIO_ACCOUNT_SID  the account SID ("AC…")
//   TWILIO_AUTH_TOKEN   its auth token
//   TWILIO_FROM         the sending number in E.164 ("+33…") or a Messaging Service SID ("MG…")
//   TWILIO_API_BASE     optional; default https://api.twilio.com (tests point it at a local double)
//
// Twilio's Messages API has no idempotency key: a request that timed out may still have been sent.
// Such a failure is reported as 'unknown_outcome' so the outbox does not resend blindly; the key is
// still passed to providers that honour one.
import { z } from 'zod';

export interface SmsProvider {
  send(to: string, body: string, idempotencyKey: string): Promise<{ providerId: string }>;
}

export type SmsErrorKind =
  /** 429 or 5xx, or no connection: nothing was sent; retry later. */
  | 'retryable'
  /** The request may have reached the provider: do not resend without a person checking. */
  | 'unknown_outcome'
  /** The number cannot receive this message (invalid, landline, opted out): mark the number. */
  | 'bad_number'
  /** Credentials or account configuration: no retry until fixed. */
  | 'configuration'
  | 'permanent';

export class SmsError extends Error {
  constructor(
    message: string,
    readonly kind: SmsErrorKind,
    readonly status: number | null = null,
    readonly providerCode: number | null = null,
  ) {
    super(message);
    this.name = 'SmsError';
  }
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** "+33 (0)6 12-34.56 78" → "+33612345678"; null when it is not an international number. */
export function toE164(phone: string): string | null {
  // "(0)" is the national trunk prefix some write after the country code; it is never dialled.
  const compact = phone.replace(/\(0\)/g, '').replace(/[\s().-]/g, '');
  return E164.test(compact) ? compact : null;
}

const TwilioConfig = z.object({
  accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected "AC" followed by 32 hex digits'),
  authToken: z.string().min(1),
  from: z.string().refine((s) => E164.test(s) || /^MG[0-9a-fA-F]{32}$/.test(s), {
    message: 'expected an E.164 number or a Messaging Service SID (MG…)',
  }),
  baseUrl: z.url().default('https://api.twilio.com'),
});

const TwilioMessage = z.object({ sid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/) });
const TwilioError = z.object({ code: z.number().nullable().optional(), message: z.string().optional() });

// Twilio error codes that say the recipient cannot get the message (see twilio.com/docs/errors).
const BAD_NUMBER_CODES = new Set([21211, 21214, 21217, 21407, 21408, 21610, 21612, 21614]);

export function createTwilioProvider(cfg: {
  accountSid: string;
  authToken: string;
  from: string;
  baseUrl?: string;
}): SmsProvider {
  const parsed = TwilioConfig.safeParse(cfg);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = {
      accountSid: 'TWILIO_ACCOUNT_SID',
      authToken: 'TWILIO_AUTH_TOKEN',
      from: 'TWILIO_FROM',
      baseUrl: 'TWILIO_API_BASE',
    }[String(issue?.path[0]) as 'from'];
    throw new RangeError(`${field ?? 'twilio'}: ${issue?.message ?? 'invalid'}`);
  }
  const { accountSid, authToken, from, baseUrl } = parsed.data;
  const url = new URL(`/2010-04-01/Accounts/${accountSid}/Messages.json`, baseUrl).toString();
  const auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

  return {
    async send(to, body, _idempotencyKey) {
      const number = toE164(to);
      if (!number) throw new SmsError(`to: "${to}" is not an E.164 phone number`, 'bad_number');
      if (body.trim() === '') throw new SmsError('body: the message is empty', 'permanent');
      const form = new URLSearchParams({ To: number, Body: body });
      form.set(from.startsWith('MG') ? 'MessagingServiceSid' : 'From', from);
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: form,
          signal: AbortSignal.timeout(30_000),
        });
      } catch (err) {
        throw networkError(err);
      }
      const json: unknown = await res.json().catch(() => null);
      if (res.ok) {
        const msg = TwilioMessage.safeParse(json);
        if (!msg.success) {
          throw new SmsError(
            `twilio: unexpected response (${msg.error.issues[0]?.message})`,
            'unknown_outcome',
            res.status,
          );
        }
        return { providerId: msg.data.sid };
      }
      throw httpError(res.status, TwilioError.safeParse(json).data ?? {});
    },
  };
}

function httpError(status: number, body: { code?: number | null; message?: string }): SmsError {
  const code = body.code ?? null;
  const text = `twilio: HTTP ${status}${code ? ` error ${code}` : ''}${body.message ? `: ${body.message}` : ''}`;
  if (status === 429 || status >= 500) return new SmsError(text, 'retryable', status, code);
  if (status === 401 || status === 403 || status === 404)
    return new SmsError(text, 'configuration', status, code);
  if (code !== null && BAD_NUMBER_CODES.has(code)) return new SmsError(text, 'bad_number', status, code);
  return new SmsError(text, 'permanent', status, code);
}

// A refused connection or a failed DNS lookup sent nothing; a timeout or a reset may have.
function networkError(err: unknown): SmsError {
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? '';
  const message = `twilio: ${err instanceof Error ? err.message : String(err)}${code ? ` (${code})` : ''}`;
  const nothingSent = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(
    code,
  );
  return new SmsError(message, nothingSent ? 'retryable' : 'unknown_outcome');
}
