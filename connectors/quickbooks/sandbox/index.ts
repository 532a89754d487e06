// The QuickBooks Online sandbox: a faithful local double of Intuit's OAuth server and v3
// accounting API, for the connector's tests, the benchmarks and the demo.
export { createQuickBooksSandbox, sandboxUrls, startQuickBooksSandbox } from './server.ts';
export type { QuickBooksSandbox, RunningQuickBooksSandbox, SandboxUrls } from './server.ts';
export { SandboxState } from './sandbox-state.ts';
export type { SandboxOptions, CompanySeed } from './options.ts';
export { createManualClock, systemClock } from './clock.ts';
export type { Clock, ManualClock } from './clock.ts';
export { generateLedger, generateLedgerOptionsSchema } from './generate-ledger.ts';
export type { GeneratedLedger, GenerateLedgerOptions } from './generate-ledger.ts';
export { PAYER_BEHAVIOURS } from './generate-payments.ts';
export type { PayerBehaviour } from './generate-payments.ts';
export type { LedgerApi } from './ledger-api.ts';
export type { NewCustomer, NewInvoice, InvoiceEdit, CustomerEdit } from './invoice-mutations.ts';
export type { NewPayment, NewCreditMemo, CreditApplication } from './payment-mutations.ts';
export { INJECTED_FAULT_KINDS } from './fault-injector.ts';
export type { FaultPlan, InjectedFaultKind } from './fault-injector.ts';
export { signWebhookBody, classicPayload, cloudEventsPayload } from './webhooks.ts';
export type { WebhookDelivery, WebhookFormat, FlushOptions } from './webhooks.ts';
export type { RealmStats } from './rate-limiter.ts';
export type { TokenResponse } from './oauth-store.ts';
export type { ChangeEvent } from './records.ts';
export type { QboJson } from './render-common.ts';
export { QboFault } from './faults.ts';
