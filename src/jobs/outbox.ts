// The outbox. An action due for sending is claimed under a lease (FOR UPDATE SKIP LOCKED, so any
// number of workers share the work), given its effect key before anything leaves (the e-mail's
// Message-ID, the SMS's idempotency key), checked once more against the ledger, carried out, then
// marked. The effect itself runs inside a transaction that holds the action's row lock (holdClaim):
// while its worker lives nobody else can take the action back, however long the send takes; a worker
// that dies drops its connection, PostgreSQL releases the lock, the lease expires and the action goes
// back to pending with the same effect key, so the retry first asks whether that effect already
// happened (the relay's lookup by Message-ID) instead of sending again.
//
// `attempts` counts deliveries that really failed (a refusal, an error); a lease lost to a dead
// worker is not one. Temporary failures retry with capped exponential backoff; after
// MAX_FAILED_ATTEMPTS, or on a permanent failure, the action becomes `failed` with a task.
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
  /** Failed attempts so far. */
  attempts: number;
  /** The effect key was set by an earlier claim: an earlier attempt may have gone out. */
  reused: boolean;
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
  reused: boolean;
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
  reused: r.reused,
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
         SELECT a.id, a.effect_key IS NOT NULL AS reused FROM actions a JOIN firms f ON f.id = a.firm_id
         WHERE a.status = 'pending' AND a.due_at <= $1 AND NOT f.review_mode AND a.channel = ANY($2::text[])
           AND ($6::uuid IS NULL OR a.firm_id = $6)
         ORDER BY a.due_at LIMIT $3 FOR UPDATE OF a SKIP LOCKED)
       UPDATE actions a SET status = 'sending', claimed_by = $4, claimed_until = $1::timestamptz + make_interval(secs => $5::float8 / 1000),
         effect_key = COALESCE(a.effect_key, '<' || a.id || '@' || $7 || '>'), updated_at = now()
       FROM due WHERE a.id = due.id
       RETURNING a.id, a.firm_id, a.customer_id, a.kind, a.channel, a.template, a.tone, a.states_fees, a.registered,
         a.plan_id, a.instalment_index, a.target_date, a.effect_key, a.attempts, due.reused`,
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
 * Holds the claim for the effect, inside the transaction that carries it out: renews the lease and
 * keeps the action's row locked until that transaction ends, so that no other worker can take the
 * action back while this one sends, however long that takes. False when the claim was lost (the
 * lease ran out and another worker released or took the action): then nothing must be sent.
 */
export async function holdClaim(
  sql: Sql,
  a: ClaimedAction,
  workerId: string,
  now: string,
  leaseMs: number,
): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE actions SET claimed_until = GREATEST(claimed_until, $3::timestamptz + make_interval(secs => $4::float8 / 1000))
     WHERE id = $1 AND status = 'sending' AND claimed_by = $2 RETURNING id`,
    [a.id, workerId, now, leaseMs],
  );
  return rows.length > 0;
}

/** Renews the claim outside a transaction: false when it was lost. */
export async function renewClaim(
  db: Db,
  a: ClaimedAction,
  workerId: string,
  now: string,
  leaseMs: number,
): Promise<boolean> {
  return holdClaim(db, a, workerId, now, leaseMs);
}

/**
 * Leases that ran out (a worker died): back to pending, keeping the effect key for the retry. An
 * action whose row is locked is being sent by a live worker (holdClaim) and is left alone.
 */
export async function releaseExpired(db: Db, now: string): Promise<number> {
  const rows = await db.query(
    `WITH expired AS (
       SELECT id FROM actions WHERE status = 'sending' AND claimed_until < $1 FOR UPDATE SKIP LOCKED)
     UPDATE actions a SET status = 'pending', claimed_by = NULL, claimed_until = NULL, updated_at = now()
     FROM expired WHERE a.id = expired.id RETURNING a.id`,
    [now],
  );
  return rows.length;
}

/**
 * A worker shutting down hands back what it claimed and did not start, so that another worker takes
 * it at once instead of waiting for the lease to run out. Returns how many were handed back.
 */
export async function releaseClaims(db: Db, workerId: string, actionIds: string[]): Promise<number> {
  if (actionIds.length === 0) return 0;
  const rows = await db.query(
    // A row still locked is being sent (holdClaim): it is left to finish, not handed back.
    `WITH mine AS (
       SELECT id FROM actions WHERE id = ANY($1::uuid[]) AND status = 'sending' AND claimed_by = $2 FOR UPDATE SKIP LOCKED)
     UPDATE actions a SET status = 'pending', claimed_by = NULL, claimed_until = NULL, updated_at = now()
     FROM mine WHERE a.id = mine.id RETURNING a.id`,
    [actionIds, workerId],
  );
  return rows.length;
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

export interface SentRecord {
  providerId: string | null;
  sentAt: string;
  dropped: { invoiceId: string; reason: string }[];
}

export async function markSent(db: Db, a: ClaimedAction, workerId: string, r: SentRecord): Promise<boolean> {
  return db.tx((sql) => markSentIn(sql, a, workerId, r));
}

/** markSent within the caller's transaction (the one that holds the claim and carried out the effect). */
export async function markSentIn(
  sql: Sql,
  a: ClaimedAction,
  workerId: string,
  r: SentRecord,
): Promise<boolean> {
  if (
    !(await finish(sql, a, workerId, `status = 'sent', sent_at = $3, provider_id = $4, last_error = NULL`, [
      r.sentAt,
      r.providerId,
    ]))
  )
    return false;
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
  return true;
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

/** Failed attempts after which a temporary failure is given up (failed, with a task for a person). */
export const MAX_FAILED_ATTEMPTS = 12;
/** The longest wait between two attempts, in units of the retry base (60 s → 2 h). */
const MAX_BACKOFF_FACTOR = 120;

/** When the next attempt is due after `failures` failed ones (1, 2, 4 … base, capped). */
export function retryDelayMs(failures: number, baseMs: number): number {
  return baseMs * Math.min(2 ** Math.max(0, failures - 1), MAX_BACKOFF_FACTOR);
}

/**
 * A temporary failure retries later with capped backoff; after MAX_FAILED_ATTEMPTS of them, or on a
 * permanent one, the action fails with a task: a reminder is never dropped without a person knowing.
 * Returns what became of the action: 'retried', 'failed', or 'lost' when the claim was no longer ours.
 */
export async function markFailed(
  db: Db,
  a: ClaimedAction,
  workerId: string,
  f: { error: string; temporary: boolean; now: string; bouncedAddresses?: string[]; retryBaseMs?: number },
): Promise<'retried' | 'failed' | 'lost'> {
  return db.tx(async (sql) => {
    const failures = a.attempts + 1;
    if (f.temporary && failures < MAX_FAILED_ATTEMPTS) {
      const retryAt = new Date(
        Date.parse(f.now) + retryDelayMs(failures, f.retryBaseMs ?? 60_000),
      ).toISOString();
      const ok = await finish(
        sql,
        a,
        workerId,
        `status = 'pending', due_at = $3, last_error = $4, attempts = $5`,
        [retryAt, f.error.slice(0, 500), failures],
      );
      return ok ? 'retried' : 'lost';
    }
    if (
      !(await finish(sql, a, workerId, `status = 'failed', last_error = $3, attempts = $4`, [
        f.error.slice(0, 500),
        failures,
      ]))
    )
      return 'lost';
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
      details: { error: f.error.slice(0, 500), attempts: failures },
    });
    return 'failed';
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
