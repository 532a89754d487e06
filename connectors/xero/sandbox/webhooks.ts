// Xero webhooks: payloads signed with x-xero-signature = base64(HMAC-SHA256(raw body, webhook
// key)). Before any event, the "intent to receive" check: a correctly signed probe must get 200
// with an empty body and a badly signed one 401, each within 5 seconds; only then are events
// (INVOICE/CONTACT/CREDITNOTE, CREATE/UPDATE, no data beyond ids) delivered, in batches, with
// increasing sequence numbers. A failed delivery keeps its events for the next attempt.
import { createHmac, randomBytes } from 'node:crypto';
import type { SandboxClock } from './clock.ts';
import type { LedgerChange } from './ledger-types.ts';
import { createRandom } from './random.ts';
import { eventDateUtc } from './xero-format.ts';

export interface WebhookEvent {
  resourceUrl: string;
  resourceId: string;
  eventDateUtc: string;
  eventType: 'CREATE' | 'UPDATE';
  eventCategory: 'INVOICE' | 'CONTACT' | 'CREDITNOTE';
  tenantId: string;
  tenantType: 'ORGANISATION';
  data?: Record<string, string>;
}

export interface WebhookPayload {
  events: WebhookEvent[];
  firstEventSequence: number;
  lastEventSequence: number;
  entropy: string;
}

export interface IntentCheck {
  signature: 'valid' | 'invalid';
  expectedStatus: 200 | 401;
  status: number | null;
  bodyLength: number;
  elapsedMs: number;
  ok: boolean;
  problem: string | null;
}

export interface IntentResult {
  ok: boolean;
  url: string;
  checks: IntentCheck[];
}

export interface WebhookDelivery {
  at: number;
  status: number | null;
  ok: boolean;
  events: number;
  firstEventSequence: number;
  lastEventSequence: number;
  error: string | null;
}

export type WebhookStatus = 'unconfigured' | 'pending' | 'ok' | 'failed';

export interface WebhookOptions {
  key: string;
  url: string | null;
  clock: SandboxClock;
  /** The sandbox's own base URL, for resourceUrl. */
  publicUrl: () => string;
  /** Delay before queued events are sent on their own (real time). 0 = only on flush(). */
  deliveryDelayMs: number;
  timeoutMs: number;
  maxEventsPerPayload: number;
}

const PATHS = { INVOICE: 'Invoices', CONTACT: 'Contacts', CREDITNOTE: 'CreditNotes' } as const;

export function signWebhookBody(body: string, key: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('base64');
}

export class WebhookPublisher {
  status: WebhookStatus;
  lastIntent: IntentResult | null = null;
  readonly deliveries: WebhookDelivery[] = [];
  private queue: { event: WebhookEvent; sequence: number }[] = [];
  private sequence = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<WebhookDelivery[]> | null = null;
  private readonly entropy = createRandom(randomBytes(8).toString('hex'));

  constructor(private readonly options: WebhookOptions) {
    this.status = options.url ? 'pending' : 'unconfigured';
  }

  get url(): string | null {
    return this.options.url;
  }

  /** Points the subscription at a URL (or removes it); the intent-to-receive check runs again. */
  configure(url: string | null): void {
    this.options.url = url;
    this.status = url ? 'pending' : 'unconfigured';
    this.lastIntent = null;
  }

  sign(body: string): string {
    return signWebhookBody(body, this.options.key);
  }

  /** Queues the event for a ledger change (only while a URL is configured). */
  record(change: LedgerChange): void {
    if (!this.options.url) return;
    const event: WebhookEvent = {
      resourceUrl: `${this.options.publicUrl()}/api.xro/2.0/${PATHS[change.category]}/${change.resourceId}`,
      resourceId: change.resourceId,
      eventDateUtc: eventDateUtc(change.at),
      eventType: change.type,
      eventCategory: change.category,
      tenantId: change.tenantId,
      tenantType: 'ORGANISATION',
      ...(change.data ? { data: { ...change.data } } : {}),
    };
    this.queue.push({ event, sequence: ++this.sequence });
    if (this.options.deliveryDelayMs > 0 && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, this.options.deliveryDelayMs);
      this.timer.unref();
    }
  }

  pendingEvents(): WebhookEvent[] {
    return this.queue.map((q) => q.event);
  }

  /** The probes Xero sends when a webhook URL is saved. */
  async intentToReceive(): Promise<IntentResult> {
    const url = this.options.url;
    if (!url) throw new Error('webhook: no URL configured');
    const checks: IntentCheck[] = [];
    for (const signature of ['valid', 'invalid'] as const) {
      const body = JSON.stringify({
        events: [],
        firstEventSequence: 0,
        lastEventSequence: 0,
        entropy: this.entropy.letters(20),
      });
      const key = signature === 'valid' ? this.options.key : randomBytes(32).toString('base64');
      const expectedStatus = signature === 'valid' ? 200 : 401;
      const started = Date.now();
      const result = await this.post(url, body, signWebhookBody(body, key));
      const elapsedMs = Date.now() - started;
      let problem: string | null = null;
      if (result.status === null) problem = result.error;
      else if (result.status !== expectedStatus)
        problem = `answered ${result.status}, expected ${expectedStatus}`;
      else if (signature === 'valid' && result.bodyLength > 0)
        problem = `answered with a ${result.bodyLength}-byte body, expected an empty body`;
      else if (elapsedMs > this.options.timeoutMs)
        problem = `answered after ${elapsedMs} ms, limit ${this.options.timeoutMs} ms`;
      checks.push({
        signature,
        expectedStatus,
        status: result.status,
        bodyLength: result.bodyLength,
        elapsedMs,
        ok: problem === null,
        problem,
      });
    }
    const ok = checks.every((c) => c.ok);
    this.status = ok ? 'ok' : 'failed';
    this.lastIntent = { ok, url, checks };
    return this.lastIntent;
  }

  /** Sends every queued event now (after the intent check if it has not run); resolves with the attempts. */
  flush(): Promise<WebhookDelivery[]> {
    if (this.running) return this.running.then(() => this.flush());
    this.running = this.deliverAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async deliverAll(): Promise<WebhookDelivery[]> {
    const url = this.options.url;
    if (!url || this.queue.length === 0) return [];
    if (this.status === 'pending') await this.intentToReceive();
    if (this.status !== 'ok') return [];
    const attempts: WebhookDelivery[] = [];
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.options.maxEventsPerPayload);
      const payload: WebhookPayload = {
        events: batch.map((b) => b.event),
        firstEventSequence: (batch[0] as { sequence: number }).sequence,
        lastEventSequence: (batch[batch.length - 1] as { sequence: number }).sequence,
        entropy: this.entropy.letters(20),
      };
      const body = JSON.stringify(payload);
      const result = await this.post(url, body, this.sign(body));
      const ok = result.status !== null && result.status >= 200 && result.status < 300;
      const delivery: WebhookDelivery = {
        at: this.options.clock.now(),
        status: result.status,
        ok,
        events: batch.length,
        firstEventSequence: payload.firstEventSequence,
        lastEventSequence: payload.lastEventSequence,
        error: ok ? null : (result.error ?? `status ${result.status}`),
      };
      attempts.push(delivery);
      this.deliveries.push(delivery);
      if (this.deliveries.length > 1000) this.deliveries.shift();
      if (!ok) break; // keep the events; the next flush retries them
      this.queue = this.queue.slice(batch.length);
    }
    return attempts;
  }

  private async post(
    url: string,
    body: string,
    signature: string,
  ): Promise<{ status: number | null; bodyLength: number; error: string | null }> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-xero-signature': signature },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await res.text();
      return { status: res.status, bodyLength: Buffer.byteLength(text), error: null };
    } catch (e) {
      return {
        status: null,
        bodyLength: 0,
        error:
          (e as Error).name === 'TimeoutError'
            ? `no answer within ${this.options.timeoutMs} ms`
            : (e as Error).message,
      };
    }
  }
}
