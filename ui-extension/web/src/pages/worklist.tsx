// My tasks for today (and anything overdue or unassigned): calls to make, promises to check,
// disputes to resolve. Completing one records its outcome on the customer's history.
import { useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { WorkItem } from '../api/types.ts';
import { useAnnounce } from '../components/announcer.tsx';
import { Dialog } from '../components/dialog.tsx';
import { Field, FormError } from '../components/field.tsx';
import { PageState } from '../components/status.tsx';
import { formatDate, today } from '../format.ts';
import { useI18n, type Key } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';

export const OUTCOMES = ['done', 'reached', 'no_answer', 'promised', 'disputed', 'escalate'] as const;

function Complete({ item, onClose, onDone }: { item: WorkItem; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [outcome, setOutcome] = useState<string>('done');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={t('worklist.completeTitle', { title: item.title })} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await api.post(`tasks/${item.id}/complete`, {
              outcome,
              ...(note.trim() ? { note: note.trim() } : {}),
            });
            announce(t('worklist.completed', { title: item.title }));
            onDone();
          } catch (err) {
            const e2 = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
            setError(e2);
            announce(t('action.failed', { message: e2.message }), 'error');
          } finally {
            setBusy(false);
          }
        }}
      >
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <Field label={t('worklist.outcome')} error={error?.field('outcome')}>
          {(p) => (
            <select {...p} value={outcome} onChange={(e) => setOutcome(e.target.value)}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {t(`outcome.${o}` as Key)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('action.noteOptional')} error={error?.field('note')}>
          {(p) => <textarea {...p} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <div className="form-buttons">
          <button type="submit" className="button-primary" disabled={busy}>
            {t('worklist.complete')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function WorklistPage() {
  const { t, tOr, locale } = useI18n();
  const session = useSession();
  const { data, error, reload } = useApi<{ items: WorkItem[] }>('worklist');
  const [completing, setCompleting] = useState<WorkItem | null>(null);
  if (!data) return <PageState title={t('worklist.title')} error={error} retry={() => void reload()} />;
  const now = today();
  return (
    <div className="page worklist">
      <h1>{t('worklist.title')}</h1>
      <p className="muted">{t('worklist.intro', { n: data.items.length })}</p>
      {data.items.length === 0 ? <p className="empty">{t('worklist.empty')}</p> : null}
      <ul className="tasks">
        {data.items.map((item) => (
          <li key={item.id} className={item.dueDate < now ? 'task task-late' : 'task'}>
            <div>
              <p className="task-title">
                <span className="badge badge-info">{tOr(`taskKind.${item.kind}`, item.kind)}</span>{' '}
                <strong>{item.title}</strong>
              </p>
              <p>
                {item.customerId ? (
                  <>
                    <Link to={`/customers/${item.customerId}`}>{item.customerName ?? '—'}</Link> ·{' '}
                  </>
                ) : null}
                <span className={item.dueDate < now ? 'late' : undefined}>
                  {t('worklist.due', { date: formatDate(item.dueDate, locale) })}
                </span>
              </p>
              {item.detail ? <p className="task-detail">{item.detail}</p> : null}
            </div>
            {session.can('act') ? (
              <button
                type="button"
                onClick={() => setCompleting(item)}
                aria-label={t('worklist.completeNamed', {
                  title: item.title,
                  customer: item.customerName ?? '—',
                })}
              >
                {t('worklist.complete')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {completing ? (
        <Complete
          item={completing}
          onClose={() => setCompleting(null)}
          onDone={() => {
            setCompleting(null);
            void reload();
          }}
        />
      ) : null}
    </div>
  );
}
