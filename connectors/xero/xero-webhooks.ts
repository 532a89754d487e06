// Xero webhooks: x-xero-signature is base64(HMAC-SHA256(raw body, webhook key)), compared in
// constant time. Events carry no data and their resourceUrl is never followed: each becomes a
// "re-read this id" target, read again through the configured API base.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { WebhookEntity, WebhookTarget } from '../sdk/connector.ts';

export function verifyXeroSignature(
  key: string,
  rawBody: Buffer,
  header: string | string[] | undefined,
): boolean {
  const given = Array.isArray(header) ? header[0] : header;
  if (!given || !key) return false;
  const expected = createHmac('sha256', key).update(rawBody).digest();
  const provided = Buffer.from(given, 'base64');
  return provided.length === expected.length && timingSafeEqual(provided, expected);
}

const eventSchema = z
  .object({
    resourceId: z.string().min(1),
    eventCategory: z.string(),
    eventType: z.string(),
    tenantId: z.string().min(1),
    tenantType: z.string().optional(),
    resourceUrl: z.string().optional(),
    eventDateUtc: z.string().optional(),
  })
  .loose();
export const webhookPayloadSchema = z
  .object({
    events: z.array(eventSchema),
    firstEventSequence: z.number().optional(),
    lastEventSequence: z.number().optional(),
    entropy: z.string().optional(),
  })
  .loose();

const ENTITIES: Record<string, WebhookEntity> = {
  INVOICE: 'invoice',
  CONTACT: 'customer',
  CREDITNOTE: 'credit_note',
  PAYMENT: 'payment',
};

/** The re-reads a payload asks for, one per (tenant, entity, id); unknown categories are ignored. */
export function xeroWebhookTargets(body: unknown): WebhookTarget[] {
  const parsed = webhookPayloadSchema.safeParse(body);
  if (!parsed.success) return [];
  const seen = new Map<string, WebhookTarget>();
  for (const e of parsed.data.events) {
    const entity = ENTITIES[e.eventCategory.toUpperCase()];
    if (!entity) continue;
    const t = {
      externalTenantId: e.tenantId.toLowerCase(),
      entity,
      externalId: e.resourceId,
      operation: e.eventType,
    };
    seen.set(`${t.externalTenantId}|${entity}|${t.externalId}`, t);
  }
  return [...seen.values()];
}
