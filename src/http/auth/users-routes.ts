// The firm's users and switching firms, as panel API routes (/api/v1):
//   GET   /users            everyone signed in: who uses the panel for this firm (to assign customers)
//   PATCH /users/:id        owners: change a role; the firm's last owner cannot be demoted
//   GET   /session/firms    the firms the signed-in person belongs to, for a firm switcher
//   POST  /session/switch   a new session for another firm the person belongs to (404 otherwise)
import { z } from 'zod';
import { conflict, notFound } from '../api/errors.ts';
import { OWNERS, route, type RouteDef } from '../api/route.ts';
import { sessionRoutes } from '../api/routes/session.ts';
import { platformSchema, roleSchema, sessionResponse } from '../api/schemas.ts';
import {
  findMembership,
  getUser,
  listUsers,
  membershipsOf,
  setUserRole,
  type User,
} from '../../store/repos/users.ts';
import { forgetSessionUser, issueSession, setSessionCookie } from './session.ts';

const id = z.uuid({ message: 'expected an id' });
const instant = z.string().meta({ format: 'date-time', description: 'ISO-8601 instant, UTC' });

export const userSchema = z
  .object({
    id,
    name: z.string(),
    email: z.string().nullable(),
    role: roleSchema,
    platform: platformSchema,
    createdAt: instant,
    lastSeenAt: instant,
  })
  .meta({ id: 'User' });
export const usersResponse = z.object({ items: z.array(userSchema) });
export const userRoleBody = z.strictObject({ role: roleSchema });
export const switchBody = z.strictObject({ firmId: id });
export const firmsResponse = z.object({
  items: z.array(z.object({ id, name: z.string(), role: roleSchema, current: z.boolean() })),
});

const toJson = (u: User): z.infer<typeof userSchema> => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  platform: u.platform,
  createdAt: u.createdAt,
  lastSeenAt: u.lastSeenAt,
});

const readSession = sessionRoutes.find((r) => r.method === 'get' && r.path === '/session') as RouteDef;

export const userRoutes: RouteDef[] = [
  route({
    method: 'get',
    path: '/users',
    tag: 'users',
    summary: "The firm's users with their roles",
    response: usersResponse,
    async handler({ rt, session }) {
      return { items: (await listUsers(rt.db, session.firmId)).map(toJson) };
    },
  }),
  route({
    method: 'patch',
    path: '/users/:id',
    tag: 'users',
    summary: "Change a user's role (owners only; the last owner cannot be demoted)",
    roles: OWNERS,
    params: z.object({ id }),
    body: userRoleBody,
    response: userSchema,
    async handler({ rt, session, params, body }) {
      const changed = await setUserRole(
        rt.db,
        session.firmId,
        params.id,
        body.role,
        `user:${session.userId}`,
      );
      if (!changed.ok && changed.error === 'not_found') throw notFound('user');
      // The new role applies from the user's very next request: drop the session's cached role.
      if (changed.ok) forgetSessionUser(changed.user.id);
      if (!changed.ok)
        throw conflict('the firm must keep an owner: make another user owner first', [
          { path: 'role', message: 'the last owner cannot be demoted' },
        ]);
      return toJson(changed.user);
    },
  }),
  route({
    method: 'get',
    path: '/session/firms',
    tag: 'session',
    summary: 'The firms the signed-in person can switch to, with their role in each',
    response: firmsResponse,
    async handler({ rt, session }) {
      const firms = await membershipsOf(rt.db, session.userId);
      return {
        items: firms.map((f) => ({
          id: f.firmId,
          name: f.firmName,
          role: f.role,
          current: f.firmId === session.firmId,
        })),
      };
    },
  }),
  route({
    method: 'post',
    path: '/session/switch',
    tag: 'session',
    summary: 'Switch the session to another firm the signed-in person belongs to',
    body: switchBody,
    response: sessionResponse,
    async handler(ctx) {
      const { rt, res, session, body } = ctx;
      // The person must have signed in to the target firm; any other firm id is "not found".
      const member = await findMembership(rt.db, session.userId, body.firmId);
      if (!member || !(await getUser(rt.db, session.firmId, session.userId))) throw notFound('firm');
      const next = { firmId: member.firmId, userId: member.id, role: member.role };
      const issued = await issueSession(rt, next);
      setSessionCookie(res, rt, issued.token);
      res.locals.sessionExpiresAt = issued.expiresAt;
      return readSession.handler({ ...ctx, session: { ...next, csrf: issued.csrf } }) as never;
    },
  }),
];
