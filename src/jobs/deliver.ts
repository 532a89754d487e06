// Carrying out what the outbox claimed: check once more, compose in the customer's language, send
// through the step's channel under the effect key recorded before, then mark. Failures are sorted
// into retry-later, bounce (mark the address, make a task) and give-up (a task for a person).
import { composeMessage, type ComposedMessage } from '../channels/compose.ts';
import { buildEmail, classifySmtpError, type EmailSender } from '../channels/email.ts';
import { renderLetterPdf } from '../channels/letter-pdf.ts';
import { epcQrPng } from '../channels/sepa-qr.ts';
import { SmsError, type SmsProvider } from '../channels/sms.ts';
import { localDateTime } from '../core/calendar.ts';
import type { Customer, Firm } from '../core/types.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { getFirm } from '../store/repos/firms.ts';
import {
  claimDue,
  markCancelled,
  markFailed,
  markSent,
  releaseExpired,
  renewClaim,
  type ClaimedAction,
} from './outbox.ts';
import { presendCheck, type HostBalances } from './presend-check.ts';

export interface DeliveryDeps {
  db: Db;
  email: EmailSender | null;
  sms: SmsProvider | null;
  mailFrom: string | null;
  /** Domain of Message-IDs and effect keys. */
  domain: string;
  hostBalances: HostBalances;
  workerId: string;
  now: () => string;
  log: Logger;
  leaseMs?: number;
  retryBaseMs?: number;
}

export interface DeliveryCounts {
  sent: number;
  cancelled: number;
  failed: number;
  retried: number;
}

class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly temporary: boolean,
    readonly bounced: string[] = [],
  ) {
    super(message);
  }
}

/** Claims and delivers what is due now, in batches, until nothing is left. */
export async function deliverDue(
  deps: DeliveryDeps,
  opts: { limit?: number; firmId?: string | null } = {},
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, cancelled: 0, failed: 0, retried: 0 };
  await releaseExpired(deps.db, deps.now());
  for (;;) {
    const claimed = await claimDue(deps.db, {
      now: deps.now(),
      workerId: deps.workerId,
      limit: opts.limit ?? 25,
      domain: deps.domain,
      firmId: opts.firmId,
    });
    if (claimed.length === 0) return counts;
    for (const a of claimed) counts[await deliverOne(deps, a)]++;
  }
}

export async function deliverOne(deps: DeliveryDeps, a: ClaimedAction): Promise<keyof DeliveryCounts> {
  const now = deps.now();
  try {
    const firm = (await getFirm(deps.db, a.firmId)) as Firm;
    const check = await presendCheck(deps.db, a, localDateTime(now, firm.timeZone).date, deps.hostBalances);
    if (check.keep.length === 0) {
      await markCancelled(
        deps.db,
        a,
        deps.workerId,
        [...new Set(check.dropped.map((d) => d.reason))].join(', ') || 'nothing left to chase',
      );
      return 'cancelled';
    }
    const sentOn = localDateTime(now, check.customer.timeZone ?? firm.timeZone).date;
    const composed = composeMessage({
      firm,
      customer: check.customer,
      invoices: check.keep,
      step: {
        template: a.template,
        channel: a.channel,
        tone: a.tone,
        statesFees: a.statesFees,
        registered: a.registered,
      },
      sentOn,
      language: check.customer.language ?? firm.language,
      ...(a.template === 'instalment_reminder' || a.template === 'instalment_missed'
        ? { instalment: await instalmentOf(deps.db, a) }
        : {}),
    });
    // Still ours? (A slow worker whose lease ran out must not send what another worker now holds.)
    if (!(await renewClaim(deps.db, a, deps.workerId, deps.now(), deps.leaseMs ?? 5 * 60_000)))
      return 'retried';
    let providerId: string | null = null;
    if (a.channel === 'letter' || a.channel === 'formal_notice')
      await storeLetter(deps.db, a, firm, check.customer, composed, sentOn);
    if (a.channel === 'email' || a.channel === 'formal_notice')
      providerId = await sendEmail(deps, a, firm, check.customer, composed);
    if (a.channel === 'sms') providerId = await sendSms(deps, a, check.customer, composed);
    await markSent(deps.db, a, deps.workerId, { providerId, sentAt: now, dropped: check.dropped });
    return 'sent';
  } catch (err) {
    const failure = toFailure(err);
    deps.log.warn(
      { action: a.id, channel: a.channel, temporary: failure.temporary, error: failure.message },
      'delivery failed',
    );
    await markFailed(deps.db, a, deps.workerId, {
      error: failure.message,
      temporary: failure.temporary,
      now,
      bouncedAddresses: failure.bounced,
    });
    return failure.temporary && a.attempts < 6 ? 'retried' : 'failed';
  }
}

function toFailure(err: unknown): DeliveryFailure {
  if (err instanceof DeliveryFailure) return err;
  if (err instanceof SmsError) return new DeliveryFailure(err.message, err.kind === 'retryable');
  if (
    (err as { kind?: string }).kind === 'upstream_unavailable' ||
    (err as { kind?: string }).kind === 'rate_limited'
  ) {
    return new DeliveryFailure(`pre-send check: ${(err as Error).message}`, true);
  }
  if ((err as { kind?: string }).kind === 'auth_revoked') {
    // The firm must reconnect; nothing is sent without the check, and it is tried again later.
    return new DeliveryFailure(`pre-send check: ${(err as Error).message}`, true);
  }
  const cls = classifySmtpError(err);
  if (cls !== 'permanent' || (err as { code?: string }).code) {
    return new DeliveryFailure((err as Error).message, cls === 'temporary');
  }
  return new DeliveryFailure((err as Error).message ?? String(err), false);
}

async function sendEmail(
  deps: DeliveryDeps,
  a: ClaimedAction,
  firm: Firm,
  customer: Customer,
  composed: ComposedMessage,
): Promise<string> {
  if (!deps.email) throw new DeliveryFailure('no SMTP_URL configured: e-mail cannot be sent', true);
  // An earlier attempt may have been accepted by the relay just before its worker died: ask first.
  if (a.attempts > 1 && deps.email.wasAccepted && (await deps.email.wasAccepted(a.effectKey)))
    return a.effectKey;
  const bounced = new Set(
    (
      await deps.db.query<{ address: string }>(`SELECT address FROM bounced_addresses WHERE firm_id = $1`, [
        firm.id,
      ])
    ).map((r) => r.address),
  );
  const usable = { ...customer, emails: customer.emails.filter((e) => !bounced.has(e.toLowerCase())) };
  if (usable.emails.length === 0)
    throw new DeliveryFailure(`customer ${customer.name} has no usable e-mail address`, false);
  const qrPng = composed.sepa ? await epcQrPng(composed.sepa.payload) : null;
  const msg = buildEmail({
    actionId: a.id,
    domain: deps.domain,
    firm,
    customer: usable,
    composed,
    mailFrom: deps.mailFrom,
    qrPng,
    senderVerified: firm.sender.emailVerified === true,
  });
  // The effect key recorded at claim time is the Message-ID, whatever attempt this is.
  const result = await deps.email.send({ ...msg, messageId: a.effectKey });
  if (result.accepted.length === 0) {
    throw new DeliveryFailure(
      `every recipient was refused: ${result.rejected.join(', ')}`,
      false,
      result.bounced,
    );
  }
  if (result.bounced.length > 0) {
    await deps.db.query(
      `INSERT INTO bounced_addresses (firm_id, address, reason) SELECT $1, lower(unnest($2::text[])), 'refused by the mail server'
       ON CONFLICT (firm_id, address) DO NOTHING`,
      [firm.id, result.bounced],
    );
  }
  return a.effectKey;
}

async function sendSms(
  deps: DeliveryDeps,
  a: ClaimedAction,
  customer: Customer,
  composed: ComposedMessage,
): Promise<string> {
  if (!deps.sms) throw new DeliveryFailure('no SMS provider configured (TWILIO_*)', true);
  if (!customer.phone) throw new DeliveryFailure(`customer ${customer.name} has no phone number`, false);
  return (await deps.sms.send(customer.phone, composed.rendered.sms, a.effectKey)).providerId;
}

async function storeLetter(
  db: Db,
  a: ClaimedAction,
  firm: Firm,
  customer: Customer,
  composed: ComposedMessage,
  date: string,
): Promise<void> {
  const pdf = await renderLetterPdf({ firm, customer, composed, registered: a.registered, date });
  await db.query(
    `INSERT INTO letters (firm_id, customer_id, action_id, registered, pdf) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (action_id) DO NOTHING`,
    [a.firmId, a.customerId, a.id, a.registered, pdf],
  );
}

async function instalmentOf(db: Db, a: ClaimedAction) {
  const [plan] = await db.query<{ instalments: { dueDate: string; amount: number }[]; currency: string }>(
    `SELECT instalments, currency FROM payment_plans WHERE id = $1`,
    [a.planId],
  );
  const index = a.instalmentIndex ?? 0;
  const ins = plan?.instalments[index];
  if (!plan || !ins) return null;
  return {
    index: index + 1,
    count: plan.instalments.length,
    dueDate: ins.dueDate,
    amount: { amount: ins.amount, currency: plan.currency },
  };
}
