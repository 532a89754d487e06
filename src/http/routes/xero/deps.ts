import type { XeroConnector } from '../../../../connectors/xero/xero-connector.ts';
import type { Runtime } from '../../../runtime.ts';

export const XERO_SIGNIN_PATH = '/signin/xero';
export const XERO_LAUNCH_PATH = '/launch/xero';

export interface XeroRouteDeps {
  rt: Runtime;
  connector: XeroConnector;
  stateSecret: string;
  webhookKey: string | null;
  /** signin and launch default to /signin/xero and /launch/xero. */
  paths: { connect: string; callback: string; webhook: string; signin?: string; launch?: string };
  now: () => number;
}
