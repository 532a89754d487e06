// Every route of the panel API, in the order the router mounts them.
import type { RouteDef } from '../route.ts';
import { userRoutes } from '../../auth/users-routes.ts';
import { customerActionRoutes } from './customer-actions.ts';
import { customerRoutes } from './customers.ts';
import { ledgerActionRoutes } from './ledger-actions.ts';
import { openapiRoutes } from './openapi.ts';
import { overviewRoutes } from './overview.ts';
import { procedureRoutes } from './procedures.ts';
import { sessionRoutes } from './session.ts';
import { settingsRoutes } from './settings.ts';
import { templateRoutes } from './templates.ts';

export function allRoutes(): RouteDef[] {
  return [
    ...sessionRoutes,
    ...userRoutes,
    ...overviewRoutes,
    ...customerRoutes,
    ...customerActionRoutes,
    ...ledgerActionRoutes,
    ...procedureRoutes,
    ...templateRoutes,
    ...settingsRoutes,
    ...openapiRoutes,
  ];
}
