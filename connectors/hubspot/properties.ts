// The company properties Relance keeps current in HubSpot, in a property group "Relance", created at
// install and again whenever one is missing (creating an existing one is a 409, which is fine).
import type { Client } from '@hubspot/api-client';
import type { ConnectionContext } from '../sdk/connector.ts';
import { hubspotCall } from './client.ts';
import type { HubSpotSettings } from './settings.ts';

export const PROPERTY_GROUP = { name: 'relance', label: 'Relance', displayOrder: -1 };

export const COLLECTION_STATUSES = [
  { value: 'current', label: 'Up to date' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'promised', label: 'Promise to pay' },
  { value: 'payment_plan', label: 'Payment plan' },
  { value: 'disputed', label: 'In dispute' },
  { value: 'paused', label: 'Reminders paused' },
] as const;
export type CollectionStatus = (typeof COLLECTION_STATUSES)[number]['value'];

export const COMPANY_PROPERTIES = [
  {
    name: 'relance_collection_status',
    label: 'Collection status',
    type: 'enumeration',
    fieldType: 'select',
    description: 'Where collections stand for this company, from Relance.',
    options: COLLECTION_STATUSES.map((o, i) => ({ ...o, displayOrder: i, hidden: false })),
  },
  {
    name: 'relance_overdue_amount',
    label: 'Overdue amount',
    type: 'number',
    fieldType: 'number',
    description: 'Overdue receivables in relance_overdue_currency (the currency with the most overdue).',
  },
  {
    name: 'relance_overdue_currency',
    label: 'Overdue currency',
    type: 'string',
    fieldType: 'text',
    description: 'ISO currency of the overdue amount.',
  },
  {
    name: 'relance_oldest_overdue_days',
    label: 'Oldest overdue (days)',
    type: 'number',
    fieldType: 'number',
    description: 'Days past due of the oldest unpaid invoice.',
  },
  {
    name: 'relance_next_action',
    label: 'Next collection action',
    type: 'string',
    fieldType: 'text',
    description: 'The next reminder, call or letter Relance has planned.',
  },
  {
    name: 'relance_next_action_date',
    label: 'Next collection action date',
    type: 'date',
    fieldType: 'date',
    description: 'When the next action is planned.',
  },
] as const;

export type CompanyPropertyName = (typeof COMPANY_PROPERTIES)[number]['name'];

/** Creates the group and each property unless it exists; safe to run at every install. */
export async function ensureCompanyProperties(
  settings: HubSpotSettings,
  ctx: ConnectionContext,
): Promise<{ created: string[] }> {
  const created: string[] = [];
  const exists = async (what: string, read: (c: Client) => Promise<unknown>) => {
    try {
      await hubspotCall(settings, ctx, what, read);
      return true;
    } catch (err) {
      if ((err as { kind?: string }).kind === 'not_found') return false;
      throw err;
    }
  };
  const createIgnoringConflict = async (what: string, create: (c: Client) => Promise<unknown>) => {
    try {
      await hubspotCall(settings, ctx, what, create);
      created.push(what);
    } catch (err) {
      if ((err as { kind?: string }).kind !== 'conflict') throw err; // another install made it
    }
  };
  if (
    !(await exists('property group', (c) =>
      c.crm.properties.groupsApi.getByName('companies', PROPERTY_GROUP.name),
    ))
  )
    await createIgnoringConflict('property group', (c) =>
      c.crm.properties.groupsApi.create('companies', PROPERTY_GROUP),
    );
  for (const p of COMPANY_PROPERTIES) {
    if (await exists(p.name, (c) => c.crm.properties.coreApi.getByName('companies', p.name))) continue;
    await createIgnoringConflict(p.name, (c) =>
      c.crm.properties.coreApi.create('companies', {
        ...p,
        groupName: PROPERTY_GROUP.name,
        options: 'options' in p ? p.options.map((o) => ({ ...o })) : [],
      } as never),
    );
  }
  return { created };
}
