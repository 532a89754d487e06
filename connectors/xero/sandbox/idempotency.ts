// Idempotency-Key handling for writes: the first answer to a key is kept (24 hours) and
// replayed byte for byte to a retry of the same request, which then changes nothing. Reusing a
// key for a different request is refused.
import { createHash } from 'node:crypto';
import type { SandboxClock } from './clock.ts';

const TTL_MS = 24 * 3_600_000;

interface Entry {
  fingerprint: string;
  status: number;
  body: string;
  expiresAt: number;
}

export type IdempotencyLookup =
  { kind: 'new' } | { kind: 'replay'; status: number; body: string } | { kind: 'conflict' };

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: SandboxClock) {}

  static fingerprint(method: string, path: string, body: unknown): string {
    return createHash('sha256')
      .update(`${method} ${path.toLowerCase()} ${JSON.stringify(body ?? null)}`)
      .digest('hex');
  }

  lookup(tenantId: string, key: string, fingerprint: string): IdempotencyLookup {
    const entry = this.entries.get(`${tenantId}:${key}`);
    if (!entry || entry.expiresAt <= this.clock.now()) return { kind: 'new' };
    if (entry.fingerprint !== fingerprint) return { kind: 'conflict' };
    return { kind: 'replay', status: entry.status, body: entry.body };
  }

  remember(tenantId: string, key: string, fingerprint: string, status: number, body: string): void {
    const now = this.clock.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
    this.entries.set(`${tenantId}:${key}`, { fingerprint, status, body, expiresAt: now + TTL_MS });
  }
}
