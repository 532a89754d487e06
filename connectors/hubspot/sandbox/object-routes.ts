// CRM v3 objects (companies, contacts, notes, tasks): list with `after` paging, read, create with
// associations, update, batch update and search; property values checked against the definitions
// (unknown property, bad option, unknown owner, missing hs_timestamp are 400s as in HubSpot).
import express from 'express';
import { apiError } from './errors.ts';
import {
  ASSOCIATION_TYPES,
  OBJECT_TYPES,
  type CrmObject,
  type HubSpotState,
  type ObjectType,
} from './state.ts';

const DEFAULT_PROPS: Record<ObjectType, string[]> = {
  companies: ['name', 'domain', 'createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  contacts: ['email', 'firstname', 'lastname', 'createdate', 'lastmodifieddate', 'hs_object_id'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

export function objectType(raw: string): ObjectType | null {
  const aliases: Record<string, ObjectType> = {
    company: 'companies',
    '0-2': 'companies',
    contact: 'contacts',
    '0-1': 'contacts',
    note: 'notes',
    '0-46': 'notes',
    task: 'tasks',
    '0-27': 'tasks',
  };
  return (OBJECT_TYPES as string[]).includes(raw) ? (raw as ObjectType) : (aliases[raw] ?? null);
}

export function render(o: CrmObject, type: ObjectType, props: string[] | null) {
  const names = props && props.length > 0 ? props : DEFAULT_PROPS[type];
  const properties: Record<string, string | null> = {};
  for (const n of names) if (n in o.properties) properties[n] = o.properties[n] ?? null;
  return { id: o.id, properties, createdAt: o.createdAt, updatedAt: o.updatedAt, archived: o.archived };
}

type Problem = { message: string; code: string; context: Record<string, string[]> };

function checkProperties(
  state: HubSpotState,
  type: ObjectType,
  props: Record<string, unknown>,
  creating: boolean,
): Problem[] {
  const defs = state.properties.get(type) as Map<string, { type: string; options?: { value: string }[] }>;
  const problems: Problem[] = [];
  for (const [name, value] of Object.entries(props)) {
    const def = defs.get(name);
    const ctx = { propertyName: [name] };
    if (!def) {
      problems.push({
        message: `Property "${name}" does not exist`,
        code: 'PROPERTY_DOESNT_EXIST',
        context: ctx,
      });
      continue;
    }
    if (value === null || value === '') continue;
    const text = String(value);
    if (name === 'hubspot_owner_id' && !state.owners.some((o) => o.id === text))
      problems.push({ message: `${text} is not a valid owner id`, code: 'INVALID_OWNER_ID', context: ctx });
    else if (def.type === 'enumeration' && def.options && name !== 'hubspot_owner_id') {
      const allowed = def.options.map((o) => o.value);
      const values = name === 'hs_additional_domains' ? [] : text.split(';');
      if (values.some((v) => !allowed.includes(v)))
        problems.push({
          message: `${text} was not one of the allowed options`,
          code: 'INVALID_OPTION',
          context: ctx,
        });
    } else if (def.type === 'number' && !Number.isFinite(Number(text)))
      problems.push({ message: `${text} is not a valid number`, code: 'INVALID_DECIMAL', context: ctx });
    else if ((def.type === 'date' || def.type === 'datetime') && !validDate(text))
      problems.push({ message: `${text} is not a valid date`, code: 'INVALID_DATE', context: ctx });
  }
  if (creating && (type === 'notes' || type === 'tasks') && !props.hs_timestamp)
    problems.push({
      message: 'hs_timestamp is required',
      code: 'REQUIRED_PROPERTY',
      context: { propertyName: ['hs_timestamp'] },
    });
  return problems;
}

function validDate(s: string): boolean {
  if (/^\d+$/.test(s)) return true; // epoch milliseconds
  return /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(s) && !Number.isNaN(Date.parse(s));
}

function stringify(props: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(props)) out[k] = v === null ? null : String(v);
  return out;
}

type Filter = { propertyName: string; operator: string; value?: unknown; values?: unknown[] };

function matches(o: CrmObject, f: Filter): boolean {
  const raw = f.propertyName === 'id' ? o.id : o.properties[f.propertyName];
  const v = raw === undefined || raw === null ? null : raw.toLowerCase();
  const want = f.value === undefined ? null : String(f.value).toLowerCase();
  switch (f.operator) {
    case 'EQ':
      return v !== null && v === want;
    case 'NEQ':
      return v !== want;
    case 'IN':
      return v !== null && (f.values ?? []).map((x) => String(x).toLowerCase()).includes(v);
    case 'HAS_PROPERTY':
      return v !== null && v !== '';
    case 'NOT_HAS_PROPERTY':
      return v === null || v === '';
    case 'CONTAINS_TOKEN':
      return v !== null && want !== null && v.split(/[^a-z0-9:_*-]+/).includes(want.replace(/\*/g, ''));
    default:
      return false;
  }
}

export function objectRoutes(state: HubSpotState): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '1mb' }));

  const typeOf = (req: express.Request, res: express.Response): ObjectType | null => {
    const t = objectType(String(req.params.type));
    if (!t)
      apiError(res, 400, 'VALIDATION_ERROR', `Unable to infer object type from: ${String(req.params.type)}`);
    return t;
  };
  const propList = (q: unknown): string[] | null =>
    q === undefined
      ? null
      : String(q)
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);

  r.get('/crm/v3/objects/:type', (req, res) => {
    const type = typeOf(req, res);
    if (!type) return;
    const limit = Math.min(100, Math.max(1, Number(req.query.limit ?? 10) || 10));
    const after = req.query.after === undefined ? null : String(req.query.after);
    const all = [...state.store(type).values()]
      .filter((o) => !o.archived)
      .sort((a, b) => Number(a.id) - Number(b.id));
    const start = after ? all.findIndex((o) => Number(o.id) > Number(after)) : 0;
    const page = start < 0 ? [] : all.slice(start, start + limit);
    const last = page[page.length - 1];
    const more = start >= 0 && start + limit < all.length && last;
    res.json({
      results: page.map((o) => render(o, type, propList(req.query.properties))),
      ...(more
        ? {
            paging: {
              next: {
                after: last.id,
                link: `?after=${last.id}`,
              },
            },
          }
        : {}),
    });
  });

  r.get('/crm/v3/objects/:type/:id', (req, res) => {
    const type = typeOf(req, res);
    if (!type) return;
    const o = state.store(type).get(req.params.id);
    if (!o || o.archived)
      return apiError(res, 404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.');
    res.json(render(o, type, propList(req.query.properties)));
  });

  r.post('/crm/v3/objects/:type', (req, res) => {
    const type = typeOf(req, res);
    if (!type) return;
    const body = req.body as { properties?: Record<string, unknown>; associations?: unknown };
    if (!body || typeof body.properties !== 'object' || body.properties === null)
      return apiError(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1: properties is required');
    const problems = checkProperties(state, type, body.properties, true);
    if (problems.length > 0)
      return apiError(
        res,
        400,
        'VALIDATION_ERROR',
        `Property values were not valid: ${JSON.stringify(problems)}`,
        problems,
      );
    const assocs = Array.isArray(body.associations) ? (body.associations as AssocInput[]) : [];
    const resolved: { to: ObjectType; id: string; typeId: number }[] = [];
    for (const a of assocs) {
      const id = String(a?.to?.id ?? '');
      for (const t of a?.types ?? []) {
        const def = ASSOCIATION_TYPES.find(
          (x) => x.from === type && x.typeId === Number(t.associationTypeId),
        );
        if (!def || t.associationCategory !== 'HUBSPOT_DEFINED')
          return apiError(
            res,
            400,
            'VALIDATION_ERROR',
            `${String(t.associationTypeId)} is not a valid association type from ${type}`,
          );
        if (!state.store(def.to).get(id))
          return apiError(res, 400, 'VALIDATION_ERROR', `No ${def.to} with ID ${id} exists`);
        resolved.push({ to: def.to, id, typeId: def.typeId });
      }
    }
    const o = state.create(type, stringify(body.properties));
    for (const a of resolved) state.associate(type, o.id, a.to, a.id, a.typeId);
    res.status(201).json(render(o, type, Object.keys(body.properties)));
  });

  const update = (
    type: ObjectType,
    id: string,
    props: Record<string, unknown>,
  ): CrmObject | Problem[] | null => {
    const o = state.store(type).get(id);
    if (!o || o.archived) return null;
    const problems = checkProperties(state, type, props, false);
    if (problems.length > 0) return problems;
    Object.assign(o.properties, stringify(props));
    o.updatedAt = new Date(state.now()).toISOString();
    o.properties.hs_lastmodifieddate = o.updatedAt;
    return o;
  };

  r.patch('/crm/v3/objects/:type/:id', (req, res) => {
    const type = typeOf(req, res);
    if (!type) return;
    const props = (req.body as { properties?: Record<string, unknown> })?.properties;
    if (!props || typeof props !== 'object')
      return apiError(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1: properties is required');
    const out = update(type, req.params.id, props);
    if (out === null) return apiError(res, 404, 'OBJECT_NOT_FOUND', 'Object not found.');
    if (Array.isArray(out))
      return apiError(
        res,
        400,
        'VALIDATION_ERROR',
        `Property values were not valid: ${JSON.stringify(out)}`,
        out,
      );
    res.json(render(out, type, Object.keys(props)));
  });

  r.post('/crm/v3/objects/:type/batch/update', (req, res) => {
    const type = typeOf(req, res);
    if (!type) return;
    const inputs = (req.body as { inputs?: { id: string; properties: Record<string, unknown> }[] })?.inputs;
    if (!Array.isArray(inputs) || inputs.length === 0)
      return apiError(res, 400, 'VALIDATION_ERROR', 'inputs is required');
    if (inputs.length > 100)
      return apiError(res, 400, 'VALIDATION_ERROR', 'Batch size is limited to 100 inputs');
    for (const i of inputs) {
      const problems = checkProperties(state, type, i.properties ?? {}, false);
      if (problems.length > 0)
        return apiError(
          res,
          400,
          'VALIDATION_ERROR',
          `Property values were not valid: ${JSON.stringify(problems)}`,
          problems,
        );
    }
    const startedAt = new Date(state.now()).toISOString();
    const results = [];
    const errors = [];
    for (const i of inputs) {
      const out = update(type, String(i.id), i.properties ?? {});
      if (out && !Array.isArray(out)) results.push(render(out, type, Object.keys(i.properties ?? {})));
      else
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message: `Object ${i.id} not found`,
          context: { ids: [String(i.id)] },
        });
    }
    res.status(errors.length > 0 ? 207 : 200).json({
      status: 'COMPLETE',
      results,
      ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
      startedAt,
      completedAt: new Date(state.now()).toISOString(),
    });
  });

  r.post('/crm/v3/objects/:type/search', (req, res) => {
    const type = typeOf(req, res);
    if (!type) return;
    const b = req.body as {
      filterGroups?: { filters?: Filter[] }[];
      properties?: string[];
      limit?: number;
      after?: string | number;
    };
    const groups = b?.filterGroups ?? [];
    if (groups.length > 5)
      return apiError(res, 400, 'VALIDATION_ERROR', 'There is a limit of 5 filterGroups');
    const all = [...state.store(type).values()]
      .filter((o) => !o.archived)
      .filter((o) => groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matches(o, f))))
      .sort((a, b) => Number(a.id) - Number(b.id));
    const limit = Math.min(200, Math.max(1, Number(b?.limit ?? 10) || 10));
    const offset = Number(b?.after ?? 0) || 0;
    const page = all.slice(offset, offset + limit);
    res.json({
      total: all.length,
      results: page.map((o) => render(o, type, b?.properties ?? null)),
      ...(offset + limit < all.length ? { paging: { next: { after: String(offset + limit) } } } : {}),
    });
  });
  return r;
}

type AssocInput = {
  to?: { id?: string | number };
  types?: { associationCategory?: string; associationTypeId?: number }[];
};
