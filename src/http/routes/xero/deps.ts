import type { XeroConnector } from '../../../../connectors/xero/xero-connector.ts';
import type { Runtime } from '../../../runtime.ts';

export interface XeroRouteDeps {
  rt: Runtime;
  connector: XeroConnector;
  stateSecret: string;
  webhookKey: string | null;
  paths: { connect: string; callback: string; webhook: string };
  now: () => number;
}
