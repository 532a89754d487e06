// The outbox. An action due for sending is claimed under a lease (FOR UPDATE SKIP LOCKED, so any
// number of workers share the work), given its effect key before anything leaves (the e-mail's
// Message-ID, the SMS's idempotency key), checked once more against the ledger, carried out, then
// marked. A worker that dies mid-way leaves a lease that expires; the action goes back to pending
// with the same effect key, so a retry is recognisable as the same effect.
import type { Channel } from '../core/types.ts';
import type { Db, Sql } from '../store/db.ts';
import { audit } from '../store/repos/audit.ts';
import { queueWriteBacks } from '../store/repos/writebacks.ts';

export const SENDING_CHANNELS: Channel[] = ['email', 'sms', 'letter', 'formal_notice'];

export interface ClaimedAction {
  id: string;
  firmId: string;
  customerId: string;
  kind: 'step' | 'instalment_reminder' | 'instalment_missed';
  channel: Channel;
  template: string;
  tone: 1 | 2 | 3 | 4 | 5;
  statesFees: boolean;
  registered: boolean;
  planId: string | null;
  instalmentIndex: number | null;
  targetDate: string;
  effectKey: string;
  attempts: number;
}

interface Row {
  id: string;
  firm_id: string;
  customer_id: string;
  kind: ClaimedAction['kind'];
  channel: Channel;
  template: string;
  tone: ClaimedAction['tone'];
  states_fees: boolean;
  registered: boolean;
  plan_id: string | null;
  instalment_index: number | null;
  target_date: string;
  effect_key: string;
  attempts: number;
}

const toClaimed = (r: Row): ClaimedAction => ({
  id: r.id,
  firmId: r.firm_id,
  customerId: r.customer_id,
  kind: r.kind,
  channel: r.channel,
  template: r.template,
  tone: r.tone,
  statesFees: r.states_fees,
  registered: r.registered,
  planId: r.plan_id,
  instalmentIndex: r.instalment_index,
  targetDate: r.target_date,
  effectKey: r.effect_key,
  attempts: r.attempts,
});

export interface ClaimOptions {
  now: string;
  workerId: string;
  limit?: number;
  leaseMs?: number;
  /** The domain of effect keys (e-mail Message-IDs): `<action id@domain>`. */
  domain: string;
  firmId?: string | null;
}

/** Claims due actions of firms that send (not in review mode). */
export async function claimDue(db: Db, o: ClaimOptions): Promise<ClaimedAction[]> {
  return db.tx(async (sql) => {
    const rows = await sql.query<Row>(
      `WITH due AS (
         SELECT a.id FROM actions a JOIN firms f ON f.id = a.firm_id
         WHERE a.status = 'pending' AND a.due_at <= $1 AND NOT f.review_mode AND a.channel = ANY($2::text[])
           AND ($6::uuid IS NULL OR a.firm_id = $6)
         ORDER BY a.due_at LIMIT $3 FOR UPDATE OF a SKIP LOCKED)
       UPDATE actions a SET status = 'sending', claimed_by = $4, claimed_until = $1::timestamptz + make_interval(secs => $5::float8 / 1000),
         attempts = a.attempts + 1, effect_key = COALESCE(a.effect_key, '<' || a.id || '@' || $7 || '>'), updated_at = now()
       FROM due WHERE a.id = due.id
       RETURNING a.id, a.firm_id, a.customer_id, a.kind, a.channel, a.template, a.tone, a.states_fees, a.registered,
         a.plan_id, a.instalment_index, a.target_date, a.effect_key, a.attempts`,
      [
        o.now,
        SENDING_CHANNELS,
        o.limit ?? 50,
        o.workerId,
        o.leaseMs ?? 5 * 60_000,
        o.firmId ?? null,
        o.domain,
      ],
    );
    return rows.map(toClaimed);
  });
}

/**
 * Renews the claim just before the effect: false when the lease was lost (another worker took the
 * action), and then nothing must be sent. A renewed lease keeps others off for a whole lease.
 */
export async function renewClaim(
  db: Db,
  a: ClaimedAction,
  workerId: string,
  now: string,
  leaseMs: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE actions SET claimed_until = $3::timestamptz + make_interval(secs => $4::float8 / 1000)
     WHERE id = $1 AND status = 'sending' AND claimed_by = $2 AND claimed_until > $3 RETURNING id`,
    [a.id, workerId, now, leaseMs],
  );
  return rows.length > 0;
}

/** Leases that ran out (a worker died): back to pending, keeping the effect key for the retry. */
export async function releaseExpired(db: Db, now: string): Promise<number> {
  const rows = await db.query(
    `UPDATE actions SET status = 'pending', claimed_by = NULL, claimed_until = NULL, updated_at = now()
     WHERE status = 'sending' AND claimed_until < $1 RETURNING id`,
    [now],
  );
  return rows.length;
}

/** A worker shutting down hands back what it claimed and did not start. */
export async function releaseClaims(db: Db, workerId: string, actionIds: string[]): Promise<void> {
  if (actionIds.length === 0) return;
  await db.query(
    `UPDATE actions SET status = 'pending', claimed_by = NULL, claimed_until = NULL, attempts = GREATEST(0, attempts - 1)
     WHERE id = ANY($1::uuid[]) AND status = 'sending' AND claimed_by = $2`,
    [actionIds, workerId],
  );
}

async function finish(
  sql: Sql,
  a: ClaimedAction,
  workerId: string,
  set: string,
  params: unknown[],
): Promise<boolean> {
  // Only the holder of the claim may finish it: a worker whose lease expired and was re-claimed loses.
  const rows = await sql.query(
    `UPDATE actions SET ${set}, claimed_by = NULL, claimed_until = NULL, updated_at = now()
     WHERE id = $1 AND status = 'sending' AND claimed_by = $2 RETURNING id`,
    [a.id, workerId, ...params],
  );
  return rows.length > 0;
}

export async function markSent(
  db: Db,
  a: ClaimedAction,
  workerId: string,
  r: { providerId: string | null; sentAt: string; dropped: { invoiceId: string; reason: string }[] },
): Promise<void> {
  await db.tx(async (sql) => {
    if (
      !(await finish(sql, a, workerId, `status = 'sent', sent_at = $3, provider_id = $4, last_error = NULL`, [
        r.sentAt,
        r.providerId,
      ]))
    )
      return;
    if (r.dropped.length > 0) {
      await sql.query(`DELETE FROM action_invoices WHERE action_id = $1 AND invoice_id = ANY($2::uuid[])`, [
        a.id,
        r.dropped.map((d) => d.invoiceId),
      ]);
    }
    // The host shows what was sent: a dated note and the collection status on each invoice.
    const sent = await sql.query<{ invoice_id: string }>(
      `SELECT invoice_id FROM action_invoices WHERE action_id = $1`,
      [a.id],
    );
    const day = r.sentAt.slice(0, 10);
    const what = `${stepLabel(a.template)} sent by ${a.channel === 'formal_notice' ? 'registered letter and e-mail' : a.channel}`;
    await queueWriteBacks(
      sql,
      a.firmId,
      sent.map((s) => s.invoice_id),
      [
        { kind: 'note', value: `Relance ${day}: ${what}.`, key: `action:${a.id}:note` },
        // Short: QuickBooks custom fields hold 31 characters.
        { kind: 'status', value: `${statusLabel(a.template)} sent ${day}`, key: `action:${a.id}:status` },
      ],
    );
    await audit(sql, a.firmId, {
      actor: 'outbox',
      action: 'action.sent',
      entityType: 'action',
      entityId: a.id,
      details: { channel: a.channel, effectKey: a.effectKey, dropped: r.dropped },
    });
  });
}

export async function markCancelled(
  db: Db,
  a: ClaimedAction,
  workerId: string,
  reason: string,
): Promise<void> {
  await db.tx(async (sql) => {
    if (!(await finish(sql, a, workerId, `status = 'cancelled', status_reason = $3`, [reason]))) return;
    await audit(sql, a.firmId, {
      actor: 'outbox',
      action: 'action.cancelled',
      entityType: 'action',
      entityId: a.id,
      details: { reason },
    });
  });
}

const MAX_ATTEMPTS = 6;

/** A temporary failure retries later with backoff; past the attempts, or a permanent one, fails with a task. */
export async function markFailed(
  db: Db,
  a: ClaimedAction,
  workerId: string,
  f: { error: string; temporary: boolean; now: string; bouncedAddresses?: string[]; retryBaseMs?: number },
): Promise<void> {
  await db.tx(async (sql) => {
    if (f.temporary && a.attempts < MAX_ATTEMPTS) {
      const retryAt = new Date(
        Date.parse(f.now) + (f.retryBaseMs ?? 60_000) * 2 ** (a.attempts - 1),
      ).toISOString();
      await finish(sql, a, workerId, `status = 'pending', due_at = $3, last_error = $4`, [
        retryAt,
        f.error.slice(0, 500),
      ]);
      return;
    }
    if (!(await finish(sql, a, workerId, `status = 'failed', last_error = $3`, [f.error.slice(0, 500)])))
      return;
    for (const address of f.bouncedAddresses ?? []) {
      await sql.query(
        `INSERT INTO bounced_addresses (firm_id, address, reason) VALUES ($1, $2, $3)
         ON CONFLICT (firm_id, address) DO UPDATE SET reason = EXCLUDED.reason, at = now()`,
        [a.firmId, address.toLowerCase(), f.error.slice(0, 500)],
      );
    }
    await sql.query(
      `INSERT INTO tasks (firm_id, customer_id, kind, title, body, due_date, created_by)
       VALUES ($1, $2, 'bounce', $3, $4, $5::date, 'outbox')`,
      [
        a.firmId,
        a.customerId,
        f.bouncedAddresses?.length
          ? 'A reminder bounced: check the address'
          : `A ${a.channel} could not be sent`,
        f.error.slice(0, 2000),
        f.now.slice(0, 10),
      ],
    );
    await audit(sql, a.firmId, {
      actor: 'outbox',
      action: 'action.failed',
      entityType: 'action',
      entityId: a.id,
      details: { error: f.error.slice(0, 500) },
    });
  });
}

const STEP_LABELS: Record<string, string> = {
  heads_up: 'payment reminder (before due date)',
  reminder_1: '1st reminder',
  reminder_2: '2nd reminder',
  formal_reminder: 'formal reminder',
  formal_notice: 'formal notice',
  instalment_reminder: 'instalment reminder',
  instalment_missed: 'missed instalment notice',
  promise_broken: 'broken promise reminder',
};

const STATUS_LABELS: Record<string, string> = {
  heads_up: 'heads-up',
  reminder_1: '1st reminder',
  reminder_2: '2nd reminder',
  formal_reminder: 'formal reminder',
  formal_notice: 'formal notice',
  instalment_reminder: 'plan reminder',
  instalment_missed: 'plan overdue',
  promise_broken: 'follow-up',
};

export function statusLabel(template: string): string {
  return STATUS_LABELS[template] ?? 'reminder';
}

export function stepLabel(template: string): string {
  return STEP_LABELS[template] ?? template.replace(/_/g, ' ');
}
