// The signed-in firm and user (GET /api/v1/session), shared by every page; its CSRF token goes on
// every change. Any 401 from the API ends it, and the panel shows the sign-in page.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthenticated, setCsrfToken } from './api/client.ts';
import type { Role, SessionInfo } from './api/types.ts';

type State =
  | { status: 'loading' }
  | { status: 'signedOut'; reason: 'none' | 'expired' | 'loggedOut' }
  | { status: 'error'; error: ApiError }
  | { status: 'signedIn'; session: SessionInfo };

interface SessionApi {
  state: State;
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });
  const refresh = useCallback(async () => {
    try {
      const s = await api.get<SessionInfo>('session');
      setCsrfToken(s.csrfToken);
      setState({ status: 'signedIn', session: s });
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
      setCsrfToken(null);
      setState(e.status === 401 ? { status: 'signedOut', reason: 'none' } : { status: 'error', error: e });
    }
  }, []);
  const logout = useCallback(async () => {
    try {
      await api.post('session/logout');
    } finally {
      setCsrfToken(null);
      setState({ status: 'signedOut', reason: 'loggedOut' });
    }
  }, []);
  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => {
      setCsrfToken(null);
      setState((s) => (s.status === 'signedIn' ? { status: 'signedOut', reason: 'expired' } : s));
    });
  }, [refresh]);
  return <SessionContext.Provider value={{ state, refresh, logout }}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionApi {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSessionState outside SessionProvider');
  return v;
}

/** The session on pages that are only shown when signed in. */
export function useSession(): SessionInfo & {
  can(action: 'act' | 'own'): boolean;
  refresh(): Promise<void>;
} {
  const { state, refresh } = useSessionState();
  if (state.status !== 'signedIn') throw new Error('useSession while not signed in');
  const role: Role = state.session.user.role;
  return {
    ...state.session,
    refresh,
    can: (action) => (action === 'own' ? role === 'owner' : role === 'owner' || role === 'controller'),
  };
}
