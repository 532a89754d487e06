// GET /oauth/xero/callback: the code exchanged for tokens, then one firm per organisation the
// consent covers: an organisation connected before is reconnected to its firm, a new one becomes a
// firm named from its Organisation record. Each then gets a full sync.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { ConnectionContext, ConnectionGrant } from '../../../../connectors/sdk/connector.ts';
import { ConnectorError, ERROR_POLICY } from '../../../../connectors/sdk/errors.ts';
import { XERO_LIMITS } from '../../../../connectors/xero/xero-connector.ts';
import { findConnection, saveGrant } from '../../../store/repos/connections.ts';
import { createFirm } from '../../../store/repos/firms.ts';
import type { XeroRouteDeps } from './deps.ts';
import { verifyState } from './oauth-state.ts';

const querySchema = z.union([
  z.object({ code: z.string().min(1, 'required'), state: z.string().min(1, 'required') }).loose(),
  z.object({ error: z.string().min(1), state: z.string().optional() }).loose(),
]);

export function callbackHandler(deps: XeroRouteDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = querySchema.safeParse(req.query);
    if (!parsed.success)
      return void res.status(400).json({ error: 'invalid_callback', field: 'code', reason: 'required' });
    if ('error' in parsed.data)
      return void res.status(400).json({ error: 'consent_refused', reason: String(parsed.data.error) });
    if (!verifyState(deps.stateSecret, parsed.data.state, deps.now())) {
      return void res
        .status(400)
        .json({ error: 'invalid_state', field: 'state', reason: 'not signed by this server or expired' });
    }
    let grants: ConnectionGrant[];
    try {
      grants = await deps.connector.exchangeCode(new URLSearchParams(req.originalUrl.split('?')[1] ?? ''));
    } catch (err) {
      const kind = err instanceof ConnectorError ? err.kind : 'upstream_unavailable';
      deps.rt.log.warn({ err: (err as Error).message }, 'xero code exchange failed');
      return void res
        .status(kind === 'auth_revoked' ? 400 : ERROR_POLICY[kind].httpStatus)
        .json({ error: kind });
    }
    const connected = [];
    for (const grant of grants) connected.push(await connect(deps, grant));
    res.status(200).json({ connected });
  };
}

async function connect(deps: XeroRouteDeps, grant: ConnectionGrant) {
  const { rt, connector } = deps;
  const existing = await findConnection(rt.db, 'xero', grant.externalTenantId);
  let firmId = existing?.firmId;
  let name = grant.tenantName;
  if (!firmId) {
    const ctx: ConnectionContext = {
      connectionId: '',
      firmId: '',
      externalTenantId: grant.externalTenantId,
      tokens: {
        accessToken: async () => grant.tokens.accessToken,
        forceRefresh: async () => grant.tokens.accessToken,
      },
      limiter: rt.limiter('xero', XERO_LIMITS),
    };
    const profile = await connector.firmProfile(ctx);
    name = profile.name;
    const firm = await createFirm(rt.db, {
      name: profile.name,
      country: profile.country,
      baseCurrency: profile.baseCurrency,
      ...(profile.timeZone ? { timeZone: profile.timeZone } : {}),
      sender: { name: profile.legalName ?? profile.name },
    });
    firmId = firm.id;
  }
  const conn = await saveGrant(rt.db, rt.cipher, {
    firmId,
    platform: 'xero',
    externalTenantId: grant.externalTenantId,
    tokens: grant.tokens,
  });
  await rt.queue.add(
    'xero.sync',
    { connectionId: conn.id, full: !existing },
    { jobId: `xero-sync:${conn.id}` },
  );
  return {
    firmId,
    connectionId: conn.id,
    tenantId: grant.externalTenantId,
    name,
    reconnected: Boolean(existing),
  };
}
