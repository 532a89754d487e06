// Reads a resource of the API and keeps it current: `reload()` after an action, `loading` while a
// read is in flight; an answer that arrives after a newer read started is ignored.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api/client.ts';

export interface Resource<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): Promise<void>;
}

export function useApi<T>(path: string | null): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const seq = useRef(0);
  const load = useCallback(async () => {
    if (path === null) return;
    const n = ++seq.current;
    setLoading(true);
    try {
      const d = await api.get<T>(path);
      if (n !== seq.current) return;
      setData(d);
      setError(null);
    } catch (err) {
      if (n !== seq.current) return;
      setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }, [path]);
  useEffect(() => {
    void load();
  }, [load]);
  return { data, error, loading, reload: load };
}
