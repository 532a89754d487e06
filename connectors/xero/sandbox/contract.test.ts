import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstXeroSpec, xeroSpecExample } from './contract.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { startXeroSandbox, type RunningXeroSandbox } from './sandbox.ts';
import { TEST_REDIRECT_URI, TEST_SCOPES, consent } from './xero-node-harness.ts';

const ENVELOPE = ['Id', 'Status', 'ProviderName', 'DateTimeUTC'];
const OPERATIONS = [
  'getInvoices',
  'getInvoice',
  'updateInvoice',
  'getContacts',
  'getPayments',
  'getCreditNotes',
  'getOrganisations',
  'getInvoiceHistory',
  'createInvoiceHistory',
  'getOnlineInvoice',
];

/** Property names Xero's own examples carry beyond the schema (DateString, DueDateString, ID...). */
function extrasInXeroExamples(): Set<string> {
  const names = new Set(ENVELOPE);
  for (const op of OPERATIONS) {
    for (const path of validateAgainstXeroSpec(op, xeroSpecExample(op)).unknownProperties)
      names.add(path.split('.').pop() as string);
  }
  return names;
}

function expectConforms(name: string, body: unknown, allowed: Set<string>, options = {}): void {
  const result = validateAgainstXeroSpec(name, body, options);
  expect(result.errors, `${name} schema errors`).toEqual([]);
  expect(
    result.unknownProperties.filter((p) => !allowed.has(p.split('.').pop() as string)),
    `${name}: fields neither the spec nor Xero's examples have`,
  ).toEqual([]);
}

describe("the sandbox's responses against Xero's OpenAPI documents", () => {
  let sandbox: RunningXeroSandbox;
  let org: OrganisationLedger;
  let tokenResponse: Record<string, unknown>;
  let allowed: Set<string>;

  beforeAll(async () => {
    sandbox = await startXeroSandbox({
      limits: false,
      organisations: [
        {
          name: 'Atelier Lumière SRL',
          countryCode: 'BE',
          ledger: { seed: 'contract', contacts: 20, invoices: 120, payments: 90, currencies: ['EUR', 'USD'] },
        },
      ],
    });
    org = sandbox.state.ledger.list()[0] as OrganisationLedger;
    const { clientId, clientSecret } = sandbox.state.identity.options;
    const authorize = `${sandbox.url}/identity/connect/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: TEST_REDIRECT_URI, scope: TEST_SCOPES.join(' '), state: 'c' })}`;
    const code = new URL(await consent(authorize)).searchParams.get('code') as string;
    const res = await fetch(`${sandbox.url}/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: TEST_REDIRECT_URI,
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    tokenResponse = (await res.json()) as Record<string, unknown>;
    allowed = extrasInXeroExamples();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const api = async (path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${sandbox.apiUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${String(tokenResponse.access_token)}`,
        'xero-tenant-id': org.tenantId,
        'content-type': 'application/json',
        ...(init.headers ?? {}),
      },
    });
    return { status: res.status, body: await res.json() };
  };
  const find = (test: (i: ReturnType<OrganisationLedger['invoice']>) => boolean) => {
    const found = [...org.invoices.values()].find(test);
    if (!found) throw new Error('the generated ledger lacks the invoice this test needs');
    return found;
  };
  const withSettlements = () => find((i) => i.type === 'ACCREC' && i.paymentIds.length > 0);
  const open = () => find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED');

  it('token response matches AccessToken', () => {
    expect(validateAgainstXeroSpec('identity:AccessToken', tokenResponse).errors).toEqual([]);
    expect(Object.keys(tokenResponse).sort()).toEqual([
      'access_token',
      'expires_in',
      'id_token',
      'refresh_token',
      'scope',
      'token_type',
    ]);
  });

  it('connections match getConnections', async () => {
    const res = await fetch(`${sandbox.url}/connections`, {
      headers: { authorization: `Bearer ${String(tokenResponse.access_token)}` },
    });
    const result = validateAgainstXeroSpec('identity:getConnections', await res.json());
    expect(result.errors).toEqual([]);
    expect(result.unknownProperties).toEqual([]);
  });

  it('invoice lists (paged, unpaged, summary) match getInvoices', async () => {
    for (const query of ['?page=1&pageSize=50', '', '?summaryOnly=true&page=2']) {
      const { status, body } = await api(`/Invoices${query}`);
      expect(status).toBe(200);
      expectConforms('getInvoices', body, allowed);
    }
  });

  it('one invoice, and its update, match getInvoice and updateInvoice', async () => {
    expectConforms('getInvoice', (await api(`/Invoices/${withSettlements().id}`)).body, allowed);
    expectConforms(
      'getInvoice',
      (await api(`/Invoices/${find((i) => i.allocationIds.length > 0).id}`)).body,
      allowed,
    );
    const inv = open();
    const request = { Invoices: [{ InvoiceID: inv.id, ExpectedPaymentDate: '2026-03-01' }] };
    expectConforms('updateInvoice', request, allowed, { part: 'request' });
    const { status, body } = await api(`/Invoices/${inv.id}`, {
      method: 'POST',
      body: JSON.stringify(request),
    });
    expect(status).toBe(200);
    expectConforms('updateInvoice', body, allowed);
  });

  it('contacts, payments, credit notes and the organisation match their operations', async () => {
    expectConforms('getContacts', (await api('/Contacts?page=1&includeArchived=true')).body, allowed);
    expectConforms('getContacts', (await api('/Contacts')).body, allowed);
    expectConforms('getPayments', (await api('/Payments?page=1')).body, allowed);
    expectConforms('getCreditNotes', (await api('/CreditNotes?page=1')).body, allowed);
    expectConforms('getOrganisations', (await api('/Organisation')).body, allowed);
  });

  it('history (read, created, refused) and the online invoice match their operations and Error', async () => {
    const inv = open();
    const request = { HistoryRecords: [{ Details: 'Reminder sent by Relance' }] };
    expectConforms('createInvoiceHistory', request, allowed, { part: 'request' });
    const created = await api(`/Invoices/${inv.id}/History`, {
      method: 'PUT',
      body: JSON.stringify(request),
    });
    expect(created.status).toBe(200);
    expectConforms('createInvoiceHistory', created.body, allowed);
    expectConforms('getInvoiceHistory', (await api(`/Invoices/${inv.id}/History`)).body, allowed);
    const refused = await api(`/Invoices/${inv.id}/History`, {
      method: 'PUT',
      body: JSON.stringify({ HistoryRecords: [{ Details: 'y'.repeat(300) }] }),
    });
    expect(refused.status).toBe(400);
    expect(validateAgainstXeroSpec('createInvoiceHistory', refused.body, { status: 400 }).errors).toEqual([]);
    expectConforms('getOnlineInvoice', (await api(`/Invoices/${inv.id}/OnlineInvoice`)).body, allowed);
    const badWhere = await api('/Invoices?where=Nope%3D%3D1');
    expect(validateAgainstXeroSpec('Error', badWhere.body).errors).toEqual([]);
  });

  it('catches a response that breaks the schema or invents a field', async () => {
    const { body } = (await api('/Invoices?page=1&pageSize=1')) as {
      body: { Invoices: Record<string, unknown>[] };
    };
    const broken = { ...body, Invoices: [{ ...body.Invoices[0], Status: 'SETTLED', AmountDeu: 1 }] };
    const result = validateAgainstXeroSpec('getInvoices', broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join(' ')).toContain('/Invoices/0/Status');
    expect(result.unknownProperties).toContain('Invoices.0.AmountDeu');
    expect(() => validateAgainstXeroSpec('getUnicorns', {})).toThrow(/neither a schema nor an operationId/);
  });
});
