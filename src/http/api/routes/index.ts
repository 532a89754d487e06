// Every route of the panel API, in the order the router mounts them.
import type { RouteDef } from '../route.ts';
import { userRoutes } from '../../auth/users-routes.ts';
import { sessionRoutes } from './session.ts';

export function allRoutes(): RouteDef[] {
  return [...sessionRoutes, ...userRoutes];
}
