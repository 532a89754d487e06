// Reading a page of 1,000 records without xero-node's model objects. xero-node's ObjectSerializer
// turns each record into a model instance carrying every attribute of its type (an Invoice's ~45,
// the Contact inside it ~55, almost all undefined), each built from a fresh Object.entries of the
// attribute map: for a page of payments, tens of MB of short-lived objects for the dozen fields
// Relance reads, and the page's JSON kept alive meanwhile. For the sync's list calls only, the list
// is taken out of the parsed answer before xero-node sees it (axios's transformResponse, set through
// the API's default-authentication hook, which receives the request's axios config), and each record
// is projected onto the fields of its zod schema using xero-node's own attribute maps (the JSON name
// of each field) and xero-node's own deserializer for every value kept, so the result is what
// xero-node would have given for those fields. The call itself (URL, query, headers, token, errors)
// stays xero-node's; when the list cannot be taken (a future xero-node), its models are used as before.
import * as xero from 'xero-node';
import { ObjectSerializer, type Authentication } from 'xero-node';
import type { z } from 'zod';

const RAW = Symbol('relance.xero.rawList');

/**
 * An authentication hook for one list call: the answer's `key` list (e.g. "Invoices") is moved out
 * of xero-node's way. Bodies are parsed as axios would (an unreadable body stays text); error
 * answers are left whole for xero-node's error handling.
 */
export function takeList(key: string): Authentication {
  return {
    applyToRequest(config: { transformResponse?: unknown }) {
      config.transformResponse = [
        (data: unknown, _headers: unknown, status?: number): unknown => {
          if (typeof data !== 'string' || data === '') return data;
          let parsed: unknown;
          try {
            parsed = JSON.parse(data);
          } catch {
            return data;
          }
          const body = parsed as Record<string | symbol, unknown> | null;
          if (status !== undefined && status >= 200 && status < 300 && body && Array.isArray(body[key])) {
            body[RAW] = body[key];
            body[key] = undefined;
          }
          return parsed;
        },
      ];
    },
  };
}

/** The list taken by `takeList` from this answer, or null when there is none. */
export function takenList(response: unknown): unknown[] | null {
  const data = (response as { data?: Record<symbol, unknown> } | null)?.data;
  const raw = data && typeof data === 'object' ? data[RAW] : undefined;
  return Array.isArray(raw) ? raw : null;
}

/** Which fields of a record (and of the records inside it) a schema reads; true = the whole value. */
type Fields = true | { [name: string]: Fields };

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
}

function fieldsOf(schema: z.ZodType): Fields {
  const def = (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return def.innerType ? fieldsOf(def.innerType) : true;
    case 'array':
      return def.element ? fieldsOf(def.element) : true;
    case 'object': {
      const out: Record<string, Fields> = {};
      for (const [name, s] of Object.entries(def.shape ?? {})) out[name] = fieldsOf(s);
      return out;
    }
    default:
      return true;
  }
}

interface Attribute {
  name: string;
  baseName: string;
  type: string;
}

interface Step {
  name: string;
  baseName: string;
  type: string;
  /** For a model (or a list of models): the plan of the fields read inside it. */
  inner: Plan | null;
  list: boolean;
}
interface Plan {
  type: string;
  steps: Step[];
}

function attributesOf(type: string): Attribute[] | null {
  const model = (xero as unknown as Record<string, { getAttributeTypeMap?: () => Attribute[] } | undefined>)[
    type
  ];
  return typeof model?.getAttributeTypeMap === 'function' ? model.getAttributeTypeMap() : null;
}

function compile(type: string, fields: Fields): Plan | null {
  const attributes = fields === true ? null : attributesOf(type);
  if (!attributes || fields === true) return null;
  const steps: Step[] = [];
  for (const a of attributes) {
    const sub = fields[a.name];
    if (sub === undefined) continue;
    const list = a.type.startsWith('Array<');
    const itemType = list ? a.type.slice('Array<'.length, -1) : a.type;
    steps.push({ name: a.name, baseName: a.baseName, type: a.type, inner: compile(itemType, sub), list });
  }
  return { type, steps };
}

function project(value: unknown, plan: Plan): unknown {
  // Anything but a JSON object is left to xero-node, which decides what it becomes.
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return ObjectSerializer.deserialize(value, plan.type);
  const json = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const s of plan.steps) {
    const v = json[s.baseName];
    if (v === undefined) continue;
    if (!s.inner || v === null) out[s.name] = ObjectSerializer.deserialize(v, s.type);
    else if (s.list)
      out[s.name] = Array.isArray(v)
        ? v.map((item) => project(item, s.inner as Plan))
        : ObjectSerializer.deserialize(v, s.type);
    else out[s.name] = project(v, s.inner);
  }
  return out;
}

/**
 * A projector from the JSON of one `type` record ("Invoice", "Payment"...) to what xero-node would
 * make of the fields `schema` reads. Fails at start-up if xero-node has no such model.
 */
export function projector(type: string, schema: z.ZodType): (json: unknown) => unknown {
  const plan = compile(type, fieldsOf(schema));
  if (!plan) throw new Error(`xero-node has no model ${type}`);
  return (json) => project(json, plan);
}
