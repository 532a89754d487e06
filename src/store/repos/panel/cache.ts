// A short-lived per-firm memo for the panel's costly aggregates (the overview over a whole ledger).
// One computation at a time per key (concurrent readers share it); a value older than `ttlMs` is
// still served while a fresh one is computed in the background; `invalidate` (called on every
// write through the API) makes the next reader wait for a fresh value. Syncs and ticks in other
// processes are seen within the TTL.
export interface Memo<T> {
  get(key: string, compute: () => Promise<T>): Promise<T>;
  invalidate(key: string): void;
  clear(): void;
}

export function memo<T>(ttlMs: number, maxEntries = 1000): Memo<T> {
  const entries = new Map<
    string,
    { value?: T; at: number; version: number; running?: Promise<T> | undefined }
  >();
  let version = 0;
  const run = (key: string, compute: () => Promise<T>) => {
    const e = entries.get(key) ?? { at: 0, version: 0 };
    const v = ++version;
    e.version = v;
    const p = compute().then(
      (value) => {
        const cur = entries.get(key);
        // Keep it only if nothing invalidated the key while it was computed.
        if (cur && cur.version === v) {
          cur.value = value;
          cur.at = Date.now();
          cur.running = undefined;
        }
        return value;
      },
      (err: unknown) => {
        const cur = entries.get(key);
        if (cur && cur.version === v) cur.running = undefined;
        throw err;
      },
    );
    e.running = p;
    if (!entries.has(key)) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, e);
    }
    return p;
  };
  return {
    get(key, compute) {
      const e = entries.get(key);
      if (e && e.value !== undefined) {
        if (Date.now() - e.at > ttlMs && !e.running) run(key, compute).catch(() => undefined);
        return Promise.resolve(e.value);
      }
      if (e?.running) return e.running;
      return run(key, compute);
    },
    invalidate(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
}
