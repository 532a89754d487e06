// GET /disconnect/quickbooks?realmId=: the Disconnect URL. Revokes the tokens (already revoked when
// the firm disconnected from inside QuickBooks: harmless), stops every job, keeps the history.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Connector } from '../../../../connectors/sdk/connector.ts';
import type { Runtime } from '../../../runtime.ts';
import { findConnection, markDisconnected, readTokens } from '../../../store/repos/connections.ts';
import { answer } from './pages.ts';

const query = z.object({ realmId: z.string().regex(/^\d{1,30}$/, 'realmId must be digits') });

export function disconnectHandler(rt: Runtime, connector: Connector): RequestHandler {
  return async (req, res) => {
    const q = query.safeParse(req.query);
    if (!q.success) return answer(req, res, 400, 'invalid_request', `realmId: ${q.error.issues[0]?.message}`);
    const conn = await findConnection(rt.db, 'quickbooks', q.data.realmId);
    if (!conn || conn.status === 'disconnected')
      return answer(req, res, 200, null, 'QuickBooks is disconnected from Relance.');
    try {
      await connector.revoke(await readTokens(rt.db, rt.cipher, conn.id));
    } catch (err) {
      rt.log.warn({ err: (err as Error).message, connectionId: conn.id }, 'quickbooks revoke');
    }
    await markDisconnected(rt.db, conn.id, 'quickbooks:disconnect-url');
    answer(req, res, 200, null, 'QuickBooks is disconnected from Relance. Your collection history is kept.');
  };
}
