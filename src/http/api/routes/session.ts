// GET /session: who is signed in, for which firm; POST /session/logout: forget the cookie.
import { z } from 'zod';
import { clearSessionCookie } from '../../auth/session.ts';
import { notFound } from '../errors.ts';
import { route } from '../route.ts';
import { okResponse, sessionResponse, type SessionResponse } from '../schemas.ts';

export const sessionRoutes = [
  route({
    method: 'get',
    path: '/session',
    tag: 'session',
    summary: 'The signed-in user, their firm, and the CSRF token to send with writes',
    response: sessionResponse,
    async handler({ rt, res, session }): Promise<SessionResponse> {
      const [firm] = await rt.db.query<{
        id: string;
        name: string;
        country: string;
        base_currency: string;
        language: SessionResponse['firm']['language'];
        review_mode: boolean;
        platforms: string[];
      }>(
        `SELECT f.id, f.name, f.country, f.base_currency, f.language, f.review_mode,
           ARRAY(SELECT DISTINCT c.platform FROM connections c
                 WHERE c.firm_id = f.id AND c.platform <> 'import' AND c.status <> 'disconnected'
                 ORDER BY c.platform) AS platforms
         FROM firms f WHERE f.id = $1`,
        [session.firmId],
      );
      if (!firm) throw notFound('firm');
      const [user] = await rt.db.query<{ id: string; name: string | null; email: string | null }>(
        `SELECT id, name, email FROM users WHERE id = $1 AND firm_id = $2`,
        [session.userId, session.firmId],
      );
      if (!user) throw notFound('user');
      return {
        firm: {
          id: firm.id,
          name: firm.name,
          country: firm.country,
          baseCurrency: firm.base_currency,
          language: firm.language,
          reviewMode: firm.review_mode,
          platforms: firm.platforms as SessionResponse['firm']['platforms'],
        },
        user: { id: user.id, name: user.name, email: user.email, role: session.role },
        csrfToken: session.csrf,
        expiresAt: res.locals.sessionExpiresAt as string,
      };
    },
  }),
  route({
    method: 'post',
    path: '/session/logout',
    tag: 'session',
    summary: 'Sign out: the session cookie is cleared',
    body: z.object({}).optional(),
    response: okResponse,
    handler({ rt, res }) {
      clearSessionCookie(res, rt);
      return { ok: true as const };
    },
  }),
];
