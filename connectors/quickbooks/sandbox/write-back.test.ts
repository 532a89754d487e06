import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from './clock.ts';
import { call, sdkClient, type SdkFailure } from './sdk-test-client.ts';
import { startQuickBooksSandbox, type RunningQuickBooksSandbox } from './server.ts';

type Invoice = Record<string, unknown> & {
  Id: string;
  SyncToken: string;
  MetaData: { LastUpdatedTime: string };
};
/** node-quickbooks' typings miss some documented fields (EntityRef.type, batch queries): bodies go in untyped. */
const loose = <T>(body: unknown): T => body as T;
type Fault = { Fault: { Error: { Message: string; Detail: string; code: string }[]; type: string } };

let clock: ManualClock;
let sandbox: RunningQuickBooksSandbox;
let qbo: ReturnType<typeof sdkClient>;
let invoiceId: string;

beforeEach(async () => {
  clock = createManualClock('2026-05-04T16:00:00Z');
  sandbox = await startQuickBooksSandbox({ clock, rateLimit: false });
  const ledger = sandbox.state.ledger();
  const customer = ledger.addCustomer({
    displayName: 'Lakeside Dental LLC',
    email: 'accounts@lakeside-dental.example',
  });
  invoiceId = String(
    ledger.addInvoice({ customerId: String(customer.Id), amount: '480.00', txnDate: '2026-04-01' }).Id,
  );
  qbo = sdkClient(sandbox);
});
afterEach(async () => {
  await sandbox.close();
});

function faultOf(failure: SdkFailure): Fault['Fault']['Error'][number] {
  return (failure.body as Fault).Fault.Error[0] as Fault['Fault']['Error'][number];
}

describe('writing back to QuickBooks, through node-quickbooks', () => {
  it('applies a sparse update: only the fields sent change, SyncToken and LastUpdatedTime move', async () => {
    const before = await call<Invoice>((cb) => qbo.getInvoice(invoiceId, cb));
    clock.advance(5 * 60_000);
    const updated = await call<Invoice>((cb) =>
      qbo.updateInvoice(
        {
          Id: invoiceId,
          SyncToken: before.SyncToken,
          sparse: true,
          PrivateNote: 'Relance: reminder 1 sent 2026-05-04',
          CustomField: [
            { DefinitionId: '1', Name: 'Collection status', Type: 'StringType', StringValue: 'Reminder 1' },
          ],
        },
        cb,
      ),
    );
    expect(updated).toMatchObject({
      Id: invoiceId,
      SyncToken: String(Number(before.SyncToken) + 1),
      PrivateNote: 'Relance: reminder 1 sent 2026-05-04',
      CustomField: [
        { DefinitionId: '1', Name: 'Collection status', Type: 'StringType', StringValue: 'Reminder 1' },
      ],
      BillEmail: before.BillEmail,
      TotalAmt: 480,
      Balance: 480,
    });
    expect(Date.parse(updated.MetaData.LastUpdatedTime) - Date.parse(before.MetaData.LastUpdatedTime)).toBe(
      300_000,
    );
    expect(sandbox.state.events.at(-1)).toMatchObject({
      entity: 'Invoice',
      id: invoiceId,
      operation: 'Update',
    });
  });

  it('answers a stale SyncToken with the 5010 Stale Object Error and changes nothing', async () => {
    sandbox.state.ledger().editInvoice(invoiceId, { dueDate: '2026-06-15' });
    const stale = await call((cb) =>
      qbo.updateInvoice({ Id: invoiceId, SyncToken: '0', sparse: true, PrivateNote: 'lost update' }, cb),
    ).catch((e: SdkFailure) => e);
    expect(stale).toMatchObject({ status: 400, body: { Fault: { type: 'ValidationFault' } } });
    expect(faultOf(stale as SdkFailure)).toMatchObject({ Message: 'Stale Object Error', code: '5010' });
    const now = await call<Invoice>((cb) => qbo.getInvoice(invoiceId, cb));
    expect(now).toMatchObject({ SyncToken: '1', DueDate: '2026-06-15' });
    expect(now.PrivateNote).toBeUndefined();
  });

  it('accepts a re-read invoice sent back whole, and refuses what it cannot change', async () => {
    const current = await call<Invoice>((cb) => qbo.getInvoice(invoiceId, cb));
    const full = await call<Invoice>((cb) =>
      qbo.updateInvoice({ ...current, sparse: false, PrivateNote: 'whole invoice round trip' }, cb),
    );
    expect(full).toMatchObject({ SyncToken: '1', PrivateNote: 'whole invoice round trip', TotalAmt: 480 });
    const lines = (full.Line as Record<string, unknown>[]).map((l) => ({ ...l, Amount: 1 }));
    const changedLines = await call((cb) =>
      qbo.updateInvoice({ Id: invoiceId, SyncToken: full.SyncToken, sparse: true, Line: lines }, cb),
    ).catch((e: SdkFailure) => e);
    expect(faultOf(changedLines as SdkFailure)).toMatchObject({ code: '2010' });
    const unknown = await call((cb) =>
      qbo.updateInvoice({ Id: invoiceId, SyncToken: full.SyncToken, sparse: true, Colour: 'red' }, cb),
    ).catch((e: SdkFailure) => e);
    expect(faultOf(unknown as SdkFailure)).toMatchObject({
      code: '2010',
      Detail: expect.stringContaining('Colour'),
    });
  });

  it('limits a custom field value to 31 characters (2050)', async () => {
    const tooLong = await call((cb) =>
      qbo.updateInvoice(
        {
          Id: invoiceId,
          SyncToken: '0',
          sparse: true,
          CustomField: [{ DefinitionId: '1', StringValue: 'x'.repeat(32) }],
        },
        cb,
      ),
    ).catch((e: SdkFailure) => e);
    expect(faultOf(tooLong as SdkFailure)).toMatchObject({ code: '2050' });
  });

  it('creates a note attached to the invoice and finds it again by its reference', async () => {
    const note = await call<{ Id: string; Note: string; AttachableRef: unknown[] }>((cb) =>
      qbo.createAttachable(
        loose({
          AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoiceId } }],
          Note: 'Called AP, promised payment by 12 May',
        }),
        cb,
      ),
    );
    expect(note).toMatchObject({
      Note: 'Called AP, promised payment by 12 May',
      AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoiceId }, IncludeOnSend: false }],
      SyncToken: '0',
    });
    expect(note.Id).toMatch(/^5000000000000\d+$/);
    const found = await call<{ QueryResponse: { Attachable?: { Id: string }[] } }>((cb) =>
      qbo.findAttachables(
        [
          { field: 'AttachableRef.EntityRef.Type', value: 'Invoice' },
          { field: 'AttachableRef.EntityRef.value', value: invoiceId },
        ],
        cb,
      ),
    );
    expect(found.QueryResponse.Attachable?.map((a) => a.Id)).toEqual([note.Id]);
    expect((await call<{ Id: string }>((cb) => qbo.getAttachable(note.Id, cb))).Id).toBe(note.Id);
  });

  it('refuses a note over 2000 characters and a note on an invoice that does not exist', async () => {
    const long = await call((cb) =>
      qbo.createAttachable(
        loose({
          AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoiceId } }],
          Note: 'n'.repeat(2001),
        }),
        cb,
      ),
    ).catch((e: SdkFailure) => e);
    expect(faultOf(long as SdkFailure)).toMatchObject({ code: '2050' });
    const orphan = await call((cb) =>
      qbo.createAttachable(
        loose({ AttachableRef: [{ EntityRef: { type: 'Invoice', value: '424242' } }], Note: 'hello' }),
        cb,
      ),
    ).catch((e: SdkFailure) => e);
    expect(faultOf(orphan as SdkFailure)).toMatchObject({ code: '2500' });
  });

  it('answers a retried write with the same requestid from memory instead of writing twice', async () => {
    const url = `${sandbox.urls.v3Endpoint}${sandbox.state.company().realmId}/attachable?requestid=note-1&minorversion=75`;
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${qbo.token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          AttachableRef: [{ EntityRef: { type: 'Invoice', value: invoiceId } }],
          Note: 'once',
        }),
      }).then((r) => r.json() as Promise<{ Attachable: { Id: string } }>);
    const first = await post();
    const second = await post();
    expect(second.Attachable.Id).toBe(first.Attachable.Id);
    expect(sandbox.state.company().attachables.size).toBe(1);
  });

  it('lets QuickBooks e-mail the invoice itself (send), recording the delivery', async () => {
    clock.advance(60_000);
    const sent = await call<Invoice>((cb) =>
      qbo.sendInvoicePdf(invoiceId, 'payables@lakeside-dental.example', cb),
    );
    expect(sent).toMatchObject({
      EmailStatus: 'EmailSent',
      BillEmail: { Address: 'payables@lakeside-dental.example' },
      DeliveryInfo: { DeliveryType: 'Email', DeliveryTime: '2026-05-04T09:01:00-07:00' },
    });
    expect(sandbox.state.events.at(-1)).toMatchObject({ operation: 'Emailed' });
  });

  it('runs a batch of a query, an update and a failing item, answering each by bId', async () => {
    const result = await call<{ BatchItemResponse: Record<string, unknown>[] }>((cb) =>
      qbo.batch(
        loose([
          { bId: 'q', Query: `select * from Invoice where Id = '${invoiceId}'` },
          {
            bId: 'u',
            operation: 'update',
            Invoice: { Id: invoiceId, SyncToken: '0', sparse: true, PrivateNote: 'batched' },
          },
          {
            bId: 'stale',
            operation: 'update',
            Invoice: { Id: invoiceId, SyncToken: '0', sparse: true, PrivateNote: 'late' },
          },
        ]),
        cb,
      ),
    );
    const [q, u, stale] = result.BatchItemResponse;
    expect(q).toMatchObject({ bId: 'q', QueryResponse: { Invoice: [{ Id: invoiceId }] } });
    expect(u).toMatchObject({ bId: 'u', Invoice: { PrivateNote: 'batched', SyncToken: '1' } });
    expect(stale).toMatchObject({ bId: 'stale', Fault: { Error: [{ code: '5010' }] } });
  });

  it('voids and deletes invoices the way node-quickbooks asks (read, then post the entity)', async () => {
    // node-quickbooks hands these two the whole body ({ Invoice, time }), not the entity.
    const voided = await call<{ Invoice: Invoice }>((cb) => qbo.voidInvoice(invoiceId, cb));
    expect(voided.Invoice).toMatchObject({
      Id: invoiceId,
      TotalAmt: 0,
      Balance: 0,
      PrivateNote: 'Voided',
      SyncToken: '1',
    });
    const deleted = await call<{ Invoice: Record<string, unknown> }>((cb) =>
      qbo.deleteInvoice(invoiceId, cb),
    );
    expect(deleted.Invoice).toEqual({ domain: 'QBO', status: 'Deleted', Id: invoiceId });
    const gone = await call((cb) => qbo.getInvoice(invoiceId, cb)).catch((e: SdkFailure) => e);
    expect(faultOf(gone as SdkFailure)).toMatchObject({ code: '610' });
  });

  it('creates invoices and payments through the API as a bookkeeper would', async () => {
    const customerId = String(sandbox.state.company().customers.keys().next().value);
    const invoice = await call<Invoice>((cb) =>
      qbo.createInvoice(
        {
          CustomerRef: { value: customerId },
          TxnDate: '2026-05-01',
          Line: [{ Amount: 99.95, DetailType: 'SalesItemLineDetail' }],
        },
        cb,
      ),
    );
    expect(invoice).toMatchObject({ TotalAmt: 99.95, Balance: 99.95, DueDate: '2026-05-31' });
    const payment = await call<Record<string, unknown>>((cb) =>
      qbo.createPayment(
        {
          CustomerRef: { value: customerId },
          TotalAmt: 50,
          Line: [{ Amount: 50, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
        },
        cb,
      ),
    );
    expect(payment).toMatchObject({ TotalAmt: 50, UnappliedAmt: 0 });
    expect(await call<Invoice>((cb) => qbo.getInvoice(invoice.Id, cb))).toMatchObject({ Balance: 49.95 });
  });
});
