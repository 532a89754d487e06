// E-mail in the firm's name over SMTP (nodemailer). The From display name is the firm's; the From
// address is the firm's verified sender address, or the service's MAIL_FROM with Reply-To set to
// the firm's own address, so a customer's reply always reaches the firm. The Message-ID is chosen
// by the caller and recorded before sending, so a bounce or a reply can be tied to the action.
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Customer, Firm } from '../core/types.ts';
import { SEPA_QR_CID, senderName } from './compose.ts';
import type { ComposedMessage } from './compose.ts';

export interface OutgoingEmail {
  /** Chosen by the caller and recorded before sending: `<action-id@domain>`. */
  messageId: string;
  from: { name: string; address: string };
  replyTo: string | null;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer; cid?: string; contentType: string }[];
  headers?: Record<string, string>;
}

export interface SendResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  /** Rejected with a permanent (5xx) reply while others were accepted: mark these addresses. */
  bounced: string[];
}

export interface EmailSender {
  send(msg: OutgoingEmail): Promise<SendResult>;
  /**
   * Whether the relay already accepted this Message-ID, where the relay can say (SMTP_LOOKUP_URL).
   * Asked before re-sending an e-mail whose first attempt ended without a recorded outcome.
   */
  wasAccepted?(messageId: string): Promise<boolean>;
  verify(): Promise<void>;
  close(): void;
}

export function createSmtpSender(smtpUrl: string): EmailSender {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // Keep connections to the relay open between messages: a new SMTP session per message costs
    // far more than the message (measured ~140 ms against ~18 ms pooled on a local relay).
    pool: true,
    // Fail a stuck relay in bounded time; the outbox retries a temporary failure later.
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  return {
    async send(msg) {
      const info = await transport.sendMail({
        messageId: msg.messageId,
        from: msg.from,
        ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        html: msg.html,
        attachments: (msg.attachments ?? []).map((a) => ({
          filename: a.filename,
          content: a.content,
          contentType: a.contentType,
          ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
        })),
        ...(msg.headers ? { headers: msg.headers } : {}),
      });
      const rejectedErrors = (info as { rejectedErrors?: unknown[] }).rejectedErrors ?? [];
      return {
        messageId: info.messageId,
        accepted: info.accepted.map(addressOf),
        rejected: info.rejected.map(addressOf),
        bounced: rejectedErrors.flatMap((e) =>
          classifySmtpError(e) === 'bounce' ? [String((e as { recipient?: unknown }).recipient ?? '')] : [],
        ),
      };
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}

/** Adds the relay's lookup by Message-ID: GET <url>?messageId=<id> answering {"accepted": boolean}. */
export function withAcceptanceLookup(sender: EmailSender, lookupUrl: string): EmailSender {
  return {
    ...sender,
    async wasAccepted(messageId) {
      const url = new URL(lookupUrl);
      url.searchParams.set('messageId', messageId);
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`SMTP lookup answered HTTP ${res.status}`);
      const body = (await res.json()) as { accepted?: unknown };
      if (typeof body.accepted !== 'boolean') throw new Error('SMTP lookup: expected {"accepted": boolean}');
      return body.accepted;
    },
  };
}

function addressOf(a: string | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}

const Address = z.email();

/** From and Reply-To for a firm. Throws when the firm has no address and MAIL_FROM is not set. */
export function fromAddress(
  firm: Firm,
  mailFrom: string | null,
  opts: { senderVerified?: boolean } = {},
): { from: { name: string; address: string }; replyTo: string | null } {
  const name = senderName(firm);
  const own = firm.sender.email?.trim() || null;
  if (own && !Address.safeParse(own).success) {
    throw new RangeError(`sender.email: "${own}" is not an e-mail address`);
  }
  // Sending as the firm's own domain needs that address verified with the relay (SPF/DKIM);
  // otherwise the service's address sends and replies still go to the firm.
  if (own && (opts.senderVerified ?? true)) return { from: { name, address: own }, replyTo: null };
  const service = mailFrom?.trim() || null;
  if (!service) {
    throw new Error(
      own
        ? `firm ${firm.id}: sender address ${own} is not verified and MAIL_FROM is not set`
        : `firm ${firm.id}: no sender address (sender.email) and MAIL_FROM is not set`,
    );
  }
  if (!Address.safeParse(service).success)
    throw new RangeError(`MAIL_FROM: "${service}" is not an e-mail address`);
  return { from: { name, address: service }, replyTo: own && own !== service ? own : null };
}

const ACTION_ID = /^[A-Za-z0-9._-]+$/;
const DOMAIN = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;

export function messageIdFor(actionId: string, domain: string): string {
  if (!ACTION_ID.test(actionId)) throw new RangeError(`actionId: "${actionId}" cannot go in a Message-ID`);
  if (!DOMAIN.test(domain)) throw new RangeError(`domain: "${domain}" is not a domain name`);
  return `<${actionId}@${domain}>`;
}

export function buildEmail(args: {
  actionId: string;
  domain: string;
  firm: Firm;
  customer: Customer;
  composed: ComposedMessage;
  mailFrom: string | null;
  qrPng?: Buffer | null;
  senderVerified?: boolean;
}): OutgoingEmail {
  const { composed } = args;
  const to = recipients(args.customer);
  const wantsQr = composed.rendered.html.includes(`cid:${SEPA_QR_CID}`);
  // The HTML already points at the QR image: sending without it would show a broken image.
  if (wantsQr && !args.qrPng)
    throw new Error('qrPng: the message has a SEPA QR code; pass epcQrPng(sepa.payload)');
  const sender = fromAddress(args.firm, args.mailFrom, { senderVerified: args.senderVerified ?? true });
  return {
    messageId: messageIdFor(args.actionId, args.domain),
    from: sender.from,
    replyTo: sender.replyTo,
    to,
    subject: composed.rendered.subject,
    text: composed.rendered.text,
    html: composed.rendered.html,
    attachments:
      wantsQr && args.qrPng
        ? [{ filename: 'sepa-qr.png', content: args.qrPng, cid: SEPA_QR_CID, contentType: 'image/png' }]
        : [],
    headers: { 'X-Relance-Action': args.actionId },
  };
}

/** The customer's addresses in their order (accounts payable first), without duplicates. */
function recipients(customer: Customer): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const [i, raw] of customer.emails.entries()) {
    const address = raw.trim();
    if (!Address.safeParse(address).success) {
      throw new RangeError(`customer.emails[${i}]: "${raw}" is not an e-mail address`);
    }
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push(address);
  }
  if (out.length === 0)
    throw new RangeError(`customer.emails: customer ${customer.id} has no e-mail address`);
  return out;
}

const NETWORK_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * What the outbox does with a failed send: 'bounce' = the server refused the recipient for good
 * (mark the address, create a task), 'temporary' = try again later (4xx, network), 'permanent' =
 * the message itself or the configuration is wrong (no retry; a person must look).
 */
export function classifySmtpError(err: unknown): 'bounce' | 'temporary' | 'permanent' {
  if (typeof err !== 'object' || err === null) return 'permanent';
  const e = err as { responseCode?: unknown; command?: unknown; code?: unknown; originalCode?: unknown };
  const status = typeof e.responseCode === 'number' ? e.responseCode : null;
  if (status !== null && status >= 400 && status < 500) return 'temporary';
  if (status !== null && status >= 500) return e.command === 'RCPT TO' ? 'bounce' : 'permanent';
  if (NETWORK_CODES.has(String(e.code)) || NETWORK_CODES.has(String(e.originalCode))) return 'temporary';
  return 'permanent';
}
