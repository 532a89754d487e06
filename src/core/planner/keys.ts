// Idempotency keys: a decision's key depends only on what was decided, so a retry, a restart or a
// second worker arrives at the same key and the store's unique index keeps one.
import type { LocalDate } from '../dates.ts';

/** FNV-1a, 32 bits, as 8 hex digits: tells apart two invoice sets sent the same step on the same day. */
export function digest(parts: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      h ^= part.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // separator, so ["ab","c"] and ["a","bc"] differ
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * step:<customer>:<procedure>:<step>:<targetDate>:<digest of sorted invoice ids>. The digest matters
 * when an invoice reaches a step on a date another group already used (it was disputed, then not).
 */
export function stepKey(
  customerId: string,
  procedureId: string,
  stepId: string,
  targetDate: LocalDate,
  sortedInvoiceIds: readonly string[],
): string {
  return `step:${customerId}:${procedureId}:${stepId}:${targetDate}:${digest(sortedInvoiceIds)}`;
}

export function instalmentKey(planId: string, index: number, kind: 'reminder' | 'missed'): string {
  return `instalment:${planId}:${index}:${kind}`;
}
