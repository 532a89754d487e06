// Validates JSON against Xero's official OpenAPI documents (accounting, identity, webhooks):
// by component schema name ("Invoices", "HistoryRecords", "Connection", "WebhookEvent") or by
// operationId ("getInvoices", "createInvoiceHistory", "getConnections"), the response (default
// 200) or the request body. Used by the sandbox's contract test and by the connector's, which
// checks the requests Relance sends. $refs resolve within each document.
//
// Leniency, only where the documents contradict themselves or Xero's real traffic:
// - identity and webhooks: `format: date-time` accepts instants without a zone, because the
//   documents' own examples ("2019-12-07T18:46:19.5165400", "2024-06-21T01:15:39.902") and Xero's
//   traffic have none;
// - webhooks: the intent-to-receive probe (no events) carries firstEventSequence and
//   lastEventSequence 0, below the documented minimum of 1.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { parse } from 'yaml';

type SpecName = 'accounting' | 'identity' | 'webhooks';
type Json = Record<string, unknown>;

const FILES: Record<SpecName, string> = {
  accounting: 'xero_accounting.yaml',
  identity: 'xero-identity.yaml',
  webhooks: 'xero-webhooks.yaml',
};
const SEARCH_ORDER: SpecName[] = ['accounting', 'identity', 'webhooks'];
const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i;

export interface SpecValidationOptions {
  /** Validate the operation's response (default) or its request body. */
  part?: 'response' | 'request';
  /** Response status to validate against (default: the operation's first 2xx). */
  status?: number | string;
}

export interface SpecValidation {
  valid: boolean;
  errors: string[];
  /** Object properties in the body that the schema does not name ("Invoices.0.DateString"). */
  unknownProperties: string[];
  /** Where the schema came from: "accounting#/components/schemas/Invoices". */
  schema: string;
}

interface LoadedSpec {
  name: SpecName;
  doc: Json;
  ajv: Ajv;
  validators: Map<string, ValidateFunction>;
}

/** The directory holding Xero's OpenAPI files: XERO_OPENAPI_DIR, ./openapi, or the shared platform docs. */
export function specDirectory(): string {
  const candidates = [
    process.env.XERO_OPENAPI_DIR,
    fileURLToPath(new URL('./openapi/', import.meta.url)),
    fileURLToPath(new URL('../../../../shared/platforms/xero-openapi/', import.meta.url)),
  ];
  for (const dir of candidates) if (dir && existsSync(`${dir}/${FILES.accounting}`)) return dir;
  throw new Error(
    `Xero OpenAPI files not found (looked in ${candidates.filter(Boolean).join(', ')}); set XERO_OPENAPI_DIR`,
  );
}

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (
  ajv: Ajv,
) => Ajv;
const loaded = new Map<SpecName, LoadedSpec>();

function load(name: SpecName): LoadedSpec {
  const cached = loaded.get(name);
  if (cached) return cached;
  const doc = readSpec(`${specDirectory()}/${FILES[name]}`);
  const options = { strict: false, allErrors: true, logger: false as const, validateSchema: false };
  const ajv = name === 'webhooks' ? (new Ajv2020(options) as unknown as Ajv) : new Ajv(options);
  addFormats(ajv);
  for (const f of ['double', 'float', 'int32', 'int64', 'byte', 'binary', 'password']) ajv.addFormat(f, true);
  if (name !== 'accounting') ajv.addFormat('date-time', ZONELESS_DATE_TIME);
  ajv.addSchema(doc, name);
  const spec = { name, doc, ajv, validators: new Map() };
  loaded.set(name, spec);
  return spec;
}

/**
 * Parses a YAML document once per content: the accounting document takes ~2 s to parse, so its
 * JSON is cached in the temp directory under the hash of the YAML text.
 */
function readSpec(file: string): Json {
  const text = readFileSync(file, 'utf8');
  const cache = `${tmpdir()}/relance-xero-openapi-${createHash('sha256').update(text).digest('hex').slice(0, 24)}.json`;
  if (existsSync(cache)) {
    try {
      return JSON.parse(readFileSync(cache, 'utf8')) as Json;
    } catch {
      // A damaged cache is ignored and rewritten.
    }
  }
  const doc = parse(text, { maxAliasCount: -1 }) as Json;
  try {
    writeFileSync(`${cache}.${process.pid}`, JSON.stringify(doc));
    renameSync(`${cache}.${process.pid}`, cache);
  } catch {
    // No writable temp directory: parse each time.
  }
  return doc;
}

function escape(segment: string): string {
  return encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
}

function at(doc: Json, pointer: string): unknown {
  let node: unknown = doc;
  for (const raw of pointer.replace(/^#\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Json | undefined)?.[key];
  }
  return node;
}

/** Follows `$ref`s to local targets, returning the final pointer. */
function follow(doc: Json, pointer: string): string {
  let p = pointer;
  for (let i = 0; i < 10; i++) {
    const node = at(doc, p) as Json | undefined;
    if (
      !node ||
      typeof node.$ref !== 'string' ||
      Object.keys(node).length !== 1 ||
      !node.$ref.startsWith('#/')
    )
      return p;
    p = node.$ref
      .split('/')
      .map((s, k) => (k === 0 ? s : escape(decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))))
      .join('/');
  }
  return p;
}

function operationPointer(doc: Json, operationId: string, options: SpecValidationOptions): string | null {
  for (const root of ['paths', 'webhooks']) {
    for (const [path, item] of Object.entries((doc[root] as Json | undefined) ?? {})) {
      for (const [method, op] of Object.entries(item as Json)) {
        if ((op as Json | undefined)?.operationId !== operationId) continue;
        const base = `#/${root}/${escape(path)}/${method}`;
        if (options.part === 'request')
          return `${follow(doc, `${base}/requestBody`)}/content/${escape('application/json')}/schema`;
        const responses = (op as Json).responses as Json;
        const status = String(
          options.status ?? Object.keys(responses).find((s) => s.startsWith('2')) ?? '200',
        );
        if (!responses[status])
          throw new RangeError(
            `${operationId} has no ${status} response in the ${root === 'paths' ? '' : 'webhooks '}spec`,
          );
        return `${follow(doc, `${base}/responses/${status}`)}/content/${escape('application/json')}/schema`;
      }
    }
  }
  return null;
}

function locate(name: string, options: SpecValidationOptions): { spec: LoadedSpec; pointer: string } {
  const [prefix, rest] = name.includes(':') ? (name.split(':', 2) as [string, string]) : [null, name];
  const order = prefix ? [prefix as SpecName] : SEARCH_ORDER;
  for (const specName of order) {
    if (!FILES[specName]) throw new RangeError(`unknown spec "${specName}" (accounting, identity, webhooks)`);
    const spec = load(specName);
    const schemas = ((spec.doc.components as Json | undefined)?.schemas ?? {}) as Json;
    if (schemas[rest]) return { spec, pointer: `#/components/schemas/${escape(rest)}` };
    const pointer = operationPointer(spec.doc, rest, options);
    if (pointer) return { spec, pointer };
  }
  throw new RangeError(`"${name}" is neither a schema nor an operationId in Xero's OpenAPI documents`);
}

function unknownProperties(
  doc: Json,
  schema: unknown,
  value: unknown,
  path: string,
  out: string[],
  depth = 0,
): void {
  if (
    depth > 12 ||
    schema === null ||
    typeof schema !== 'object' ||
    value === null ||
    typeof value !== 'object'
  )
    return;
  let s = schema as Json;
  for (let i = 0; typeof s.$ref === 'string' && s.$ref.startsWith('#/') && i < 10; i++)
    s = (at(doc, s.$ref) ?? {}) as Json;
  if (Array.isArray(s.allOf)) {
    for (const part of s.allOf) unknownProperties(doc, part, value, path, out, depth + 1);
    return;
  }
  if (Array.isArray(value)) {
    if (s.items)
      value.forEach((v, i) =>
        unknownProperties(doc, s.items, v, `${path}${path ? '.' : ''}${i}`, out, depth + 1),
      );
    return;
  }
  const props = s.properties as Json | undefined;
  if (!props) return;
  for (const [key, v] of Object.entries(value as Json)) {
    const child = `${path}${path ? '.' : ''}${key}`;
    if (!(key in props)) out.push(child);
    else unknownProperties(doc, props[key], v, child, out, depth + 1);
  }
}

function probeLeniency(spec: LoadedSpec, body: unknown): unknown {
  const b = body as { events?: unknown[]; firstEventSequence?: number; lastEventSequence?: number } | null;
  if (
    spec.name === 'webhooks' &&
    b &&
    Array.isArray(b.events) &&
    b.events.length === 0 &&
    b.firstEventSequence === 0 &&
    b.lastEventSequence === 0
  ) {
    return { ...b, firstEventSequence: 1, lastEventSequence: 1 };
  }
  return body;
}

/** Validates `body` against a Xero schema or operation (see the file comment for names and leniency). */
export function validateAgainstXeroSpec(
  operationOrSchemaName: string,
  body: unknown,
  options: SpecValidationOptions = {},
): SpecValidation {
  const { spec, pointer } = locate(operationOrSchemaName, options);
  let validate = spec.validators.get(pointer);
  if (!validate) {
    validate = spec.ajv.compile({ $ref: `${spec.name}${pointer}` });
    spec.validators.set(pointer, validate);
  }
  const valid = validate(probeLeniency(spec, body)) as boolean;
  const errors = valid
    ? []
    : (validate.errors ?? []).map(
        (e) =>
          `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
      );
  const unknown: string[] = [];
  unknownProperties(spec.doc, at(spec.doc, pointer), body, '', unknown);
  return { valid, errors, unknownProperties: unknown, schema: `${spec.name}${decodeURIComponent(pointer)}` };
}

/** The `example:` of an operation's response (or request) in Xero's documents, as Xero published it. */
export function xeroSpecExample(operationId: string, options: SpecValidationOptions = {}): unknown {
  const { spec, pointer } = locate(operationId, options);
  const media = at(spec.doc, pointer.replace(/\/schema$/, '')) as Json | undefined;
  const example = media?.example;
  return typeof example === 'string' ? JSON.parse(example) : example;
}
