// The Xero sandbox's public surface.
export {
  createXeroSandbox,
  startXeroSandbox,
  API_BASE_PATH,
  type XeroSandbox,
  type RunningXeroSandbox,
} from './sandbox.ts';
export {
  DEFAULT_ORGANISATIONS,
  type XeroSandboxOptions,
  type XeroSandboxState,
  type SandboxOrganisationOptions,
} from './sandbox-state.ts';
export { createManualClock, systemClock, type ManualClock, type SandboxClock } from './clock.ts';
export {
  generateXeroLedger,
  type GenerateXeroLedgerOptions,
  type GeneratedXeroLedger,
} from './generate-ledger.ts';
export { OrganisationLedger } from './organisation-ledger.ts';
export { LedgerError } from './ledger-inputs.ts';
export type {
  NewContactInput,
  NewInvoiceInput,
  NewPaymentInput,
  BatchPaymentInput,
  NewCreditNoteInput,
  AllocationInput,
  InvoiceUpdateInput,
  UpdateContactInput,
} from './ledger-inputs.ts';
export type { XeroLedgerData, LedgerChange } from './ledger-types.ts';
export { XERO_LIMITS, type XeroLimits, type TenantUsage } from './limits.ts';
export { FAULT_KINDS, type FaultInput, type FaultKind } from './faults.ts';
export {
  signWebhookBody,
  type IntentResult,
  type WebhookPayload,
  type WebhookEvent,
  type WebhookDelivery,
} from './webhooks.ts';
export {
  validateAgainstXeroSpec,
  xeroSpecExample,
  type SpecValidation,
  type SpecValidationOptions,
} from './contract.ts';
