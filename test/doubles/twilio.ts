// A local double of Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json) for
// tests: it checks HTTP Basic auth and the form fields as Twilio does, answers with Twilio's JSON
// shapes (a message resource with an "SM…" sid, or Twilio's error object), keeps what it received,
// and can be told to fail the next requests.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Response } from 'express';

export interface ReceivedMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface TwilioDouble {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  messages: ReceivedMessage[];
  /** Every request, answered or not (so a test can count attempts). */
  requests: number;
  /** The next `times` requests get this status and Twilio-style error body. */
  failNext(status: number, times?: number, error?: { code: number; message: string }): void;
  close(): Promise<void>;
}

const E164 = /^\+[1-9]\d{1,14}$/;

function twilioError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export async function startTwilioDouble(
  opts: { accountSid?: string; authToken?: string } = {},
): Promise<TwilioDouble> {
  const accountSid = opts.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = opts.authToken ?? randomBytes(16).toString('hex');
  const failures: { status: number; error: { code: number; message: string } }[] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));

  const state = { messages: [] as ReceivedMessage[], requests: 0 };

  app.post('/2010-04-01/Accounts/:sid/Messages.json', (req, res) => {
    state.requests += 1;
    const [user, pass] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
      .toString()
      .split(':');
    if (!req.headers.authorization?.startsWith('Basic ') || user !== accountSid || pass !== authToken) {
      return twilioError(res, 401, 20003, 'Authentication Error - invalid username');
    }
    if (req.params.sid !== accountSid) {
      return twilioError(res, 404, 20404, 'The requested resource was not found');
    }
    const failure = failures.shift();
    if (failure) return twilioError(res, failure.status, failure.error.code, failure.error.message);
    if (!req.is('application/x-www-form-urlencoded')) {
      return twilioError(res, 400, 20001, 'Content-Type must be application/x-www-form-urlencoded');
    }
    const form = (req.body ?? {}) as Record<string, string | undefined>;
    if (!form.To) return twilioError(res, 400, 21604, "A 'To' phone number is required.");
    if (!E164.test(form.To)) {
      return twilioError(res, 400, 21211, `Invalid 'To' Phone Number: ${form.To}`);
    }
    if (!form.From && !form.MessagingServiceSid) {
      return twilioError(res, 400, 21603, "A 'From' phone number is required.");
    }
    if (!form.Body) return twilioError(res, 400, 21602, 'Message body is required.');
    const sid = `SM${randomBytes(16).toString('hex')}`;
    state.messages.push({
      sid,
      accountSid,
      to: form.To,
      from: form.From ?? null,
      messagingServiceSid: form.MessagingServiceSid ?? null,
      body: form.Body,
      headers: req.headers,
    });
    const now = new Date().toUTCString();
    res.status(201).json({
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: form.Body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      num_media: '0',
      num_segments: String(Math.max(1, Math.ceil([...form.Body].length / 153))),
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to: form.To,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });

  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    get messages() {
      return state.messages;
    },
    get requests() {
      return state.requests;
    },
    failNext(
      status,
      times = 1,
      error = { code: status === 429 ? 20429 : 20500, message: 'Service unavailable' },
    ) {
      for (let i = 0; i < times; i++) failures.push({ status, error });
    },
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
