// The demo's caught e-mails, newest first, refreshed every few seconds: what customers would have
// received. HTML bodies are shown in a sandboxed frame (no scripts, no same-origin access).
import { useEffect, useState } from 'react';
import type { DemoMessage } from '../api/types.ts';
import { formatInstant } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

const REFRESH_MS = 3000;

export function DemoPage({ available }: { available: boolean }) {
  const { t, locale } = useI18n();
  const [messages, setMessages] = useState<DemoMessage[] | null>(null);
  const [state, setState] = useState<'loading' | 'ok' | 'off' | 'error'>('loading');
  const [selected, setSelected] = useState<string | null>(null);
  const [asHtml, setAsHtml] = useState(true);
  useEffect(() => {
    let live = true;
    const load = async () => {
      try {
        const r = await fetch('/demo/api/messages', { headers: { accept: 'application/json' } });
        if (!live) return;
        if (r.status === 404) {
          setState('off');
          return;
        }
        if (!r.ok) throw new Error(String(r.status));
        const body = (await r.json()) as { messages: DemoMessage[] };
        if (!live) return;
        setMessages([...body.messages].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)));
        setState('ok');
      } catch {
        if (live) setState('error');
      }
    };
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [available]);
  const current = messages?.find((m) => m.id === selected) ?? messages?.[0] ?? null;
  return (
    <div className="page demo">
      <h1>{t('demo.title')}</h1>
      <p className="demo-note">{t('demo.intro')}</p>
      {state === 'off' ? <p className="notice">{t('demo.off')}</p> : null}
      {state === 'error' ? (
        <p className="notice" role="alert">
          {t('common.loadFailed')}
        </p>
      ) : null}
      {state === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {messages ? (
        <div className="demo-grid">
          <section aria-labelledby="inbox-title" className="panel">
            <h2 id="inbox-title">
              {t('demo.inbox')} <span className="muted">({messages.length})</span>
            </h2>
            <p className="sr-only" aria-live="polite">
              {t('demo.count', { n: messages.length })}
            </p>
            {messages.length === 0 ? <p className="empty">{t('demo.empty')}</p> : null}
            <ul className="inbox" data-testid="demo-messages">
              {messages.map((m) => (
                <li key={m.id}>
                  <button
                    type="button"
                    className={current?.id === m.id ? 'inbox-item selected' : 'inbox-item'}
                    aria-pressed={current?.id === m.id}
                    onClick={() => setSelected(m.id)}
                  >
                    <span className="inbox-subject">{m.subject || t('demo.noSubject')}</span>
                    <span className="inbox-meta">
                      {Array.isArray(m.to) ? m.to.join(', ') : m.to} · {formatInstant(m.receivedAt, locale)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
          {current ? (
            <section aria-labelledby="message-title" className="panel message">
              <h2 id="message-title">{current.subject || t('demo.noSubject')}</h2>
              <dl className="facts">
                <div>
                  <dt>{t('demo.from')}</dt>
                  <dd>{current.from}</dd>
                </div>
                <div>
                  <dt>{t('demo.to')}</dt>
                  <dd>{Array.isArray(current.to) ? current.to.join(', ') : current.to}</dd>
                </div>
                <div>
                  <dt>{t('demo.received')}</dt>
                  <dd>{formatInstant(current.receivedAt, locale)}</dd>
                </div>
              </dl>
              {current.html ? (
                <div className="check">
                  <input
                    type="checkbox"
                    id="demo-as-html"
                    checked={asHtml}
                    onChange={(e) => setAsHtml(e.target.checked)}
                  />
                  <label htmlFor="demo-as-html">{t('demo.showHtml')}</label>
                </div>
              ) : null}
              {current.html && asHtml ? (
                <iframe
                  className="mail-frame"
                  title={t('demo.htmlFrame', { subject: current.subject })}
                  sandbox=""
                  srcDoc={current.html}
                />
              ) : (
                <pre className="mail-text">{current.text ?? ''}</pre>
              )}
            </section>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
