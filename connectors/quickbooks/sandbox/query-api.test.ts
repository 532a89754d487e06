import type { QueryCriteria } from 'node-quickbooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, sdkClient, type SdkFailure } from './sdk-test-client.ts';
import { startQuickBooksSandbox, type RunningQuickBooksSandbox } from './server.ts';

type Page = {
  QueryResponse: Record<string, unknown> & {
    startPosition?: number;
    maxResults?: number;
    totalCount?: number;
  };
};
type Entity = Record<string, unknown> & { Id: string; MetaData: { LastUpdatedTime: string } };

let sandbox: RunningQuickBooksSandbox;
let qbo: ReturnType<typeof sdkClient>;
let realmId: string;

beforeAll(async () => {
  sandbox = await startQuickBooksSandbox({
    rateLimit: false,
    companies: [
      {
        ledger: {
          seed: 'query-api',
          customers: 30,
          invoices: 2500,
          payments: 2300,
          startDate: '2026-01-01',
          endDate: '2026-09-30',
        },
      },
    ],
  });
  qbo = sdkClient(sandbox);
  realmId = sandbox.state.company().realmId;
});
afterAll(async () => {
  await sandbox.close();
});

async function query(text: string, extra = ''): Promise<Page> {
  const url = `${sandbox.urls.v3Endpoint}${realmId}/query?query=${encodeURIComponent(text)}&minorversion=75${extra}`;
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${qbo.token}`, accept: 'application/json' },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
}

describe('the query endpoint, through node-quickbooks', () => {
  it('pages through every invoice with STARTPOSITION/MAXRESULTS and answers an empty QueryResponse past the end', async () => {
    const seen = new Set<string>();
    for (let offset = 1; ; offset += 1000) {
      const page = await call<Page>((cb) => qbo.findInvoices({ limit: 1000, offset }, cb));
      const invoices = page.QueryResponse.Invoice as Entity[] | undefined;
      if (!invoices) {
        expect(page.QueryResponse).toEqual({});
        expect(offset).toBe(3001);
        break;
      }
      expect(page.QueryResponse).toMatchObject({ startPosition: offset, maxResults: invoices.length });
      for (const inv of invoices) seen.add(inv.Id);
    }
    expect(seen.size).toBe(2500);
  });

  it('counts with SELECT COUNT(*) and filters the count like the rows', async () => {
    const all = await call<Page>((cb) => qbo.findInvoices({ count: true }, cb));
    expect(all.QueryResponse).toEqual({ totalCount: 2500 });
    const open = await query("select count(*) from Invoice where Balance > '0'");
    const expected = [...sandbox.state.company().invoices.values()].filter((i) => i.balanceMinor > 0).length;
    expect(open.QueryResponse.totalCount).toBe(expected);
  });

  it('reads changes since a LastUpdatedTime, oldest first, as an incremental sync does', async () => {
    const company = sandbox.state.company();
    const times = [...company.invoices.values()].map((i) => i.updatedMs).sort((a, b) => a - b);
    const cutoff = times[2000] as number;
    const since = new Date(cutoff).toISOString();
    const page = await call<Page>((cb) =>
      qbo.findInvoices(
        [
          { field: 'MetaData.LastUpdatedTime', value: since, operator: '>=' },
          { field: 'asc', value: 'MetaData.LastUpdatedTime' },
          { field: 'limit', value: 1000 },
        ],
        cb,
      ),
    );
    const invoices = page.QueryResponse.Invoice as Entity[];
    expect(invoices.length).toBe(times.filter((t) => t >= cutoff).length);
    const stamps = invoices.map((i) => Date.parse(i.MetaData.LastUpdatedTime));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(invoices[0]?.MetaData.LastUpdatedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[78]:00$/);
  });

  it('finds a customer by name with an escaped quote, and hides inactive customers unless asked', async () => {
    const ledger = sandbox.state.ledger();
    const added = ledger.addCustomer({ displayName: "Peet's Provisions", email: 'ap@peets.example' });
    const found = await call<Page>((cb) => qbo.findCustomers({ DisplayName: "Peet's Provisions" }, cb));
    expect((found.QueryResponse.Customer as Entity[]).map((c) => c.Id)).toEqual([added.Id]);
    ledger.deactivateCustomer(String(added.Id));
    const hidden = await call<Page>((cb) => qbo.findCustomers({ DisplayName: "Peet's Provisions" }, cb));
    expect(hidden.QueryResponse).toEqual({});
    const shown = await query(`select * from Customer where Id = '${added.Id}' and Active in (true, false)`);
    expect(shown.QueryResponse.Customer).toMatchObject([{ Id: added.Id, Active: false }]);
  });

  it('adds InvoiceLink only with include=invoiceLink and only where online payment is on', async () => {
    const plain = await query('select * from Invoice maxresults 50');
    expect((plain.QueryResponse.Invoice as Entity[]).some((i) => 'InvoiceLink' in i)).toBe(false);
    const linked = (await query('select * from Invoice maxresults 50', '&include=invoiceLink')).QueryResponse
      .Invoice as Entity[];
    for (const inv of linked) {
      const online = inv.AllowOnlineCreditCardPayment === true && inv.TotalAmt !== 0;
      expect('InvoiceLink' in inv).toBe(online);
    }
    expect(
      linked.some(
        (i) => typeof i.InvoiceLink === 'string' && i.InvoiceLink.startsWith('https://connect.intuit.com/'),
      ),
    ).toBe(true);
  });

  it('answers a malformed query with the 400 QueryParserError fault', async () => {
    const failure = await call((cb) =>
      qbo.findInvoices('where Balance >> 0' as unknown as QueryCriteria, cb),
    ).catch((e: SdkFailure) => e);
    expect(failure).toMatchObject({
      status: 400,
      body: { Fault: { Error: [{ Message: 'Error parsing query', code: '4000' }], type: 'ValidationFault' } },
    });
    expect(
      ((failure as SdkFailure).body as { Fault: { Error: { Detail: string }[] } }).Fault.Error[0]?.Detail,
    ).toMatch(/^QueryParserError: Encountered/);
  });

  it('reads an invoice by Id, and answers Object Not Found (610) for one that does not exist', async () => {
    const invoice = await call<Entity>((cb) => qbo.getInvoice('5', cb));
    expect(invoice).toMatchObject({ Id: '5', domain: 'QBO' });
    const missing = await call((cb) => qbo.getInvoice('999999', cb)).catch((e: SdkFailure) => e);
    expect(missing).toMatchObject({ status: 400, body: { Fault: { Error: [{ code: '610' }] } } });
  });

  it('returns the home currency and company name that reminders are signed with', async () => {
    const prefs = await call<{ CurrencyPrefs: { HomeCurrency: { value: string } } }>((cb) =>
      qbo.getPreferences(cb),
    );
    expect(prefs.CurrencyPrefs.HomeCurrency.value).toBe('USD');
    const info = await call<{ CompanyName: string; Email: { Address: string }; Country: string }>((cb) =>
      qbo.getCompanyInfo(realmId, cb),
    );
    expect(info).toMatchObject({ CompanyName: 'Harbour & Pine Studio', Country: 'US' });
    expect(info.Email.Address).toContain('@');
  });
});
