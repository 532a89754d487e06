/* eslint-disable @typescript-eslint/no-explicit-any -- walks a JSON document */
// The OpenAPI document: generated from the routes' zod schemas, it lists exactly the routes the
// router serves (read from the router itself), every reference resolves, every schema compiles as
// JSON Schema 2020-12 (OpenAPI 3.1's dialect), and real answers validate against it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRouter, API_PREFIX } from '../../src/http/api/router.ts';
import { openapiPath } from '../../src/http/api/openapi.ts';
import {
  call,
  makeUser,
  seedFirm,
  startApi,
  type Actor,
  type ApiHarness,
  type SeededFirm,
} from './harness.ts';

let h: ApiHarness;
let f: SeededFirm;
let owner: Actor;
let doc: any;

beforeAll(async () => {
  h = await startApi();
  f = await seedFirm(h, 'Lumen & Fils');
  owner = await makeUser(h, f.firmId, 'owner');
  const r = await call(h, null, 'GET', '/openapi.json', { as: 'none' });
  expect(r.status).toBe(200);
  doc = r.body;
});
afterAll(async () => {
  await h.close();
});

/** Method and path of every route the express router really serves under the prefix. */
function servedRoutes(router: express.Router): string[] {
  const out: string[] = [];
  for (const layer of router.stack as unknown as {
    route?: { path: string; methods: Record<string, boolean> };
  }[]) {
    if (!layer.route) continue;
    for (const [m, on] of Object.entries(layer.route.methods))
      if (on && m !== '_all') out.push(`${m} ${openapiPath(layer.route.path.slice(API_PREFIX.length))}`);
  }
  return out.sort();
}

describe('GET /api/v1/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every route the router serves, and no other', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`))
      .sort();
    const served = servedRoutes(apiRouter(h.rt));
    expect(served.length).toBeGreaterThan(30);
    expect(documented).toEqual(served);
  });

  it('describes each operation: id, path parameters, body, success and error answers', () => {
    const opIds = new Set<string>();
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [m, op] of Object.entries(ops)) {
        expect(op.operationId, `${m} ${p}`).toMatch(/^[a-z]+[A-Za-z]+$/);
        expect(opIds.has(op.operationId)).toBe(false);
        opIds.add(op.operationId);
        const pathParams = [...p.matchAll(/\{(\w+)\}/g)].map((x) => x[1]);
        const declared = (op.parameters ?? []).filter((x: any) => x.in === 'path').map((x: any) => x.name);
        expect(declared.sort(), `${m} ${p}`).toEqual(pathParams.sort());
        const ok = Object.keys(op.responses).filter((c) => c.startsWith('2'));
        expect(ok, `${m} ${p}`).toHaveLength(1);
        expect(op.responses[ok[0]!].content['application/json'].schema).toBeTypeOf('object');
        if (m !== 'get' && !p.includes('logout'))
          expect(op.responses['400'] ?? op.responses['403']).toBeDefined();
      }
    }
    const customers = doc.paths['/customers'].get;
    expect(customers.parameters.map((x: any) => x.name).sort()).toEqual([
      'order',
      'page',
      'pageSize',
      'q',
      'segment',
      'sort',
      'status',
    ]);
    expect(
      doc.paths['/customers/{id}/promises'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(expect.arrayContaining(['invoiceIds', 'promisedDate']));
  });

  it('resolves every $ref and compiles every schema as JSON Schema 2020-12', () => {
    const refs: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.push(x);
          else walk(x);
        }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
    }
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...doc, $id: 'openapi.json' });
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>))
      for (const [m, op] of Object.entries(ops))
        for (const code of Object.keys(op.responses)) {
          const ptr = `openapi.json#/paths/${p.replace(/~/g, '~0').replace(/\//g, '~1')}/${m}/responses/${code}/content/application~1json/schema`;
          expect(() => ajv.compile({ $ref: ptr }), `${m} ${p} ${code}`).not.toThrow();
        }
  });

  it('matches what the API really answers', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...doc, $id: 'openapi.json' });
    const check = async (path: string, docPath: string) => {
      const r = await call(h, owner, 'GET', path);
      expect(r.status, path).toBe(200);
      const ptr = `openapi.json#/paths/${docPath.replace(/\//g, '~1')}/get/responses/200/content/application~1json/schema`;
      const validate = ajv.compile({ $ref: ptr });
      expect(validate(r.body), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    };
    await check('/session', '/session');
    await check('/overview', '/overview');
    await check('/customers', '/customers');
    await check(`/customers/${f.customers.plain}`, '/customers/{id}');
    await check('/settings', '/settings');
    await check('/procedures', '/procedures');
    await check('/templates', '/templates');
    const bad = await call(h, owner, 'GET', '/customers?page=x');
    const validate = ajv.compile({ $ref: 'openapi.json#/components/schemas/Error' });
    expect(validate(bad.body)).toBe(true);
  });
});
