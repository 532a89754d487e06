// The OpenAPI 3.1 document of the panel API, generated from the routes' own zod schemas (zod's
// toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses), so it lists exactly what the router serves.
import { z } from 'zod';
import type { RouteDef } from './route.ts';
import { errorResponse } from './schemas.ts';

type Json = Record<string, unknown>;

/** `/customers/:id` → `/customers/{id}`. */
export const openapiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

function convert(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const js = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  const suffix = io === 'input' ? 'Input' : '';
  const defs = (js.$defs ?? {}) as Record<string, Json>;
  delete js.$schema;
  delete js.$defs;
  const rewrite = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(rewrite);
    if (v && typeof v === 'object') {
      const out: Json = {};
      for (const [k, x] of Object.entries(v)) {
        out[k] =
          k === '$ref' && typeof x === 'string' && x.startsWith('#/$defs/')
            ? `#/components/schemas/${x.slice(8)}${suffix}`
            : rewrite(x);
      }
      return out;
    }
    return v;
  };
  for (const [name, def] of Object.entries(defs)) components[`${name}${suffix}`] = rewrite(def);
  return rewrite(js) as Json;
}

const ERRORS: Record<string, string> = {
  '400': 'Invalid input: `fields` names every bad field',
  '401': 'No valid session',
  '403': 'The role may not do this, or the CSRF token is missing or wrong (cookie sessions)',
  '404': 'Not found (also for another firm’s ids)',
  '409': 'Conflicts with the current state',
};

export function openapiDocument(routes: RouteDef[], serverUrl = '/api/v1'): Json {
  const components: Json = {};
  const errorSchema = convert(errorResponse, 'output', components);
  components.Error = components.Error ?? errorSchema;
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const parameters: Json[] = [];
    for (const [loc, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = convert(schema, 'input', components);
      const props = (js.properties ?? {}) as Record<string, Json>;
      const required = new Set((js.required ?? []) as string[]);
      for (const [name, s] of Object.entries(props)) {
        parameters.push({
          name,
          in: loc,
          required: loc === 'path' || required.has(name),
          schema: s,
          ...(typeof s.description === 'string' ? { description: s.description } : {}),
        });
      }
    }
    const op: Json = {
      operationId: `${r.method}${openapiPath(r.path)
        .replace(/[{}]/g, '')
        .split(/[/.-]/)
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join('')}`,
      summary: r.summary,
      tags: [r.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: !r.body.safeParse(undefined).success,
              content: { 'application/json': { schema: convert(r.body, 'input', components) } },
            },
          }
        : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: 'OK',
          content: { 'application/json': { schema: convert(r.response, 'output', components) } },
        },
        ...Object.fromEntries(
          Object.entries(ERRORS)
            .filter(([code]) => code !== '401' || r.auth !== false)
            .map(([code, description]) => [
              code,
              {
                description,
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
              },
            ]),
        ),
      },
      ...(r.auth === false ? { security: [] } : {}),
    };
    const path = openapiPath(r.path);
    paths[path] = { ...(paths[path] ?? {}), [r.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Relance panel API',
      version: '1.0.0',
      description:
        'The collections panel’s API. Sessions: the `relance_session` cookie (then every POST, PUT, PATCH and DELETE sends `X-CSRF-Token`) or `Authorization: Bearer`. Money is integer minor units beside its currency.',
    },
    servers: [{ url: serverUrl }],
    security: [{ cookieSession: [] }, { bearerSession: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        cookieSession: { type: 'apiKey', in: 'cookie', name: 'relance_session' },
        bearerSession: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
  };
}
