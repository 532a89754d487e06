import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XeroClient } from 'xero-node';
import { createManualClock, type ManualClock } from './clock.ts';
import type { OrganisationLedger } from './organisation-ledger.ts';
import { startXeroSandbox, type RunningXeroSandbox } from './sandbox.ts';
import { connectXeroNode, xeroNodeRejection } from './xero-node-harness.ts';

describe('Xero sandbox Accounting API (through xero-node)', () => {
  let clock: ManualClock;
  let sandbox: RunningXeroSandbox;
  let xero: XeroClient;
  let org: OrganisationLedger;
  let tenantId: string;

  beforeAll(async () => {
    clock = createManualClock(Date.UTC(2026, 1, 2, 9));
    sandbox = await startXeroSandbox({
      clock,
      limits: false,
      accessTokenTtlSeconds: 86_400, // this suite moves the clock; token expiry is tested elsewhere
      organisations: [
        {
          name: 'Atelier Lumière SRL',
          countryCode: 'BE',
          ledger: { seed: 'api', contacts: 40, invoices: 640, payments: 500, asOf: '2026-01-31' },
        },
      ],
    });
    org = sandbox.state.ledger.list()[0] as OrganisationLedger;
    tenantId = org.tenantId;
    xero = await connectXeroNode(sandbox);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  const visible = () => [...org.invoices.values()].filter((i) => i.status !== 'DELETED');

  it('pages invoices with pagination {page, pageSize, pageCount, itemCount} until an empty page', async () => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const { body } = await xero.accountingApi.getInvoices(
        tenantId,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        page,
        undefined,
        undefined,
        undefined,
        undefined,
        100,
      );
      expect(body.pagination).toMatchObject({
        page,
        pageSize: 100,
        itemCount: visible().length,
        pageCount: Math.ceil(visible().length / 100),
      });
      if ((body.invoices ?? []).length === 0) break;
      seen.push(...(body.invoices ?? []).map((i) => i.invoiceID as string));
      expect(body.invoices?.[0]?.lineItems?.length).toBeGreaterThan(0);
    }
    expect(seen.length).toBe(visible().length);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('caps pageSize at 1000 and says so in pagination', async () => {
    const { body } = await xero.accountingApi.getInvoices(
      tenantId,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      1,
      undefined,
      undefined,
      undefined,
      undefined,
      5000,
    );
    expect(body.pagination?.pageSize).toBe(1000);
    expect(body.invoices?.length).toBe(visible().length);
  });

  it('filters by Statuses and where Type=="ACCREC", and orders by DueDate', async () => {
    const { body } = await xero.accountingApi.getInvoices(
      tenantId,
      undefined,
      'Type=="ACCREC" AND AmountDue > 0',
      'DueDate DESC',
      undefined,
      undefined,
      undefined,
      ['AUTHORISED'],
      1,
      undefined,
      undefined,
      undefined,
      undefined,
      1000,
    );
    const expected = visible().filter(
      (i) => i.type === 'ACCREC' && i.status === 'AUTHORISED' && org.amountDue(i) > 0,
    );
    expect(body.invoices?.length).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    const due = (body.invoices ?? []).map((i) => (i.dueDate as unknown as Date).getTime());
    expect(due).toEqual([...due].sort((a, b) => b - a));
    expect(
      (body.invoices ?? []).every((i) => String(i.type) === 'ACCREC' && String(i.status) === 'AUTHORISED'),
    ).toBe(true);
  });

  it('returns only invoices changed since If-Modified-Since, with their new amounts', async () => {
    clock.advance(3_600_000);
    const since = new Date(clock.now());
    const target = visible().find(
      (i) => i.type === 'ACCREC' && i.status === 'AUTHORISED' && org.amountDue(i) > 20_000,
    ) as NonNullable<ReturnType<typeof visible>[number]>;
    clock.advance(1000);
    org.addPayment({ invoiceId: target.id, amount: '100.00', date: '2026-02-02' });
    const { body } = await xero.accountingApi.getInvoices(
      tenantId,
      since,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      1,
      undefined,
      undefined,
      undefined,
      undefined,
      100,
    );
    expect(body.invoices?.map((i) => i.invoiceID)).toEqual([target.id]);
    expect(body.invoices?.[0]?.amountPaid).toBe(target.amountPaid / 100);
    expect(body.invoices?.[0]?.payments?.some((p) => p.amount === 100)).toBe(true);
  });

  it('answers a where clause it cannot read with 400 QueryParseException', async () => {
    const refused = await xeroNodeRejection(
      xero.accountingApi.getInvoices(tenantId, undefined, 'Colour=="red"'),
    );
    expect(refused).toMatchObject({ status: 400, body: {} });
    const raw = await fetch(`${sandbox.apiUrl}/Invoices?where=${encodeURIComponent('Colour=="red"')}`, {
      headers: { authorization: `Bearer ${xero.readTokenSet().access_token}`, 'xero-tenant-id': tenantId },
    });
    expect(await raw.json()).toEqual({
      ErrorNumber: 16,
      Type: 'QueryParseException',
      Message: "No property or field 'Colour' exists in type 'Invoice'",
    });
  });

  it('reads one invoice with dates xero-node turns into UTC midnights', async () => {
    const inv = visible().find((i) => i.status === 'AUTHORISED' && i.dueDate !== null) as NonNullable<
      ReturnType<typeof visible>[number]
    >;
    const { body } = await xero.accountingApi.getInvoice(tenantId, inv.id);
    const got = body.invoices?.[0];
    expect(got?.invoiceNumber).toBe(inv.number);
    expect((got?.dueDate as unknown as Date).toISOString()).toBe(
      `${new Date(inv.dueDate! * 86_400_000).toISOString().slice(0, 10)}T00:00:00.000Z`,
    );
    expect(got?.contact?.name).toBe(org.contacts.get(inv.contactId)?.name);
  });

  it('sets ExpectedPaymentDate with POST /Invoices/{id} and bumps UpdatedDateUTC', async () => {
    const inv = visible().find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED') as NonNullable<
      ReturnType<typeof visible>[number]
    >;
    const before = inv.updatedAt;
    clock.advance(5000);
    const { body } = await xero.accountingApi.updateInvoice(tenantId, inv.id, {
      invoices: [{ expectedPaymentDate: '2026-02-20' }],
    });
    expect((body.invoices?.[0]?.expectedPaymentDate as unknown as Date).toISOString()).toBe(
      '2026-02-20T00:00:00.000Z',
    );
    expect(inv.updatedAt).toBeGreaterThan(before);
    const paid = visible().find((i) => i.status === 'PAID') as NonNullable<
      ReturnType<typeof visible>[number]
    >;
    const refused = await xeroNodeRejection(
      xero.accountingApi.updateInvoice(tenantId, paid.id, {
        invoices: [{ expectedPaymentDate: '2026-02-20' }],
      }),
    );
    expect(refused.status).toBe(400);
  });

  it('adds a history note once per Idempotency-Key, and refuses notes over 250 characters', async () => {
    const inv = visible().find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED') as NonNullable<
      ReturnType<typeof visible>[number]
    >;
    const note = { historyRecords: [{ details: 'Reminder 1 sent to ap@client.example (Relance)' }] };
    const first = await xero.accountingApi.createInvoiceHistory(
      tenantId,
      inv.id,
      note,
      'relance-reminder-42',
    );
    const again = await xero.accountingApi.createInvoiceHistory(
      tenantId,
      inv.id,
      note,
      'relance-reminder-42',
    );
    expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
    const history = await xero.accountingApi.getInvoiceHistory(tenantId, inv.id);
    expect(
      history.body.historyRecords?.filter((h) => h.details === note.historyRecords[0]?.details),
    ).toHaveLength(1);
    expect(history.body.historyRecords?.[0]?.changes).toBe('Note');
    const tooLong = await xeroNodeRejection(
      xero.accountingApi.createInvoiceHistory(tenantId, inv.id, {
        historyRecords: [{ details: 'x'.repeat(251) }],
      }),
    );
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain('ValidationException');
    const reused = await xeroNodeRejection(
      xero.accountingApi.createInvoiceHistory(
        tenantId,
        inv.id,
        { historyRecords: [{ details: 'another note' }] },
        'relance-reminder-42',
      ),
    );
    expect(reused.status).toBe(400);
  });

  it('gives an online invoice URL for an approved sales invoice, not for a draft', async () => {
    const approved = visible().find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED') as NonNullable<
      ReturnType<typeof visible>[number]
    >;
    const { body } = await xero.accountingApi.getOnlineInvoice(tenantId, approved.id);
    expect(body.onlineInvoices?.[0]?.onlineInvoiceUrl).toMatch(
      /^https:\/\/in\.xero\.com\/[A-Za-z0-9_-]{40}$/,
    );
    const draft = org.addInvoice({
      contactId: approved.contactId,
      status: 'DRAFT',
      total: '90.00',
      date: '2026-02-01',
    });
    const refused = await xeroNodeRejection(xero.accountingApi.getOnlineInvoice(tenantId, draft.id));
    expect(refused.status).toBe(400);
  });

  it('serves contacts with persons, phones and payment terms, paged and filtered by If-Modified-Since', async () => {
    const { body } = await xero.accountingApi.getContacts(
      tenantId,
      undefined,
      undefined,
      undefined,
      undefined,
      1,
      true,
      undefined,
      undefined,
      100,
    );
    expect(body.contacts?.length).toBe(org.contacts.size);
    const withPersons = body.contacts?.find((c) => (c.contactPersons ?? []).length > 0);
    expect(typeof withPersons?.contactPersons?.[0]?.includeInEmails).toBe('boolean');
    expect(body.contacts?.some((c) => c.paymentTerms?.sales?.day !== undefined)).toBe(true);
    expect(body.contacts?.[0]?.phones?.map((p) => p.phoneType)).toEqual(['DEFAULT', 'DDI', 'FAX', 'MOBILE']);
    clock.advance(1000);
    const since = new Date(clock.now());
    const c = org.addContact({
      name: 'Nouvelle Boulangerie SRL',
      email: 'compta@boulangerie.example',
      salesTerms: { day: 15, type: 'DAYSAFTERBILLDATE' },
    });
    const changed = await xero.accountingApi.getContacts(tenantId, since);
    expect(changed.body.contacts?.map((x) => x.contactID)).toEqual([c.id]);
  });

  it('serves payments and credit notes with their allocations', async () => {
    const payments = await xero.accountingApi.getPayments(tenantId, undefined, undefined, undefined, 1, 1000);
    expect(payments.body.pagination?.itemCount).toBe(org.payments.size);
    const p = payments.body.payments?.[0];
    expect(p?.invoice?.invoiceID).toBe(org.payments.get(p?.paymentID as string)?.invoiceId);
    const notes = await xero.accountingApi.getCreditNotes(
      tenantId,
      undefined,
      undefined,
      undefined,
      1,
      undefined,
      100,
    );
    const allocated = notes.body.creditNotes?.find((n) => (n.allocations ?? []).length > 0);
    expect(allocated?.allocations?.[0]?.invoice?.invoiceID).toBeTruthy();
    expect(notes.body.pagination?.itemCount).toBe(org.creditNotes.size);
  });
});
