// The demo's mail server: a real SMTP server (smtp-server) on a free loopback port that accepts
// everything and keeps the last messages in memory, parsed, for /demo/api/messages. Nothing leaves
// the machine.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { parseMail } from './mime.ts';

export interface CaughtMessage {
  id: string;
  receivedAt: string;
  from: string;
  /** The To header as written ("Name <address>, ..."), else the envelope's recipients. */
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpCatcher {
  url: string;
  /** Newest first. */
  messages(): CaughtMessage[];
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export async function startSmtpCatcher(opts: { keep?: number } = {}): Promise<SmtpCatcher> {
  const keep = opts.keep ?? 500;
  const kept: CaughtMessage[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: MAX_MESSAGE_BYTES,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error('5.3.4 Message too big'), { responseCode: 552 }));
        }
        try {
          const mail = parseMail(Buffer.concat(chunks));
          const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          kept.push({
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            from: mail.from || envelopeFrom,
            to: mail.to || session.envelope.rcptTo.map((r) => r.address).join(', '),
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
          });
          if (kept.length > keep) kept.splice(0, kept.length - keep);
          callback();
        } catch (err) {
          callback(err as Error);
        }
      });
    },
  });
  server.on('error', () => undefined); // a client's broken connection is not the demo's problem
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () => kept.slice().reverse(),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
