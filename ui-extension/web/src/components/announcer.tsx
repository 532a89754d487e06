// The result of every action is said aloud (aria-live) and shown for a few seconds.
import { createContext, useCallback, useContext, useRef, useState, type ReactNode } from 'react';

type Tone = 'ok' | 'error';
const AnnounceContext = createContext<(message: string, tone?: Tone) => void>(() => undefined);

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [msg, setMsg] = useState<{ text: string; tone: Tone; n: number } | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const announce = useCallback((text: string, tone: Tone = 'ok') => {
    window.clearTimeout(timer.current);
    setMsg((m) => ({ text, tone, n: (m?.n ?? 0) + 1 }));
    timer.current = window.setTimeout(() => setMsg(null), 8000);
  }, []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div
        className="toast-region"
        role="status"
        aria-live="polite"
        aria-atomic="true"
        data-testid="announcer"
      >
        {msg ? (
          <p key={msg.n} className={`toast toast-${msg.tone}`}>
            {msg.text}
          </p>
        ) : null}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): (message: string, tone?: Tone) => void {
  return useContext(AnnounceContext);
}
