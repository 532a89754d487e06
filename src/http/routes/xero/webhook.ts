// POST /webhooks/xero: the signature checked on the raw body in constant time (401, empty body,
// when wrong); the intent-to-receive probe answered 200 with an empty body; events turned into
// re-reads by id, queued per connection, and answered at once. Duplicates share a job id.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { webhookPayloadSchema } from '../../../../connectors/xero/xero-webhooks.ts';
import { findConnection } from '../../../store/repos/connections.ts';
import type { XeroRouteDeps } from './deps.ts';

export function webhookHandler(deps: XeroRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!deps.connector.verifyWebhook(req.headers, raw)) return void res.status(401).end();
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return void res.status(400).end();
    }
    const payload = webhookPayloadSchema.safeParse(body);
    if (!payload.success) return void res.status(400).end();
    const targets = deps.connector.webhookTargets(payload.data);
    const byTenant = new Map<string, typeof targets>();
    for (const t of targets)
      byTenant.set(t.externalTenantId, [...(byTenant.get(t.externalTenantId) ?? []), t]);
    for (const [tenantId, list] of byTenant) {
      const conn = await findConnection(deps.rt.db, 'xero', tenantId);
      if (!conn || conn.status !== 'active') continue; // not ours (any more): nothing to re-read
      const key = createHash('sha256').update(JSON.stringify(list)).digest('hex').slice(0, 32);
      await deps.rt.queue.add(
        'xero.webhook',
        { connectionId: conn.id, targets: list },
        { jobId: `xero-webhook:${conn.id}:${key}` },
      );
    }
    res.status(200).end();
  };
}
