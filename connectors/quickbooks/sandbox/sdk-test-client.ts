// For the sandbox's own tests: a node-quickbooks client pointed at a running sandbox, with its
// callback methods wrapped in promises. node-quickbooks is CommonJS whose typings declare an ES
// default export, so it is loaded with require to get the constructor both at runtime and in types.
import { createRequire } from 'node:module';
import type { QuickBooks as QuickBooksClient } from 'node-quickbooks';
import type { RunningQuickBooksSandbox } from './server.ts';

export const QuickBooks = createRequire(import.meta.url)('node-quickbooks') as typeof QuickBooksClient;

/** The error node-quickbooks hands its callback: an axios error, or a 200 body holding a Fault. */
export interface SdkFailure {
  status: number | null;
  body: unknown;
}

type Callback = (err: unknown, data?: unknown) => void;

/** Calls a node-quickbooks method and resolves with its data, or rejects with the status and body. */
export function call<T = Record<string, unknown>>(invoke: (cb: Callback) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    invoke((err, data) => {
      if (!err) return resolve(data as T);
      const e = err as { response?: { status: number; data: unknown }; Fault?: unknown };
      const failure: SdkFailure = e.response
        ? { status: e.response.status, body: e.response.data }
        : { status: null, body: err };
      reject(failure);
    });
  });
}

/** A client for the sandbox's first company (or `realmId`) with fresh tokens, as a connector would hold. */
export function sdkClient(sandbox: RunningQuickBooksSandbox, realmId?: string): QuickBooksClient {
  const company = sandbox.state.company(realmId);
  const tokens = sandbox.state.oauth.issueTokens(company.realmId);
  const { clientId, clientSecret } = sandbox.state.options;
  const qbo = new QuickBooks(
    clientId,
    clientSecret,
    tokens.access_token,
    false,
    company.realmId,
    true,
    false,
    '75',
    '2.0',
    tokens.refresh_token,
  );
  qbo.endpoint = sandbox.urls.v3Endpoint;
  QuickBooks.TOKEN_URL = sandbox.urls.token;
  QuickBooks.REVOKE_URL = sandbox.urls.revoke;
  return qbo;
}
