import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from './clock.ts';
import { call, sdkClient, type SdkFailure } from './sdk-test-client.ts';
import { startQuickBooksSandbox, type RunningQuickBooksSandbox } from './server.ts';

type CdcBody = { CDCResponse: { QueryResponse: Record<string, unknown>[] }[]; time: string };

let clock: ManualClock;
let sandbox: RunningQuickBooksSandbox;

beforeEach(async () => {
  clock = createManualClock('2026-10-01T16:00:00Z');
  sandbox = await startQuickBooksSandbox({
    clock,
    rateLimit: false,
    companies: [
      {
        ledger: {
          seed: 'cdc',
          customers: 10,
          invoices: 60,
          payments: 40,
          startDate: '2026-05-01',
          endDate: '2026-08-31',
        },
      },
    ],
  });
});
afterEach(async () => {
  await sandbox.close();
});

function blocks(body: CdcBody): Record<string, unknown>[] {
  return body.CDCResponse[0]?.QueryResponse ?? [];
}

describe('change data capture, through node-quickbooks', () => {
  it('returns what changed since the cursor, in its current state, and deletions as status Deleted', async () => {
    const ledger = sandbox.state.ledger();
    const open = [...ledger.company.invoices.values()].find((i) => i.balanceMinor > 100 && !i.voided);
    const paid = [...ledger.company.payments.values()].find((p) => p.totalMinor > 0);
    if (!open || !paid) throw new Error('the generated ledger should have an open invoice and a payment');
    const since = clock.now();
    clock.advance(60_000);
    const payment = ledger.recordPayment({ lines: [{ invoiceId: open.id, amount: '1.00' }] });
    clock.advance(1000);
    ledger.deletePayment(paid.id);

    const qbo = sdkClient(sandbox);
    const body = await call<CdcBody>((cb) =>
      qbo.changeDataCapture(['Invoice', 'Payment', 'Customer'], since, cb),
    );
    const [invoices, payments, customers] = blocks(body);
    const changedInvoiceIds = ((invoices?.Invoice ?? []) as { Id: string }[]).map((i) => i.Id);
    expect(changedInvoiceIds).toContain(String(open.id));
    const reopened = paid.lines.filter((l) => l.kind === 'Invoice').map((l) => String(l.txnId));
    for (const id of reopened) expect(changedInvoiceIds).toContain(id);
    expect(payments?.Payment).toEqual([
      expect.objectContaining({ Id: payment.Id, TotalAmt: 1 }),
      {
        domain: 'QBO',
        status: 'Deleted',
        Id: String(paid.id),
        MetaData: { LastUpdatedTime: expect.any(String) },
      },
    ]);
    expect(customers).toEqual({ startPosition: 1, maxResults: 0, totalCount: 0 });
  });

  it('refuses a changedSince more than 30 days back, so the connector falls back to a full query', async () => {
    const qbo = sdkClient(sandbox);
    const tooOld = new Date(clock.now().getTime() - 31 * 86_400_000);
    const refused = await call((cb) => qbo.changeDataCapture('Invoice', tooOld, cb)).catch(
      (e: SdkFailure) => e,
    );
    expect(refused).toMatchObject({
      status: 400,
      body: { Fault: { Error: [{ Message: 'Invalid changedSince' }] } },
    });
    const withinWindow = new Date(clock.now().getTime() - 29 * 86_400_000);
    await expect(call((cb) => qbo.changeDataCapture('Invoice', withinWindow, cb))).resolves.toHaveProperty(
      'CDCResponse',
    );
  });

  it('returns at most 1000 objects per entity, the oldest changes first, with the total', async () => {
    const ledger = sandbox.state.ledger();
    const since = clock.now();
    const customer = ledger.addCustomer({ displayName: 'Bulk Buyer Ltd.' });
    for (let i = 0; i < 1005; i++) {
      clock.advance(1000);
      ledger.addInvoice({ customerId: String(customer.Id), amount: '10.00', txnDate: '2026-10-01' });
    }
    const qbo = sdkClient(sandbox);
    const body = await call<CdcBody>((cb) => qbo.changeDataCapture('Invoice', since.toISOString(), cb));
    const block = blocks(body)[0] as { Invoice: { Id: string }[]; maxResults: number; totalCount: number };
    expect(block.Invoice).toHaveLength(1000);
    expect(block.maxResults).toBe(1000);
    expect(block.totalCount).toBe(1005);
    const ids = block.Invoice.map((i) => Number(i.Id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });
});
