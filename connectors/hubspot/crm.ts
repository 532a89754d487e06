// The CRM reads and writes Relance makes, each one API call through hubspotCall: companies page by
// page, a contact by e-mail, a company's owner, notes and tasks with their associations, a search for
// Relance's own marker (so a retried write finds what an interrupted attempt already created), and
// company property updates in batches of 100.
import {
  AssociationSpecAssociationCategoryEnum,
  FilterOperatorEnum,
} from '@hubspot/api-client/lib/codegen/crm/objects/notes/index.js';
import type { ConnectionContext } from '../sdk/connector.ts';
import { hubspotCall } from './client.ts';
import type { CompanyRecord } from './matching.ts';
import type { HubSpotSettings } from './settings.ts';

type S = Pick<HubSpotSettings, 'apiBase' | 'retry'>;

export const ASSOCIATION = {
  noteToCompany: 190,
  noteToContact: 202,
  taskToCompany: 192,
  taskToContact: 204,
} as const;

/** Every company, 100 a page, following `paging.next.after`. */
export async function* listCompanies(s: S, ctx: ConnectionContext): AsyncGenerator<CompanyRecord[]> {
  let after: string | undefined;
  do {
    const page = await hubspotCall(s, ctx, 'list companies', (c) =>
      c.crm.companies.basicApi.getPage(100, after, [
        'name',
        'domain',
        'hs_additional_domains',
        'hubspot_owner_id',
      ]),
    );
    yield page.results.map((r) => ({
      id: r.id,
      name: r.properties.name ?? null,
      domains: [r.properties.domain, ...(r.properties.hs_additional_domains ?? '').split(';')].filter(
        (d): d is string => typeof d === 'string' && d.trim() !== '',
      ),
      ownerId: r.properties.hubspot_owner_id || null,
    }));
    after = page.paging?.next?.after;
  } while (after);
}

export async function getCompany(
  s: S,
  ctx: ConnectionContext,
  companyId: string,
): Promise<{ id: string; name: string | null; ownerId: string | null } | null> {
  try {
    const r = await hubspotCall(s, ctx, 'read company', (c) =>
      c.crm.companies.basicApi.getById(companyId, ['name', 'hubspot_owner_id']),
    );
    return { id: r.id, name: r.properties.name ?? null, ownerId: r.properties.hubspot_owner_id || null };
  } catch (err) {
    if ((err as { kind?: string }).kind === 'not_found') return null;
    throw err;
  }
}

export async function findContactByEmail(
  s: S,
  ctx: ConnectionContext,
  emails: string[],
): Promise<string | null> {
  if (emails.length === 0) return null;
  const r = await hubspotCall(s, ctx, 'search contacts', (c) =>
    c.crm.contacts.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'email',
              operator: FilterOperatorEnum.In,
              values: emails.map((e) => e.toLowerCase()),
            },
          ],
        },
      ],
      properties: ['email'],
      limit: 1,
      after: '0',
      sorts: [],
    }),
  );
  return r.results[0]?.id ?? null;
}

/** A note or task already carrying this marker (written by an attempt whose answer was lost). */
export async function findByMarker(
  s: S,
  ctx: ConnectionContext,
  type: 'notes' | 'tasks',
  marker: string,
): Promise<string | null> {
  const property = type === 'notes' ? 'hs_note_body' : 'hs_task_body';
  const r = await hubspotCall(s, ctx, `search ${type}`, (c) =>
    (type === 'notes' ? c.crm.objects.notes : c.crm.objects.tasks).searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: property, operator: FilterOperatorEnum.ContainsToken, value: marker }] },
      ],
      properties: [property],
      limit: 1,
      after: '0',
      sorts: [],
    }),
  );
  return r.results[0]?.id ?? null;
}

const assoc = (id: string, typeId: number) => ({
  to: { id },
  types: [
    { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: typeId },
  ],
});

export async function createNote(
  s: S,
  ctx: ConnectionContext,
  n: { body: string; timestamp: string; companyId: string; contactId: string | null },
): Promise<string> {
  const r = await hubspotCall(s, ctx, 'create note', (c) =>
    c.crm.objects.notes.basicApi.create({
      properties: { hs_timestamp: n.timestamp, hs_note_body: n.body },
      associations: [
        assoc(n.companyId, ASSOCIATION.noteToCompany),
        ...(n.contactId ? [assoc(n.contactId, ASSOCIATION.noteToContact)] : []),
      ],
    }),
  );
  return r.id;
}

export async function createCallTask(
  s: S,
  ctx: ConnectionContext,
  t: {
    subject: string;
    body: string;
    dueAt: string;
    ownerId: string | null;
    companyId: string;
    contactId: string | null;
  },
): Promise<string> {
  const r = await hubspotCall(s, ctx, 'create task', (c) =>
    c.crm.objects.tasks.basicApi.create({
      properties: {
        hs_timestamp: t.dueAt,
        hs_task_subject: t.subject,
        hs_task_body: t.body,
        hs_task_status: 'NOT_STARTED',
        hs_task_type: 'CALL',
        hs_task_priority: 'HIGH',
        ...(t.ownerId ? { hubspot_owner_id: t.ownerId } : {}),
      },
      associations: [
        assoc(t.companyId, ASSOCIATION.taskToCompany),
        ...(t.contactId ? [assoc(t.contactId, ASSOCIATION.taskToContact)] : []),
      ],
    }),
  );
  return r.id;
}

export async function completeTask(s: S, ctx: ConnectionContext, taskId: string): Promise<void> {
  await hubspotCall(s, ctx, 'complete task', (c) =>
    c.crm.objects.tasks.basicApi.update(taskId, { properties: { hs_task_status: 'COMPLETED' } }),
  );
}

/** Updates companies' properties, 100 a request; companies deleted in HubSpot come back as missing. */
export async function updateCompanies(
  s: S,
  ctx: ConnectionContext,
  updates: { id: string; properties: Record<string, string> }[],
): Promise<{ missing: string[] }> {
  const missing: string[] = [];
  for (let i = 0; i < updates.length; i += 100) {
    const chunk = updates.slice(i, i + 100);
    const r = await hubspotCall(s, ctx, 'update companies', (c) =>
      c.crm.companies.batchApi.update({ inputs: chunk }),
    );
    const done = new Set(r.results.map((x) => x.id));
    for (const u of chunk) if (!done.has(u.id)) missing.push(u.id);
  }
  return { missing };
}
