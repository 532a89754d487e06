import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXeroSandbox, type RunningXeroSandbox } from './sandbox.ts';

describe('the /__sandbox admin routes', () => {
  let sandbox: RunningXeroSandbox;
  let tenantId: string;

  beforeAll(async () => {
    sandbox = await startXeroSandbox({
      organisations: [
        { name: 'Atelier Lumière SRL', countryCode: 'BE', ledger: null },
        { name: 'Harbour & Pine Ltd', countryCode: 'GB', ledger: null },
      ],
    });
    tenantId = sandbox.state.ledger.list()[0]?.tenantId as string;
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const post = async (path: string, body: unknown, method = 'POST') => {
    const res = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
  };

  it('adds a contact, an invoice and a payment, answering in Xero JSON', async () => {
    const contact = await post(`/organisations/${tenantId}/contacts`, {
      name: 'Brasserie du Parc SRL',
      email: 'ap@brasserie.example',
      persons: [{ firstName: 'Luc', email: 'luc@brasserie.example', includeInEmails: true }],
    });
    expect(contact.status).toBe(201);
    expect(contact.body).toMatchObject({
      Name: 'Brasserie du Parc SRL',
      ContactPersons: [{ FirstName: 'Luc', IncludeInEmails: true }],
    });
    const invoice = await post(`/organisations/${tenantId}/invoices`, {
      contactId: contact.body.ContactID,
      total: '242.00',
      date: '2026-01-05',
      dueDate: '2026-02-04',
    });
    expect(invoice.body).toMatchObject({
      Type: 'ACCREC',
      Status: 'AUTHORISED',
      Total: 242,
      AmountDue: 242,
      DueDate: '/Date(1770163200000+0000)/',
      DueDateString: '2026-02-04T00:00:00',
    });
    const payment = await post(`/organisations/${tenantId}/payments`, {
      invoiceId: invoice.body.InvoiceID,
      amount: 242,
    });
    expect(payment.status).toBe(201);
    expect(sandbox.state.org(tenantId).invoice(String(invoice.body.InvoiceID)).status).toBe('PAID');
  });

  it('refuses a bad body with 400 naming the field', async () => {
    const bad = await post(`/organisations/${tenantId}/invoices`, { contactId: 'not-a-guid', total: '1' });
    expect(bad).toEqual({ status: 400, body: { error: 'contactId: expected a GUID', field: 'contactId' } });
    const unknownOrg = await post('/organisations/00000000-0000-4000-8000-000000000000/contacts', {
      name: 'X',
    });
    expect(unknownOrg.body.field).toBe('tenantId');
  });

  it('chooses which organisations the next consent connects', async () => {
    const other = sandbox.state.ledger.list()[1]?.tenantId as string;
    expect((await post('/consent', { tenantIds: [other] })).body).toEqual({ tenantIds: [other] });
    expect(sandbox.state.consentTenantIds).toEqual([other]);
    expect((await post('/consent', { tenantIds: ['00000000-0000-4000-8000-000000000000'] })).status).toBe(
      400,
    );
  });

  it('moves time only when the sandbox runs on a manual clock', async () => {
    expect((await post('/clock/advance', { seconds: 60 })).status).toBe(409);
  });
});
