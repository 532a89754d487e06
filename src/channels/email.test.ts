import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEPA_QR_CID, composeMessage } from './compose.ts';
import { buildEmail, classifySmtpError, createSmtpSender, fromAddress } from './email.ts';
import type { EmailSender } from './email.ts';
import { leafParts, parseRawMail } from './raw-mail.ts';
import { epcQrPng } from './sepa-qr.ts';
import { composeInput, customer, firm } from './test-fixtures.ts';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

// A real SMTP server in this process: accepts anything except the recipients named to fail.
const received: Received[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    const fail = (code: number, text: string): void =>
      callback(Object.assign(new Error(text), { responseCode: code }));
    if (address.address.startsWith('gone@')) return fail(550, '5.1.1 Mailbox unknown');
    if (address.address.startsWith('busy@')) return fail(451, '4.3.0 Try again later');
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw.includes('Subject: reject-me')) {
        return callback(Object.assign(new Error('5.7.1 Message refused'), { responseCode: 554 }));
      }
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        raw,
      });
      callback();
    });
  },
});

let sender: EmailSender;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  sender = createSmtpSender(`smtp://127.0.0.1:${port}`);
});

afterAll(async () => {
  sender.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function composedEmail(
  opts: { mailFrom?: string | null; senderVerified?: boolean; emails?: string[] } = {},
) {
  const f = firm({}, { name: 'Ébénisterie Dupré' });
  const c = customer(opts.emails ? { emails: opts.emails } : {});
  const composed = composeMessage(composeInput({ firm: f, customer: c }));
  const qrPng = await epcQrPng(composed.sepa?.payload ?? '');
  const email = buildEmail({
    actionId: 'act-0001',
    domain: 'relance.example',
    firm: f,
    customer: c,
    composed,
    mailFrom: opts.mailFrom ?? null,
    qrPng,
    ...(opts.senderVerified !== undefined ? { senderVerified: opts.senderVerified } : {}),
  });
  return { composed, email, qrPng };
}

describe('e-mail over SMTP', () => {
  it('arrives in the firm name with the chosen Message-ID, both parts and the inline SEPA QR', async () => {
    const { composed, email, qrPng } = await composedEmail();
    const result = await sender.send(email);
    expect(result.messageId).toBe('<act-0001@relance.example>');
    expect(result.accepted).toEqual(['factures@martin.example', 'claire@martin.example']);

    const got = received.at(-1) as Received;
    expect(got.from).toBe('compta@lambert.example');
    const mail = parseRawMail(got.raw);
    expect(got.raw).toMatch(/^From: =\?UTF-8\?[QB]\?/im);
    expect(mail.header('from')).toBe('Ébénisterie Dupré <compta@lambert.example>');
    expect(mail.header('to')).toBe('factures@martin.example, claire@martin.example');
    expect(mail.header('reply-to')).toBeUndefined();
    expect(mail.header('message-id')).toBe('<act-0001@relance.example>');
    expect(mail.header('x-relance-action')).toBe('act-0001');
    // The subject has non-ASCII characters: it must travel as encoded words and decode back.
    expect(got.raw).toMatch(/^Subject: =\?UTF-8\?[QB]\?/im);
    expect(mail.header('subject')).toBe(composed.rendered.subject);

    const leaves = leafParts(mail);
    const text = leaves.find((p) => p.contentType === 'text/plain');
    const html = leaves.find((p) => p.contentType === 'text/html');
    const image = leaves.find((p) => p.contentType === 'image/png');
    // On the wire every line ends in CRLF.
    const lf = (b: Buffer | undefined): string =>
      (b ?? Buffer.alloc(0)).toString('utf8').replace(/\r\n/g, '\n');
    expect(lf(text?.body)).toBe(composed.rendered.text);
    expect(lf(html?.body)).toBe(composed.rendered.html);
    expect(html?.body.toString('utf8')).toContain(`src="cid:${SEPA_QR_CID}"`);
    expect(image?.header('content-id')).toBe(`<${SEPA_QR_CID}>`);
    expect(image?.header('content-disposition')).toMatch(/^inline/);
    expect(image?.body.equals(qrPng)).toBe(true);
    // Text and HTML as alternatives; the image travels with the HTML that shows it.
    expect(mail.contentType).toBe('multipart/alternative');
    expect(mail.parts.map((p) => p.contentType)).toEqual(['text/plain', 'multipart/related']);
    expect(mail.parts[1]?.parts.map((p) => p.contentType)).toEqual(['text/html', 'image/png']);
  });

  it('sends from MAIL_FROM with Reply-To the firm when its own address is not verified', async () => {
    const { email } = await composedEmail({ mailFrom: 'reminders@relance.example', senderVerified: false });
    await sender.send(email);
    const got = received.at(-1) as Received;
    const mail = parseRawMail(got.raw);
    expect(got.from).toBe('reminders@relance.example');
    expect(mail.header('from')).toBe('Ébénisterie Dupré <reminders@relance.example>');
    expect(mail.header('reply-to')).toBe('compta@lambert.example');
  });

  it('reports a recipient refused for good as bounced while the others still receive it', async () => {
    const { email } = await composedEmail({ emails: ['factures@martin.example', 'gone@martin.example'] });
    const result = await sender.send(email);
    expect(result.accepted).toEqual(['factures@martin.example']);
    expect(result.rejected).toEqual(['gone@martin.example']);
    expect(result.bounced).toEqual(['gone@martin.example']);
    expect(received.at(-1)?.to).toEqual(['factures@martin.example']);
  });

  it('classifies a 550 recipient rejection as a bounce and a 451 as temporary', async () => {
    const gone = await composedEmail({ emails: ['gone@martin.example'] });
    const goneErr = await sender.send(gone.email).catch((e: unknown) => e);
    expect(classifySmtpError(goneErr)).toBe('bounce');
    const busy = await composedEmail({ emails: ['busy@martin.example'] });
    const busyErr = await sender.send(busy.email).catch((e: unknown) => e);
    expect(classifySmtpError(busyErr)).toBe('temporary');
  });

  it('classifies a refused message as permanent and an unreachable server as temporary', async () => {
    const { email } = await composedEmail();
    const refused = await sender.send({ ...email, subject: 'reject-me' }).catch((e: unknown) => e);
    expect(classifySmtpError(refused)).toBe('permanent');
    const closed = createSmtpSender('smtp://127.0.0.1:1');
    const down = await closed.send(email).catch((e: unknown) => e);
    closed.close();
    expect(classifySmtpError(down)).toBe('temporary');
  });
});

describe('fromAddress', () => {
  it("uses the firm's verified address without Reply-To", () => {
    expect(fromAddress(firm(), 'reminders@relance.example')).toEqual({
      from: { name: 'Menuiserie Lambert', address: 'compta@lambert.example' },
      replyTo: null,
    });
  });

  it('falls back to MAIL_FROM when the firm has no address of its own', () => {
    expect(fromAddress(firm({}, { email: null }), 'reminders@relance.example')).toEqual({
      from: { name: 'Menuiserie Lambert', address: 'reminders@relance.example' },
      replyTo: null,
    });
  });

  it('falls back to the registered name when the trading name is blank', () => {
    expect(fromAddress(firm({}, { name: ' ' }), null).from.name).toBe('Menuiserie Lambert SARL');
  });

  it('refuses to send when there is neither a firm address nor MAIL_FROM', () => {
    expect(() => fromAddress(firm({}, { email: null }), null)).toThrow(/MAIL_FROM is not set/);
    expect(() => fromAddress(firm(), null, { senderVerified: false })).toThrow(/not verified/);
  });
});

describe('buildEmail', () => {
  it('puts the accounts-payable address first and drops duplicates', async () => {
    const { email } = await composedEmail({
      emails: ['ap@martin.example', 'boss@martin.example', 'AP@martin.example'],
    });
    expect(email.to).toEqual(['ap@martin.example', 'boss@martin.example']);
  });

  it('refuses a message whose HTML shows a QR code it was not given', () => {
    const composed = composeMessage(composeInput());
    const args = { actionId: 'a1', domain: 'relance.example', firm: firm(), customer: customer(), composed };
    expect(() => buildEmail({ ...args, mailFrom: null })).toThrow(/qrPng/);
  });

  it('refuses a customer without a usable address, naming the field', () => {
    const composed = composeMessage(composeInput({ firm: firm({}, { iban: null }) }));
    const base = { actionId: 'a1', domain: 'relance.example', firm: firm(), composed, mailFrom: null };
    expect(() => buildEmail({ ...base, customer: customer({ emails: [] }) })).toThrow(/^customer\.emails/);
    expect(() => buildEmail({ ...base, customer: customer({ emails: ['not an address'] }) })).toThrow(
      /customer\.emails\[0\]/,
    );
  });
});
