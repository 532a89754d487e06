// Intuit's webhooks: the signature is base64(HMAC-SHA256(raw body, verifier token)), compared in
// constant time; the payload is classic or CloudEvents. A webhook only says "look again": it gives
// targets to re-read, never data to trust.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { WebhookEntity, WebhookTarget } from '../sdk/connector.ts';

export function verifyIntuitSignature(
  verifierToken: string | null,
  headers: Record<string, string | string[] | undefined>,
  rawBody: Buffer,
): boolean {
  const header = headers['intuit-signature'];
  const given = Array.isArray(header) ? header[0] : header;
  if (!verifierToken || !given) return false;
  const expected = createHmac('sha256', verifierToken).update(rawBody).digest();
  const actual = Buffer.from(given, 'base64');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const ENTITIES: Record<string, WebhookEntity> = {
  invoice: 'invoice',
  payment: 'payment',
  creditmemo: 'credit_note',
  customer: 'customer',
};

const classic = z.object({
  eventNotifications: z.array(
    z.object({
      realmId: z.string().min(1),
      dataChangeEvent: z
        .object({
          entities: z.array(
            z.object({ name: z.string(), id: z.string().min(1), operation: z.string().default('Update') }),
          ),
        })
        .optional(),
    }),
  ),
});
const cloudEvent = z.object({
  type: z.string().regex(/^qbo\.[a-z]+\.[a-z]+\.v\d+$/i, 'expected qbo.<entity>.<operation>.v<n>'),
  intuitentityid: z.string().min(1),
  intuitaccountid: z.string().min(1),
});

/** What the payload names, deduplicated; entities Relance does not read are left out. */
export function quickbooksWebhookTargets(body: unknown): WebhookTarget[] {
  const out = new Map<string, WebhookTarget>();
  const add = (realm: string, name: string, id: string, operation: string) => {
    const entity = ENTITIES[name.toLowerCase()];
    if (entity)
      out.set(`${realm}|${entity}|${id}`, { externalTenantId: realm, entity, externalId: id, operation });
  };
  const c = classic.safeParse(body);
  if (c.success) {
    for (const n of c.data.eventNotifications)
      for (const e of n.dataChangeEvent?.entities ?? []) add(n.realmId, e.name, e.id, e.operation);
  } else {
    for (const item of Array.isArray(body) ? body : [body]) {
      const e = cloudEvent.safeParse(item);
      if (!e.success) continue;
      const [, name = '', op = ''] = e.data.type.split('.');
      add(e.data.intuitaccountid, name, e.data.intuitentityid, op);
    }
  }
  return [...out.values()];
}
