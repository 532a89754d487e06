// GET /launch/quickbooks: the Launch URL from the QuickBooks app store. A connected realm lands in
// its firm's panel; anyone else is sent through the connection flow.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Runtime } from '../../../runtime.ts';
import { findConnection } from '../../../store/repos/connections.ts';
import { QUICKBOOKS_PATHS } from '../../../../connectors/quickbooks/settings.ts';
import { panelPath } from './pages.ts';

const query = z.object({
  realmId: z
    .string()
    .regex(/^\d{1,30}$/)
    .optional(),
});

export function launchHandler(rt: Runtime): RequestHandler {
  return async (req, res) => {
    const q = query.safeParse(req.query);
    const conn =
      q.success && q.data.realmId ? await findConnection(rt.db, 'quickbooks', q.data.realmId) : null;
    res.redirect(302, conn && conn.status === 'active' ? panelPath(conn.firmId) : QUICKBOOKS_PATHS.connect);
  };
}
