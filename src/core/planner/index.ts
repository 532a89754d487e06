export { planCustomer } from './plan-customer.ts';
export { previewCustomer } from './preview-customer.ts';
export { applyPlan } from './apply-plan.ts';
export { INSTALMENT_REMINDER_LEAD_DAYS } from './instalments.ts';
export { stepKey, instalmentKey } from './keys.ts';
export type {
  CustomerLedger,
  CustomerPlan,
  InvoiceProgress,
  PlanContext,
  PlanEvent,
  PlannedAction,
  PlannedActionKind,
} from './types.ts';
