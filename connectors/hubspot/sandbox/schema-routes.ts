// Associations v4, owners, properties and property groups.
import express from 'express';
import { apiError } from './errors.ts';
import { objectType } from './object-routes.ts';
import { ASSOCIATION_TYPES, type HubSpotState, type PropertyDef } from './state.ts';

const PROPERTY_TYPES: Record<string, string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber'],
  number: ['number'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  bool: ['booleancheckbox'],
};

export function schemaRoutes(state: HubSpotState): express.Router {
  const r = express.Router();
  r.use(express.json({ limit: '1mb' }));

  r.get('/crm/v4/objects/:from/:id/associations/:to', (req, res) => {
    const from = objectType(req.params.from);
    const to = objectType(req.params.to);
    if (!from || !to) return apiError(res, 400, 'VALIDATION_ERROR', 'unknown object type');
    const results = state.associated(from, req.params.id, to).map((a) => ({
      toObjectId: Number(a.toId),
      associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: a.typeId, label: null }],
    }));
    res.json({ results });
  });

  r.put('/crm/v4/objects/:from/:fromId/associations/default/:to/:toId', (req, res) => {
    const from = objectType(req.params.from);
    const to = objectType(req.params.to);
    const def = ASSOCIATION_TYPES.find((a) => a.from === from && a.to === to);
    if (!from || !to || !def)
      return apiError(res, 400, 'VALIDATION_ERROR', 'no default association between these types');
    if (!state.store(from).get(req.params.fromId) || !state.store(to).get(req.params.toId))
      return apiError(res, 404, 'OBJECT_NOT_FOUND', 'Object not found.');
    state.associate(from, req.params.fromId, to, req.params.toId, def.typeId);
    res.json({
      status: 'COMPLETE',
      results: [
        {
          from: { id: req.params.fromId },
          to: { id: req.params.toId },
          associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: def.typeId },
        },
      ],
      startedAt: new Date(state.now()).toISOString(),
      completedAt: new Date(state.now()).toISOString(),
    });
  });

  r.get('/crm/v3/owners', (req, res) => {
    const email = req.query.email ? String(req.query.email).toLowerCase() : null;
    const at = new Date(state.now()).toISOString();
    res.json({
      results: state.owners
        .filter((o) => !email || o.email === email)
        .map((o) => ({ ...o, type: 'PERSON', createdAt: at, updatedAt: at, archived: false })),
    });
  });

  r.get('/crm/v3/properties/:type/groups', (req, res) => {
    const t = objectType(req.params.type);
    if (!t) return apiError(res, 400, 'VALIDATION_ERROR', 'unknown object type');
    res.json({ results: [...(state.groups.get(t)?.values() ?? [])] });
  });
  r.get('/crm/v3/properties/:type/groups/:name', (req, res) => {
    const t = objectType(req.params.type);
    const g = t ? state.groups.get(t)?.get(req.params.name) : undefined;
    if (!g) return apiError(res, 404, 'OBJECT_NOT_FOUND', `Unable to find property group ${req.params.name}`);
    res.json(g);
  });
  r.post('/crm/v3/properties/:type/groups', (req, res) => {
    const t = objectType(req.params.type);
    const b = req.body as { name?: string; label?: string; displayOrder?: number };
    if (!t) return apiError(res, 400, 'VALIDATION_ERROR', 'unknown object type');
    if (!b?.name || !/^[a-z0-9_]+$/.test(b.name) || !b.label)
      return apiError(
        res,
        400,
        'VALIDATION_ERROR',
        'name (lower case, digits, underscores) and label are required',
      );
    const groups = state.groups.get(t) as Map<
      string,
      { name: string; label: string; displayOrder: number; archived: boolean }
    >;
    if (groups.has(b.name))
      return apiError(res, 409, 'OBJECT_ALREADY_EXISTS', `A property group named ${b.name} already exists`);
    const g = { name: b.name, label: b.label, displayOrder: b.displayOrder ?? -1, archived: false };
    groups.set(b.name, g);
    res.status(201).json(g);
  });

  r.get('/crm/v3/properties/:type', (req, res) => {
    const t = objectType(req.params.type);
    if (!t) return apiError(res, 400, 'VALIDATION_ERROR', 'unknown object type');
    res.json({ results: [...(state.properties.get(t)?.values() ?? [])] });
  });
  r.get('/crm/v3/properties/:type/:name', (req, res) => {
    const t = objectType(req.params.type);
    const p = t ? state.properties.get(t)?.get(req.params.name) : undefined;
    if (!p) return apiError(res, 404, 'OBJECT_NOT_FOUND', `Unable to find property ${req.params.name}`);
    res.json(p);
  });
  r.post('/crm/v3/properties/:type', (req, res) => {
    const t = objectType(req.params.type);
    if (!t) return apiError(res, 400, 'VALIDATION_ERROR', 'unknown object type');
    const b = req.body as Partial<PropertyDef>;
    const defs = state.properties.get(t) as Map<string, PropertyDef>;
    if (!b?.name || !/^[a-z][a-z0-9_]*$/.test(b.name) || !b.label || !b.type || !b.fieldType || !b.groupName)
      return apiError(
        res,
        400,
        'VALIDATION_ERROR',
        'name, label, type, fieldType and groupName are required',
      );
    if (!PROPERTY_TYPES[b.type]?.includes(b.fieldType))
      return apiError(
        res,
        400,
        'VALIDATION_ERROR',
        `fieldType ${b.fieldType} is not valid for type ${b.type}`,
      );
    if (b.type === 'enumeration' && (!Array.isArray(b.options) || b.options.length === 0))
      return apiError(res, 400, 'VALIDATION_ERROR', 'enumeration properties need options');
    if (!state.groups.get(t)?.has(b.groupName))
      return apiError(res, 400, 'VALIDATION_ERROR', `property group ${b.groupName} does not exist`);
    if (defs.has(b.name))
      return apiError(res, 409, 'OBJECT_ALREADY_EXISTS', `Property named ${b.name} already exists`);
    const at = new Date(state.now()).toISOString();
    const def: PropertyDef = {
      name: b.name,
      label: b.label,
      type: b.type,
      fieldType: b.fieldType,
      groupName: b.groupName,
      ...(b.description ? { description: b.description } : {}),
      ...(b.options ? { options: b.options } : {}),
      hubspotDefined: false,
      createdAt: at,
      updatedAt: at,
    };
    defs.set(b.name, def);
    res.status(201).json(def);
  });
  return r;
}
