// Every request from the card (hubspot.fetch) is checked before anything else: the v3 signature over
// method, full URI, raw body and timestamp with the app's client secret (constant time), the
// timestamp within five minutes, and the signature not seen before in that window (a replay is
// refused; the memory is in the database, so every process shares it). The portal and user come
// from the signed query parameters HubSpot adds.
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { HubSpotService } from '../../../../connectors/hubspot/service.ts';
import { verifySignatureV3 } from '../../../../connectors/hubspot/signature.ts';
import { sendError } from '../../api/errors.ts';

export interface CardCaller {
  portalId: string;
  userId: string;
  userEmail: string | null;
  /** Who the audit log names. */
  actor: string;
}

const callerQuery = z.object({
  portalId: z.string().regex(/^\d+$/, 'expected the HubSpot account id'),
  userId: z.string().regex(/^\d+$/, 'expected the HubSpot user id'),
  userEmail: z.string().max(320).optional(),
  appId: z.string().regex(/^\d+$/).optional(),
});

export function cardAuth(svc: HubSpotService): RequestHandler {
  let calls = 0;
  return async (req, res, next) => {
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const check = verifySignatureV3({
        secret: svc.settings.clientSecret,
        method: req.method,
        uri: `${svc.rt.cfg.publicUrl}${req.originalUrl}`,
        body: raw.toString('utf8'),
        signature: req.get('x-hubspot-signature-v3'),
        timestamp: req.get('x-hubspot-request-timestamp'),
        now: svc.settings.now(),
      });
      if (!svc.settings.clientSecret || !check.ok)
        return sendError(
          res,
          401,
          'unauthenticated',
          `HubSpot signature refused: ${check.ok ? 'no client secret configured' : check.reason}`,
        );
      const signature = req.get('x-hubspot-signature-v3') as string;
      const fresh = await svc.rt.db.query(
        `INSERT INTO hubspot_seen_signatures (signature) VALUES ($1) ON CONFLICT DO NOTHING RETURNING signature`,
        [signature],
      );
      if (fresh.length === 0)
        return sendError(res, 401, 'unauthenticated', 'HubSpot signature refused: replayed request');
      // HubSpot retries a request once after a 5xx: let that retry through.
      res.on('finish', () => {
        if (res.statusCode >= 500)
          void svc.rt.db
            .query(`DELETE FROM hubspot_seen_signatures WHERE signature = $1`, [signature])
            .catch(() => undefined);
      });
      if (++calls % 50 === 1)
        await svc.rt.db.query(
          `DELETE FROM hubspot_seen_signatures WHERE seen_at < now() - interval '10 minutes'`,
        );
      const q = callerQuery.safeParse(req.query);
      if (!q.success)
        return sendError(
          res,
          400,
          'bad_request',
          'the request lacks HubSpot caller parameters',
          q.error.issues.map((i) => ({ path: i.path.join('.') || 'query', message: i.message })),
        );
      const caller: CardCaller = {
        portalId: q.data.portalId,
        userId: q.data.userId,
        userEmail: q.data.userEmail ?? null,
        actor: `hubspot:${q.data.userEmail || q.data.userId}`,
      };
      res.locals.hubspotCaller = caller;
      if (raw.length > 0) {
        if (!req.is('application/json'))
          return sendError(res, 415, 'unsupported_media_type', 'the body must be JSON');
        try {
          req.body = JSON.parse(raw.toString('utf8'));
        } catch {
          return sendError(res, 400, 'bad_request', 'the body is not valid JSON', [
            { path: 'body', message: 'not valid JSON' },
          ]);
        }
      } else req.body = {};
      next();
    } catch (err) {
      next(err);
    }
  };
}
