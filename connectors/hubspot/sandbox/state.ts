// The HubSpot double's memory: one portal (account) with owners, companies, contacts, notes, tasks,
// v4 associations, properties and property groups, plus the OAuth grants. Object ids are numeric
// strings as HubSpot's are; every object carries createdAt/updatedAt and hs_object_id.
import { randomBytes } from 'node:crypto';

export type ObjectType = 'companies' | 'contacts' | 'notes' | 'tasks';
export const OBJECT_TYPES: ObjectType[] = ['companies', 'contacts', 'notes', 'tasks'];
export const OBJECT_TYPE_IDS: Record<ObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  notes: '0-46',
  tasks: '0-27',
};

export interface CrmObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
}

export interface PropertyDef {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: { label: string; value: string; displayOrder?: number; hidden?: boolean }[];
  hubspotDefined?: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** HubSpot-defined association types between the objects the double knows (v4 typeIds). */
export const ASSOCIATION_TYPES: { from: ObjectType; to: ObjectType; typeId: number }[] = [
  { from: 'contacts', to: 'companies', typeId: 279 },
  { from: 'companies', to: 'contacts', typeId: 280 },
  { from: 'notes', to: 'contacts', typeId: 202 },
  { from: 'contacts', to: 'notes', typeId: 201 },
  { from: 'notes', to: 'companies', typeId: 190 },
  { from: 'companies', to: 'notes', typeId: 189 },
  { from: 'tasks', to: 'contacts', typeId: 204 },
  { from: 'contacts', to: 'tasks', typeId: 203 },
  { from: 'tasks', to: 'companies', typeId: 192 },
  { from: 'companies', to: 'tasks', typeId: 191 },
];

export interface Association {
  from: ObjectType;
  fromId: string;
  to: ObjectType;
  toId: string;
  typeId: number;
}

export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  hubId: number;
  userId: number;
  user: string;
  scopes: string[];
  revoked: boolean;
}

const BUILT_IN: Record<ObjectType, [string, string, string][]> = {
  companies: [
    ['name', 'string', 'text'],
    ['domain', 'string', 'text'],
    ['hs_additional_domains', 'enumeration', 'checkbox'],
    ['hubspot_owner_id', 'enumeration', 'select'],
    ['city', 'string', 'text'],
    ['country', 'string', 'text'],
  ],
  contacts: [
    ['email', 'string', 'text'],
    ['firstname', 'string', 'text'],
    ['lastname', 'string', 'text'],
    ['hubspot_owner_id', 'enumeration', 'select'],
  ],
  notes: [
    ['hs_timestamp', 'datetime', 'date'],
    ['hs_note_body', 'string', 'html'],
    ['hubspot_owner_id', 'enumeration', 'select'],
  ],
  tasks: [
    ['hs_timestamp', 'datetime', 'date'],
    ['hs_task_subject', 'string', 'text'],
    ['hs_task_body', 'string', 'html'],
    ['hs_task_status', 'enumeration', 'select'],
    ['hs_task_type', 'enumeration', 'select'],
    ['hs_task_priority', 'enumeration', 'select'],
    ['hubspot_owner_id', 'enumeration', 'select'],
  ],
};

const ENUMS: Record<string, string[]> = {
  hs_task_status: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'],
  hs_task_type: ['CALL', 'EMAIL', 'TODO', 'LINKED_IN', 'MEETING'],
  hs_task_priority: ['NONE', 'LOW', 'MEDIUM', 'HIGH'],
};

export interface HubSpotSandboxOptions {
  clientId?: string;
  clientSecret?: string;
  appId?: number;
  hubId?: number;
  /** Requests per 10 seconds per portal before a 429 (HubSpot's public-app burst limit). */
  tenSecondLimit?: number;
  /** The limit's rolling window (10 seconds at HubSpot; tests shorten it). */
  rateWindowMs?: number;
  /** Access token lifetime in seconds (HubSpot: 1800). */
  tokenTtlSeconds?: number;
  seed?: boolean;
  now?: () => number;
}

export class HubSpotState {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appId: number;
  readonly hubId: number;
  tenSecondLimit: number;
  rateWindowMs: number;
  readonly tokenTtlSeconds: number;
  readonly now: () => number;
  readonly objects = new Map<ObjectType, Map<string, CrmObject>>(OBJECT_TYPES.map((t) => [t, new Map()]));
  readonly associations: Association[] = [];
  readonly owners: Owner[] = [];
  readonly properties = new Map<ObjectType, Map<string, PropertyDef>>();
  readonly groups = new Map<ObjectType, Map<string, PropertyGroup>>();
  readonly codes = new Map<string, { redirectUri: string; scopes: string[]; expiresAt: number }>();
  readonly tokens = new Map<string, TokenGrant>();
  readonly refreshTokens = new Map<string, TokenGrant>();
  /** Every API request (method and path), newest last: what tests count. */
  readonly requests: { method: string; path: string; status: number; at: number }[] = [];
  private nextId = 5_100_000_001;

  constructor(opts: HubSpotSandboxOptions = {}) {
    this.clientId = opts.clientId ?? 'relance-hubspot-client';
    this.clientSecret = opts.clientSecret ?? 'relance-hubspot-secret';
    this.appId = opts.appId ?? 4_242_001;
    this.hubId = opts.hubId ?? 24_680_135;
    this.tenSecondLimit = opts.tenSecondLimit ?? 110;
    this.rateWindowMs = opts.rateWindowMs ?? 10_000;
    this.tokenTtlSeconds = opts.tokenTtlSeconds ?? 1800;
    this.now = opts.now ?? Date.now;
    const stamp = new Date(this.now()).toISOString();
    for (const t of OBJECT_TYPES) {
      const defs = new Map<string, PropertyDef>();
      for (const [name, type, fieldType] of BUILT_IN[t]) {
        defs.set(name, {
          name,
          label: name,
          type,
          fieldType,
          groupName: `${t.replace(/s$/, '')}information`,
          hubspotDefined: true,
          ...(ENUMS[name] ? { options: (ENUMS[name] ?? []).map((v) => ({ label: v, value: v })) } : {}),
          createdAt: stamp,
          updatedAt: stamp,
        });
      }
      this.properties.set(t, defs);
      this.groups.set(
        t,
        new Map([
          [
            `${t.replace(/s$/, '')}information`,
            {
              name: `${t.replace(/s$/, '')}information`,
              label: 'Information',
              displayOrder: -1,
              archived: false,
            },
          ],
        ]),
      );
    }
    if (opts.seed !== false) this.seed();
  }

  newId(): string {
    return String(this.nextId++);
  }

  store(type: ObjectType): Map<string, CrmObject> {
    return this.objects.get(type) as Map<string, CrmObject>;
  }

  create(type: ObjectType, properties: Record<string, string | null>): CrmObject {
    const id = this.newId();
    const at = new Date(this.now()).toISOString();
    const obj: CrmObject = {
      id,
      properties: {
        ...properties,
        hs_object_id: id,
        createdate: at,
        hs_lastmodifieddate: at,
      },
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    this.store(type).set(id, obj);
    return obj;
  }

  associate(from: ObjectType, fromId: string, to: ObjectType, toId: string, typeId: number): void {
    const inverse = ASSOCIATION_TYPES.find((a) => a.from === to && a.to === from);
    const add = (a: Association) => {
      if (
        !this.associations.some(
          (x) => x.from === a.from && x.fromId === a.fromId && x.to === a.to && x.toId === a.toId,
        )
      )
        this.associations.push(a);
    };
    add({ from, fromId, to, toId, typeId });
    if (inverse) add({ from: to, fromId: toId, to: from, toId: fromId, typeId: inverse.typeId });
  }

  associated(from: ObjectType, fromId: string, to: ObjectType): Association[] {
    return this.associations.filter((a) => a.from === from && a.fromId === fromId && a.to === to);
  }

  issueTokens(scopes: string[], userId = 7_001_001, user = 'owner@sandbox.example'): TokenGrant {
    const grant: TokenGrant = {
      accessToken: `CO${randomBytes(24).toString('base64url')}`,
      refreshToken: `${randomBytes(4).toString('hex')}-${randomBytes(16).toString('hex')}`,
      expiresAt: this.now() + this.tokenTtlSeconds * 1000,
      hubId: this.hubId,
      userId,
      user,
      scopes,
      revoked: false,
    };
    this.tokens.set(grant.accessToken, grant);
    this.refreshTokens.set(grant.refreshToken, grant);
    return grant;
  }

  /** Notes, tasks or other objects associated with a company, newest first. */
  forCompany(type: 'notes' | 'tasks', companyId: string): CrmObject[] {
    return this.associated('companies', companyId, type)
      .map((a) => this.store(type).get(a.toId))
      .filter((o): o is CrmObject => o !== undefined && !o.archived);
  }

  /** A small CRM: owners, companies (two of them share a name, for the ambiguous case), contacts. */
  seed(): void {
    this.owners.push(
      {
        id: '81001',
        email: 'claire@lumen.example',
        firstName: 'Claire',
        lastName: 'Martin',
        userId: 7_001_001,
      },
      { id: '81002', email: 'bram@lumen.example', firstName: 'Bram', lastName: 'Peeters', userId: 7_001_002 },
    );
    const companies: [string, string, string][] = [
      ['Boulangerie Dupont', 'dupont-boulangerie.fr', '81001'],
      ['Atelier Moreau', 'ateliermoreau.be', '81002'],
      ['Garage Lefèvre', 'garage-lefevre.fr', '81001'],
      ['Garage Lefevre', 'lefevre-autos.fr', '81002'],
      ['Hotel Zeezicht', 'zeezicht.nl', '81001'],
    ];
    for (const [name, domain, owner] of companies) {
      const c = this.create('companies', { name, domain, hubspot_owner_id: owner });
      const contact = this.create('contacts', {
        email: `compta@${domain}`,
        firstname: 'Service',
        lastname: 'Comptable',
      });
      this.associate('contacts', contact.id, 'companies', c.id, 279);
    }
  }
}
