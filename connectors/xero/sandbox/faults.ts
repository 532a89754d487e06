// Faults to inject, so the connector's error paths meet what Xero really does: the next N calls
// answer 500 or 503, hang, answer 429 for one of the four limits, return invoice JSON that is
// cut short or an invoice with broken fields; or the next token response is lost after the
// refresh was processed (to exercise the 30-minute refresh-token grace).
import { z } from 'zod';
import { parseInput } from './ledger-inputs.ts';

export const FAULT_KINDS = [
  'status-500',
  'status-503',
  'hang',
  'rate-limit-minute',
  'rate-limit-day',
  'rate-limit-appminute',
  'rate-limit-concurrent',
  'malformed-json',
  'invalid-invoice',
  'lose-token-response',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSchema = z.object({
  kind: z.enum(FAULT_KINDS),
  /** How many matching calls get the fault. */
  times: z.number().int().min(1).default(1),
  /** Only calls whose path (after /api.xro/2.0, or "/connect/token") starts with this, any case. */
  path: z.string().startsWith('/').optional(),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  /** A hang answers 504 after this long; without it the call hangs until the client gives up. */
  hangMs: z.number().int().min(1).optional(),
});
export type FaultInput = z.input<typeof faultSchema>;
export type Fault = z.output<typeof faultSchema>;

const DEFAULT_RETRY_AFTER: Record<string, number> = {
  'rate-limit-minute': 5,
  'rate-limit-day': 3600,
  'rate-limit-appminute': 5,
  'rate-limit-concurrent': 1,
};

export function retryAfterOf(fault: Fault): number {
  return fault.retryAfterSeconds ?? DEFAULT_RETRY_AFTER[fault.kind] ?? 1;
}

export class FaultInjector {
  private queue: { fault: Fault; remaining: number }[] = [];

  inject(input: FaultInput): Fault {
    const fault = parseInput(faultSchema, input, 'fault');
    this.queue.push({ fault, remaining: fault.times });
    return fault;
  }

  clear(): void {
    this.queue = [];
  }

  pending(): { fault: Fault; remaining: number }[] {
    return this.queue.map((q) => ({ fault: { ...q.fault }, remaining: q.remaining }));
  }

  /** Takes the first fault aimed at this call, if any. */
  take(target: 'api' | 'token', method: string, path: string): Fault | null {
    const lower = path.toLowerCase();
    for (const entry of this.queue) {
      const f = entry.fault;
      const forToken =
        f.kind === 'lose-token-response' || (f.path?.toLowerCase().startsWith('/connect/token') ?? false);
      if ((target === 'token') !== forToken) continue;
      if (f.method && f.method !== method) continue;
      if (f.path && target === 'api' && !lower.startsWith(f.path.toLowerCase())) continue;
      if (
        (f.kind === 'malformed-json' || f.kind === 'invalid-invoice') &&
        (method !== 'GET' || !lower.startsWith('/invoices'))
      )
        continue;
      entry.remaining--;
      this.queue = this.queue.filter((q) => q.remaining > 0);
      return f;
    }
    return null;
  }
}
