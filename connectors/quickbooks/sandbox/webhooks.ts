// Webhook deliveries as Intuit makes them: a POST to the app's URL whose raw body is signed with
// `intuit-signature` = base64(HMAC-SHA256(body, verifier token)), in the classic
// `eventNotifications` payload or as a CloudEvents array. Changes wait in an outbox; tests decide
// when they go out and can send them late, twice, in reverse or shuffled order, or replay one.
import { createHmac, randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';
import { formatQboDateTime } from './qbo-time.ts';
import { createRandom } from './random.ts';
import type { ChangeEvent, ChangeOperation } from './records.ts';

export type WebhookFormat = 'classic' | 'cloudevents';

export interface WebhookConfig {
  url: string | null;
  verifierToken: string;
  format: WebhookFormat;
  /** Deliver each burst of changes as soon as it happens (else only on flush()). */
  autoDeliver: boolean;
}

export interface DeliveryAttempt {
  atMs: number;
  status: number | null;
  error?: string;
}

export interface WebhookDelivery {
  id: number;
  url: string;
  format: WebhookFormat;
  contentType: string;
  body: string;
  signature: string;
  events: ChangeEvent[];
  attempts: DeliveryAttempt[];
}

export interface FlushOptions {
  /** The order events go out in: as recorded (default), reversed, or shuffled by `seed`. */
  order?: 'recorded' | 'reversed' | 'shuffled';
  seed?: number;
  /** Send every payload twice, as Intuit may. */
  duplicate?: boolean;
  /** One POST per event instead of one POST for the whole burst. */
  onePerEvent?: boolean;
}

export function signWebhookBody(body: string | Buffer, verifierToken: string): string {
  return createHmac('sha256', verifierToken).update(body).digest('base64');
}

/** "2015-10-05T14:42:19-0700", the form of Intuit's published samples. */
function classicTime(ms: number): string {
  return formatQboDateTime(ms).replace(/([+-]\d{2}):(\d{2})$/, '$1$2');
}

export function classicPayload(events: readonly ChangeEvent[]): string {
  const byRealm = new Map<string, ChangeEvent[]>();
  for (const e of events) byRealm.set(e.realmId, [...(byRealm.get(e.realmId) ?? []), e]);
  return JSON.stringify({
    eventNotifications: [...byRealm].map(([realmId, list]) => ({
      realmId,
      dataChangeEvent: {
        entities: list.map((e) => ({
          name: e.entity,
          id: e.id,
          operation: e.operation,
          lastUpdated: classicTime(e.atMs),
        })),
      },
    })),
  });
}

const PAST_TENSE: Record<ChangeOperation, string> = {
  Create: 'created',
  Update: 'updated',
  Delete: 'deleted',
  Void: 'voided',
  Merge: 'merged',
  Emailed: 'emailed',
};

export function cloudEventsPayload(events: readonly ChangeEvent[]): string {
  return JSON.stringify(
    events.map((e) => ({
      specversion: '1.0',
      id: randomUUID(),
      source: `//quickbooks.api.intuit.com/v3/company/${e.realmId}`,
      type: `qbo.${e.entity.toLowerCase()}.${PAST_TENSE[e.operation]}.v1`,
      time: new Date(e.atMs).toISOString(),
      intuitentityid: e.id,
      intuitaccountid: e.realmId,
      datacontenttype: 'application/json',
      data: {},
    })),
  );
}

export class WebhookOutbox {
  private queue: ChangeEvent[] = [];
  private readonly sent: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private scheduled = false;
  private nextId = 1;

  constructor(
    private readonly clock: Clock,
    private config: WebhookConfig,
  ) {}

  configure(change: Partial<WebhookConfig>): void {
    this.config = { ...this.config, ...change };
  }

  get settings(): Readonly<WebhookConfig> {
    return this.config;
  }

  get pending(): readonly ChangeEvent[] {
    return this.queue;
  }

  get deliveries(): readonly WebhookDelivery[] {
    return this.sent;
  }

  enqueue(event: ChangeEvent): void {
    this.queue.push(event);
    if (this.config.autoDeliver && this.config.url !== null && !this.scheduled) {
      // Changes made in one burst (a payment touching three invoices) go out in one notification.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.track(this.flush());
      });
    }
  }

  discardPending(): void {
    this.queue = [];
  }

  /** Sends what is pending; resolves with the deliveries once every POST has been answered. */
  async flush(options: FlushOptions = {}): Promise<WebhookDelivery[]> {
    const url = this.config.url;
    if (url === null) throw new Error('no webhook URL is configured for the sandbox');
    const events = this.queue;
    this.queue = [];
    if (events.length === 0) return [];
    const ordered = [...events];
    if (options.order === 'reversed') ordered.reverse();
    if (options.order === 'shuffled') createRandom(options.seed ?? 1).shuffle(ordered);
    const groups = options.onePerEvent ? ordered.map((e) => [e]) : [ordered];
    const deliveries = groups.map((group) => this.prepare(url, group));
    for (const delivery of deliveries) {
      await this.post(delivery);
      if (options.duplicate) await this.post(delivery);
    }
    return deliveries;
  }

  /** Sends an earlier delivery again, byte for byte, as Intuit's retries do. */
  async replay(deliveryId: number): Promise<WebhookDelivery> {
    const delivery = this.sent.find((d) => d.id === deliveryId);
    if (!delivery) throw new RangeError(`no webhook delivery ${deliveryId}`);
    await this.post(delivery);
    return delivery;
  }

  /** Resolves once automatic deliveries under way have been answered. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.scheduled) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private track(promise: Promise<unknown>): void {
    const settled = promise.catch(() => undefined).finally(() => this.inFlight.delete(settled));
    this.inFlight.add(settled);
  }

  private prepare(url: string, events: ChangeEvent[]): WebhookDelivery {
    const format = this.config.format;
    const body = format === 'classic' ? classicPayload(events) : cloudEventsPayload(events);
    const delivery: WebhookDelivery = {
      id: this.nextId++,
      url,
      format,
      contentType: format === 'classic' ? 'application/json' : 'application/cloudevents+json',
      body,
      signature: signWebhookBody(body, this.config.verifierToken),
      events,
      attempts: [],
    };
    this.sent.push(delivery);
    return delivery;
  }

  private async post(delivery: WebhookDelivery): Promise<void> {
    const attempt: DeliveryAttempt = { atMs: this.clock.now().getTime(), status: null };
    delivery.attempts.push(attempt);
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': delivery.contentType, 'intuit-signature': delivery.signature },
        body: delivery.body,
        signal: AbortSignal.timeout(10_000),
      });
      attempt.status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
  }
}
