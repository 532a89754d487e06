// One customer: who they are, what they owe and since when, what Relance will do next, everything
// that happened, and the decisions a controller takes (each recorded with who took it).
import { useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { CustomerDetail, PlannedAction, TimelineEntry } from '../api/types.ts';
import { AgingChart } from '../components/aging-chart.tsx';
import { useAnnounce } from '../components/announcer.tsx';
import { Dialog } from '../components/dialog.tsx';
import { Field, FormError } from '../components/field.tsx';
import { Amount, Badge, PageState } from '../components/status.tsx';
import { formatDate, formatInstant, formatWhen } from '../format.ts';
import { useI18n, type Key } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { ActionDialog, type ActionKind } from './customer-actions.tsx';
import { channelLabel } from './customers.tsx';

/** Runs a one-click action (resume, send now, skip), announcing the result. */
function useQuickAction(reload: () => Promise<void>) {
  const announce = useAnnounce();
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (key: string, path: string, success: Key) => {
    setBusy(key);
    try {
      await api.post(path);
      announce(t(success));
      await reload();
    } catch (err) {
      announce(t('action.failed', { message: (err as Error).message }), 'error');
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}

function NextAction({
  action,
  canAct,
  quick,
}: {
  action: PlannedAction | null;
  canAct: boolean;
  quick: ReturnType<typeof useQuickAction>;
}) {
  const { t, tOr, locale } = useI18n();
  if (!action)
    return (
      <p className="empty" data-testid="next-action">
        {t('customer.nothingPlanned')}
      </p>
    );
  return (
    <div className="next-action" data-testid="next-action">
      <p>
        <strong className="next-date" data-testid="next-action-date" data-date={action.date}>
          {formatWhen(action.date, locale)}
        </strong>{' '}
        · {action.label && action.label !== channelLabel(tOr, action.channel) ? `${action.label} · ` : ''}
        {channelLabel(tOr, action.channel)}
      </p>
      {canAct && action.actionId ? (
        <div className="button-row">
          <button
            type="button"
            disabled={quick.busy !== null}
            onClick={() => void quick.run('send', `actions/${action.actionId}/send-now`, 'action.sentNow')}
          >
            {t('action.sendNow')}
          </button>
          <button
            type="button"
            disabled={quick.busy !== null}
            onClick={() => void quick.run('skip', `actions/${action.actionId}/skip`, 'action.skipped')}
          >
            {t('action.skip')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function ResolveDispute({
  entry,
  onClose,
  onDone,
}: {
  entry: TimelineEntry;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={t('action.resolveTitle')} onClose={onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          try {
            await api.post(`disputes/${entry.id}/resolve`, note.trim() ? { note: note.trim() } : {});
            announce(t('action.resolved'));
            onDone();
          } catch (err) {
            setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err)));
          } finally {
            setBusy(false);
          }
        }}
      >
        <p>{entry.title}</p>
        <FormError error={error && error.fields.length === 0 ? error : null} />
        <Field label={t('action.noteOptional')} error={error?.field('note')}>
          {(p) => <textarea {...p} rows={3} value={note} onChange={(e) => setNote(e.target.value)} />}
        </Field>
        <div className="form-buttons">
          <button type="submit" className="button-primary" disabled={busy}>
            {t('action.resolve')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Kinds whose title says more than the kind (which message, which task). */
const SERVER_TITLED = new Set(['message', 'task', 'call']);

const TIMELINE_ICONS: Record<string, string> = {
  message: '✉',
  call: '☎',
  task: '✓',
  note: '✎',
  promise: '◔',
  dispute: '⚑',
  plan: '≡',
  payment: '+',
  pause: '‖',
  credit: '↺',
};

export function CustomerPage({ id }: { id: string }) {
  const { t, tOr, locale } = useI18n();
  const session = useSession();
  const canAct = session.can('act');
  const { data, error, reload } = useApi<CustomerDetail>(`customers/${encodeURIComponent(id)}`);
  const [dialog, setDialog] = useState<ActionKind | null>(null);
  const [resolving, setResolving] = useState<TimelineEntry | null>(null);
  const quick = useQuickAction(reload);
  if (!data) return <PageState title={t('customers.name')} error={error} retry={() => void reload()} />;
  const c = data.customer;
  const next = data.nextAction;
  const later = data.planned.filter(
    (p) => !next || p.actionId !== next.actionId || p.date !== next.date || p.step !== next.step,
  );
  const actionText = (p: PlannedAction) => {
    const channel = channelLabel(tOr, p.channel);
    return p.label && p.label !== channel ? `${p.label} · ${channel}` : channel;
  };
  const assignee = typeof c.assignee === 'string' ? c.assignee : (c.assignee?.name ?? c.assignee?.id ?? null);
  const done = () => {
    setDialog(null);
    setResolving(null);
    void reload();
  };
  const actions: { kind: ActionKind; label: Key }[] = [
    { kind: 'promise', label: 'action.recordPromise' },
    { kind: 'dispute', label: 'action.openDispute' },
    { kind: 'plan', label: 'action.paymentPlan' },
    { kind: 'note', label: 'action.addNote' },
    { kind: 'assign', label: 'action.assign' },
    { kind: 'segment', label: 'action.moveSegment' },
  ];
  return (
    <div className="page customer">
      <p className="breadcrumb">
        <Link to="/customers">{t('customers.title')}</Link> <span aria-hidden="true">›</span>
      </p>
      <div className="customer-head">
        <h1 data-testid="customer-name">{c.name}</h1>
        <div className="badges">
          {c.paused ? <Badge tone="muted">{t('status.paused')}</Badge> : null}
          {data.invoices.some((i) => i.disputed) ? <Badge tone="bad">{t('status.disputed')}</Badge> : null}
          {data.invoices.some((i) => i.promisedDate) ? (
            <Badge tone="info">{t('status.promised')}</Badge>
          ) : null}
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('customer.segment')}</dt>
          <dd>{c.segment?.name ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('customer.emails')}</dt>
          <dd>{c.emails.length ? c.emails.join(', ') : '—'}</dd>
        </div>
        <div>
          <dt>{t('customer.phone')}</dt>
          <dd>{c.phone ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('customer.language')}</dt>
          <dd>{c.language ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('customer.assignee')}</dt>
          <dd>{assignee ?? t('action.unassigned')}</dd>
        </div>
        {data.balances.map((b) => (
          <div key={b.currency}>
            <dt>{t('customer.balance', { currency: b.currency })}</dt>
            <dd>
              <Amount minor={b.open} currency={b.currency} strong />{' '}
              <span className="muted">
                ({t('customer.overdueAmount')} <Amount minor={b.overdue} currency={b.currency} />)
              </span>
            </dd>
          </div>
        ))}
      </dl>

      {canAct ? (
        <section aria-labelledby="actions-title" className="panel">
          <h2 id="actions-title">{t('customer.actions')}</h2>
          <div className="button-row actions">
            {c.paused ? (
              <button
                type="button"
                disabled={quick.busy !== null}
                onClick={() => void quick.run('resume', `customers/${c.id}/resume`, 'action.resumed')}
              >
                {t('action.resume')}
              </button>
            ) : (
              <button type="button" onClick={() => setDialog('pause')}>
                {t('action.pause')}
              </button>
            )}
            {actions.map((a) => (
              <button type="button" key={a.kind} onClick={() => setDialog(a.kind)}>
                {t(a.label)}
              </button>
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="next-title" className="panel">
        <h2 id="next-title">{t('customer.next')}</h2>
        <NextAction action={data.nextAction} canAct={canAct} quick={quick} />
        {later.length > 0 ? (
          <>
            <h3>{t('customer.planned')}</h3>
            <ol className="planned" data-testid="planned">
              {later.map((p, i) => (
                <li key={`${p.actionId ?? i}-${p.date}-${p.step ?? ''}`}>
                  {formatWhen(p.date, locale)} · {actionText(p)}
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </section>

      <section aria-labelledby="invoices-title" className="panel">
        <h2 id="invoices-title">{t('customer.invoices')}</h2>
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('invoice.number')}</th>
                <th scope="col">{t('invoice.issued')}</th>
                <th scope="col">{t('invoice.dueDate')}</th>
                <th scope="col" className="num">
                  {t('invoice.total')}
                </th>
                <th scope="col" className="num">
                  {t('invoice.open')}
                </th>
                <th scope="col" className="num">
                  {t('invoice.daysLate')}
                </th>
                <th scope="col">{t('invoice.status')}</th>
                {canAct ? <th scope="col">{t('customer.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {data.invoices.map((inv) => (
                <tr key={inv.id}>
                  <th scope="row">{inv.number ?? '—'}</th>
                  <td>{formatDate(inv.issueDate, locale)}</td>
                  <td>{formatDate(inv.dueDate, locale)}</td>
                  <td className="num">
                    <Amount minor={inv.total} currency={inv.currency} />
                  </td>
                  <td className="num">
                    <Amount minor={inv.openBalance} currency={inv.currency} strong={inv.openBalance > 0} />
                  </td>
                  <td className="num">{inv.daysLate && inv.daysLate > 0 ? inv.daysLate : '—'}</td>
                  <td className="badges">
                    <Badge
                      tone={
                        inv.status === 'paid' ? 'ok' : inv.daysLate && inv.daysLate > 0 ? 'warn' : 'muted'
                      }
                    >
                      {tOr(`invoiceStatus.${inv.status}`, inv.status)}
                    </Badge>
                    {inv.disputed ? <Badge tone="bad">{t('status.disputed')}</Badge> : null}
                    {inv.paused ? <Badge tone="muted">{t('status.paused')}</Badge> : null}
                    {inv.promisedDate ? (
                      <Badge tone="info">
                        {t('invoice.promisedFor', { date: formatDate(inv.promisedDate, locale) })}
                      </Badge>
                    ) : null}
                  </td>
                  {canAct ? (
                    <td>
                      {inv.openBalance > 0 ? (
                        <button
                          type="button"
                          className="button-small"
                          disabled={quick.busy !== null}
                          aria-label={t(inv.paused ? 'action.resumeInvoice' : 'action.pauseInvoice', {
                            number: inv.number ?? inv.id,
                          })}
                          onClick={() =>
                            void quick.run(
                              `inv-${inv.id}`,
                              `invoices/${inv.id}/${inv.paused ? 'resume' : 'pause'}`,
                              inv.paused ? 'action.resumed' : 'action.paused',
                            )
                          }
                        >
                          {t(inv.paused ? 'action.resume' : 'action.pause')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="c-aging-title" className="panel">
        <h2 id="c-aging-title">{t('customer.aging')}</h2>
        <AgingChart rows={data.aging} caption={t('customer.agingTable')} />
      </section>

      <section aria-labelledby="timeline-title" className="panel">
        <h2 id="timeline-title">{t('customer.timeline')}</h2>
        {data.timeline.length === 0 ? <p className="empty">{t('customer.noHistory')}</p> : null}
        <ol className="timeline" data-testid="timeline">
          {data.timeline.map((e) => (
            <li key={`${e.kind}-${e.id}`} className={`timeline-${e.kind}`}>
              <span className="timeline-icon" aria-hidden="true">
                {TIMELINE_ICONS[e.kind] ?? '•'}
              </span>
              <div>
                <p className="timeline-title">
                  {t(`timeline.${e.kind}` as Key)}
                  {SERVER_TITLED.has(e.kind) && e.title ? <>: {e.title}</> : null}
                  {e.status ? (
                    <span className="muted"> · {tOr(`entryStatus.${e.status}`, e.status)}</span>
                  ) : null}
                </p>
                {e.detail ? <p className="timeline-detail">{e.detail}</p> : null}
                <p className="muted">
                  <time dateTime={e.at}>{formatInstant(e.at, locale)}</time>
                </p>
                {canAct && e.kind === 'dispute' && e.status === 'open' ? (
                  <button type="button" className="button-small" onClick={() => setResolving(e)}>
                    {t('action.resolve')}
                  </button>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      </section>

      {dialog ? (
        <ActionDialog
          kind={dialog}
          detail={data}
          me={{ id: session.user.id, name: session.user.name }}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      ) : null}
      {resolving ? (
        <ResolveDispute entry={resolving} onClose={() => setResolving(null)} onDone={done} />
      ) : null}
    </div>
  );
}
