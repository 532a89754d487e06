// GET /openapi.json: the API described from the routes' own schemas (no session needed).
import { z } from 'zod';
import { openapiDocument } from '../openapi.ts';
import { route } from '../route.ts';
import { allRoutes } from './index.ts';

let cached: Record<string, unknown> | null = null;

export const openapiRoutes = [
  route({
    method: 'get',
    path: '/openapi.json',
    tag: 'meta',
    summary: 'This document: OpenAPI 3.1, generated from the same zod schemas the API validates with',
    auth: false,
    response: z.record(z.string(), z.unknown()),
    handler() {
      cached ??= openapiDocument(allRoutes());
      return cached;
    },
  }),
];
