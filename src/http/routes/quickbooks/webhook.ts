// POST /webhooks/quickbooks: signature checked on the raw body first (401 without reading further),
// then classic or CloudEvents parsed into targets, one re-read job per realm, and 200 at once.
// Unknown realms are acknowledged too, or Intuit would keep retrying.
import type { RequestHandler } from 'express';
import type { Connector, WebhookTarget } from '../../../../connectors/sdk/connector.ts';
import { enqueueQuickBooksReread } from '../../../jobs/quickbooks-jobs.ts';
import type { Runtime } from '../../../runtime.ts';
import { findConnection } from '../../../store/repos/connections.ts';

export function webhookHandler(rt: Runtime, connector: Connector): RequestHandler {
  return async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!connector.verifyWebhook(req.headers, raw)) {
      res.status(401).json({ error: 'invalid_signature' });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      res.status(400).json({ error: 'invalid_json', message: 'body: expected JSON' });
      return;
    }
    const byRealm = new Map<string, WebhookTarget[]>();
    for (const t of connector.webhookTargets(body))
      byRealm.set(t.externalTenantId, [...(byRealm.get(t.externalTenantId) ?? []), t]);
    for (const [realmId, targets] of byRealm) {
      const conn = await findConnection(rt.db, 'quickbooks', realmId);
      if (conn?.status === 'active') await enqueueQuickBooksReread(rt, conn.id, targets);
    }
    res.status(200).json({ status: 'accepted' });
  };
}
