// The demo's two platforms: a QuickBooks sandbox and a Xero sandbox in this process, on free
// loopback ports, each holding one company with a generated ledger. The company ids, names and
// books come from fixed seeds and the demo's anchor day, so a second start rebuilds the same books
// and the connections stored by the first start still match their realm and tenant.
import { randomBytes } from 'node:crypto';
import {
  startQuickBooksSandbox,
  type RunningQuickBooksSandbox,
} from '../../connectors/quickbooks/sandbox/index.ts';
import { startXeroSandbox, type RunningXeroSandbox } from '../../connectors/xero/sandbox/index.ts';
import { addDays, type LocalDate } from '../core/dates.ts';

/** Fixed ids: the connections a previous start stored are found again by them. */
export const DEMO_QUICKBOOKS_REALM = '9341453050299001';
export const DEMO_XERO_TENANT = '6f1d2c3b-4a59-4e87-9d10-de3000000001';
export const DEMO_QUICKBOOKS_NAME = 'Harbour & Pine Studio (demo)';
export const DEMO_XERO_NAME = 'Atelier Lumière SRL (demo)';

export interface LedgerSize {
  customers: number;
  invoices: number;
}

/** What the issue asks of each demo firm: at least 200 customers and 3,000 invoices. */
export const DEFAULT_SIZE: LedgerSize = { customers: 240, invoices: 3400 };

export interface DemoSandboxes {
  quickbooks: RunningQuickBooksSandbox;
  xero: RunningXeroSandbox;
  /** The demo OAuth clients registered in each sandbox (secrets made for this run). */
  clients: {
    quickbooks: { clientId: string; clientSecret: string; verifierToken: string };
    xero: { clientId: string; clientSecret: string; webhookKey: string };
  };
  /** Invoices a full sync reads from each (what progress counts towards). */
  invoiceTotals: { quickbooks: number; xero: number };
  close(): Promise<void>;
}

export interface SandboxPlan {
  /** The books' "today" per platform: the day of the first demo start (see anchorDays). */
  anchors: { quickbooks: LocalDate; xero: LocalDate };
  size: LedgerSize;
  /** Where the sandboxes send their webhooks (Relance's routes). */
  webhookBase: string;
}

const secret = () => randomBytes(24).toString('base64url');

export async function startDemoSandboxes(plan: SandboxPlan): Promise<DemoSandboxes> {
  const { size } = plan;
  const clients = {
    quickbooks: { clientId: 'relance-demo', clientSecret: secret(), verifierToken: secret() },
    xero: { clientId: 'RELANCE-DEMO-CLIENT', clientSecret: secret(), webhookKey: secret() },
  };
  const qbToday = plan.anchors.quickbooks;
  const quickbooks = await startQuickBooksSandbox({
    port: 0,
    host: '127.0.0.1',
    clientId: clients.quickbooks.clientId,
    clientSecret: clients.quickbooks.clientSecret,
    webhookVerifierToken: clients.quickbooks.verifierToken,
    webhooks: { url: `${plan.webhookBase}/webhooks/quickbooks`, format: 'classic' },
    companies: [
      {
        realmId: DEMO_QUICKBOOKS_REALM,
        companyName: DEMO_QUICKBOOKS_NAME,
        email: 'accounts@harbour-pine.example',
        country: 'US',
        currency: 'USD',
        ledger: {
          seed: 'relance-demo:quickbooks',
          customers: size.customers,
          invoices: size.invoices,
          // About one payment for each invoice paid: most are settled, many are still open or late.
          payments: Math.round(size.invoices * 0.82),
          currencies: ['USD', 'CAD'],
          foreignCustomerRate: 0.06,
          // Credits against invoices are where disputed invoices end in the books.
          creditMemoRate: 0.03,
          startDate: addDays(qbToday, -400),
          endDate: qbToday,
        },
      },
    ],
  });
  let xero: RunningXeroSandbox;
  try {
    xero = await startXeroSandbox({
      port: 0,
      host: '127.0.0.1',
      clientId: clients.xero.clientId,
      clientSecret: clients.xero.clientSecret,
      webhookKey: clients.xero.webhookKey,
      webhookUrl: `${plan.webhookBase}/webhooks/xero`,
      organisations: [
        {
          tenantId: DEMO_XERO_TENANT,
          name: DEMO_XERO_NAME,
          legalName: DEMO_XERO_NAME,
          countryCode: 'BE',
          ledger: {
            seed: 'relance-demo:xero',
            // Some contacts are suppliers only, and some invoices are bills or drafts: ask for more
            // so that the sales side alone meets the size.
            contacts: Math.ceil(size.customers * 1.15),
            invoices: Math.ceil(size.invoices * 1.2),
            payments: Math.round(size.invoices * 0.8),
            currencies: ['EUR', 'GBP'],
            salesShare: 0.9,
            spanDays: 400,
            asOf: plan.anchors.xero,
          },
        },
      ],
    });
  } catch (err) {
    await quickbooks.close();
    throw err;
  }
  return {
    quickbooks,
    xero,
    clients,
    invoiceTotals: {
      quickbooks: quickbooks.state.company(DEMO_QUICKBOOKS_REALM).invoices.size,
      xero: xeroSalesInvoices(xero),
    },
    async close() {
      await Promise.allSettled([quickbooks.close(), xero.close()]);
    },
  };
}

/** Sales invoices a sync reads: not drafts, not bills (the statuses the connector asks for). */
function xeroSalesInvoices(xero: RunningXeroSandbox): number {
  const listed = new Set(['AUTHORISED', 'PAID', 'VOIDED', 'DELETED']);
  let n = 0;
  for (const i of xero.state.org(DEMO_XERO_TENANT).invoices.values())
    if (i.type === 'ACCREC' && listed.has(i.status)) n++;
  return n;
}
