// Carrying out what the outbox claimed: check once more, compose in the customer's language, send
// through the step's channel under the effect key recorded before, then mark. Failures are sorted
// into retry-later, bounce (mark the address, make a task) and give-up (a task for a person).
import { composeMessage, type ComposedMessage } from '../channels/compose.ts';
import { templateOverride } from '../store/repos/panel/template-overrides.ts';
import { buildEmail, classifySmtpError, type EmailSender, type OutgoingEmail } from '../channels/email.ts';
import { epcQrPng } from '../channels/sepa-qr.ts';
import { SmsError, type SmsProvider } from '../channels/sms.ts';
import { localDateTime } from '../core/calendar.ts';
import type { Customer, Firm } from '../core/types.ts';
import type { Logger } from '../logger.ts';
import type { Db, Sql } from '../store/db.ts';
import { getFirm } from '../store/repos/firms.ts';
import {
  claimDue,
  holdClaim,
  markCancelled,
  markFailed,
  markSentIn,
  releaseClaims,
  releaseExpired,
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

export interface DeliverOptions {
  limit?: number;
  firmId?: string | null;
  /** Checked before each action: once true, nothing more is claimed or started. */
  stopping?: () => boolean;
  /** Filled with the ids this worker holds and has not finished, for graceful shutdown. */
  held?: Set<string>;
  /** Deliveries carried out at once (default 4). */
  concurrency?: number;
}

/**
 * Claims and delivers what is due now, in batches, until nothing is left or `stopping` says so;
 * what was claimed and not started is then handed back at once (releaseClaims).
 */
export async function deliverDue(deps: DeliveryDeps, opts: DeliverOptions = {}): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { sent: 0, cancelled: 0, failed: 0, retried: 0 };
  const held = opts.held ?? new Set<string>();
  await releaseExpired(deps.db, deps.now());
  while (!opts.stopping?.()) {
    const claimed = await claimDue(deps.db, {
      now: deps.now(),
      workerId: deps.workerId,
      limit: opts.limit ?? 25,
      domain: deps.domain,
      firmId: opts.firmId,
      leaseMs: deps.leaseMs,
    });
    if (claimed.length === 0) return counts;
    for (const a of claimed) held.add(a.id);
    // Several at once: a delivery mostly waits on the database, the host and the relay.
    const queue = [...claimed];
    const lane = async () => {
      for (let a = queue.shift(); a; a = queue.shift()) {
        if (opts.stopping?.()) return;
        counts[await deliverOne(deps, a)]++;
        held.delete(a.id);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, lane));
    } finally {
      // Whatever was not started (stopping, or an error) goes back to pending for another worker.
      const rest = claimed.filter((a) => held.has(a.id)).map((a) => a.id);
      if (rest.length > 0) {
        await releaseClaims(deps.db, deps.workerId, rest).catch((err: unknown) =>
          deps.log.warn({ err: (err as Error).message }, 'could not release claims'),
        );
        for (const id of rest) held.delete(id);
      }
    }
  }
  return counts;
}

const sendsEmail = (a: ClaimedAction) => a.channel === 'email' || a.channel === 'formal_notice';

export async function deliverOne(deps: DeliveryDeps, a: ClaimedAction): Promise<keyof DeliveryCounts> {
  const now = deps.now();
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  // Set once the effect happened: from then on a failure must never lead to a second send.
  let effectDone = false;
  try {
    // An earlier attempt may have been accepted by the relay just before its worker died or lost
    // its connection: ask the relay first, and record the send it knows of.
    const lookup = deps.email?.wasAccepted?.bind(deps.email);
    if (a.reused && sendsEmail(a) && lookup) {
      const known = await deps.db.tx(async (sql) => {
        if (!(await holdClaim(sql, a, deps.workerId, deps.now(), leaseMs))) return 'lost';
        if (!(await lookup(a.effectKey))) return 'unsent';
        effectDone = true;
        await markSentIn(sql, a, deps.workerId, { providerId: a.effectKey, sentAt: now, dropped: [] });
        return 'sent';
      });
      if (known === 'lost') return 'retried';
      if (known === 'sent') {
        deps.log.info({ action: a.id }, 'delivery reconciled: the relay had accepted it');
        return 'sent';
      }
    }
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
      override: await templateOverride(
        deps.db,
        a.firmId,
        a.template,
        check.customer.language ?? firm.language,
      ),
      ...(a.template === 'instalment_reminder' || a.template === 'instalment_missed'
        ? { instalment: await instalmentOf(deps.db, a) }
        : {}),
    });
    // Everything that can be prepared is prepared before the claim is held.
    const letter =
      a.channel === 'letter' || a.channel === 'formal_notice'
        ? await letterPdf(a, firm, check.customer, composed, sentOn)
        : null;
    const email = sendsEmail(a) ? await prepareEmail(deps, a, firm, check.customer, composed) : null;
    // The effect and its record in one transaction that holds the claim: while it runs no other
    // worker can take the action back (see holdClaim), and if this process dies the lease runs out
    // and the next attempt asks the relay before anything is sent again.
    const held = await deps.db.tx(async (sql) => {
      if (!(await holdClaim(sql, a, deps.workerId, deps.now(), leaseMs))) return false;
      let providerId: string | null = null;
      if (letter) {
        await sql.query(
          `INSERT INTO letters (firm_id, customer_id, action_id, registered, pdf) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (action_id) DO NOTHING`,
          [a.firmId, a.customerId, a.id, a.registered, letter],
        );
      }
      if (email) providerId = await sendEmail(deps, sql, a, firm, email);
      if (a.channel === 'sms') providerId = await sendSms(deps, a, check.customer, composed);
      effectDone = true;
      await markSentIn(sql, a, deps.workerId, { providerId, sentAt: now, dropped: check.dropped });
      return true;
    });
    // A claim lost to a worker that took the action back after our lease ran out: theirs now.
    return held ? 'sent' : 'retried';
  } catch (err) {
    if (effectDone) {
      // Sent, but not recorded (the database went away): the claim stays until its lease runs out,
      // and the next attempt finds the Message-ID at the relay and records it without sending again.
      deps.log.error(
        { action: a.id, error: (err as Error).message },
        'sent but not recorded: left to reconcile when the lease runs out',
      );
      return 'retried';
    }
    const failure = toFailure(err);
    deps.log.warn(
      { action: a.id, channel: a.channel, temporary: failure.temporary, error: failure.message },
      'delivery failed',
    );
    const outcome = await markFailed(deps.db, a, deps.workerId, {
      error: failure.message,
      temporary: failure.temporary,
      now,
      bouncedAddresses: failure.bounced,
      ...(deps.retryBaseMs !== undefined ? { retryBaseMs: deps.retryBaseMs } : {}),
    });
    return outcome === 'failed' ? 'failed' : 'retried';
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

async function prepareEmail(
  deps: DeliveryDeps,
  a: ClaimedAction,
  firm: Firm,
  customer: Customer,
  composed: ComposedMessage,
): Promise<OutgoingEmail> {
  if (!deps.email) throw new DeliveryFailure('no SMTP_URL configured: e-mail cannot be sent', true);
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
  return { ...msg, messageId: a.effectKey };
}

async function sendEmail(
  deps: DeliveryDeps,
  sql: Sql,
  a: ClaimedAction,
  firm: Firm,
  msg: OutgoingEmail,
): Promise<string> {
  if (!deps.email) throw new DeliveryFailure('no SMTP_URL configured: e-mail cannot be sent', true);
  const result = await deps.email.send(msg);
  if (result.accepted.length === 0) {
    throw new DeliveryFailure(
      `every recipient was refused: ${result.rejected.join(', ')}`,
      false,
      result.bounced,
    );
  }
  if (result.bounced.length > 0) {
    await sql.query(
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

async function letterPdf(
  a: ClaimedAction,
  firm: Firm,
  customer: Customer,
  composed: ComposedMessage,
  date: string,
): Promise<Buffer> {
  // Loaded when a letter is due: pdfkit is heavy, and most workers start to send e-mail.
  const { renderLetterPdf } = await import('../channels/letter-pdf.ts');
  return renderLetterPdf({ firm, customer, composed, registered: a.registered, date });
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
