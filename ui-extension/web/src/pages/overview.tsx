// The firm at a glance: the aged balance, the measures, the problem cases, and syncs in progress.
import { useEffect } from 'react';
import type { Job, Overview } from '../api/types.ts';
import { AgingChart } from '../components/aging-chart.tsx';
import { ProgressBar } from '../components/progress.tsx';
import { Amount, PageState } from '../components/status.tsx';
import { formatDate, formatInstant, formatNumber, formatPercent } from '../format.ts';
import { useI18n, type Key } from '../i18n/index.tsx';
import { Link } from '../router.tsx';
import { useApi } from '../use-api.ts';

function Measure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <div className="measure">
      <dt>{label}</dt>
      <dd>
        <span className="measure-value">{value}</span>
        <span className="measure-hint">{hint}</span>
      </dd>
    </div>
  );
}

/** Ratios may come as 0..1 or as percentages; anything above 1.5 is read as a percentage. */
function pct(v: number | null, locale: string): string {
  if (v === null) return '—';
  return formatPercent(v, locale, v > 1.5);
}

function Progress({ overview }: { overview: Overview }) {
  const { t, tOr, locale } = useI18n();
  const jobs = useApi<{ items: Job[] }>('jobs');
  const running = (jobs.data?.items ?? []).filter((j) => j.status === 'running' || j.status === 'queued');
  const syncing = overview.connections.filter((c) => c.progress !== null);
  const { reload } = jobs;
  // Long work reports its progress: poll while any is under way.
  useEffect(() => {
    if (running.length === 0 && syncing.length === 0) return;
    const timer = window.setInterval(() => void reload(), 2000);
    return () => window.clearInterval(timer);
  }, [running.length, syncing.length, reload]);
  return (
    <section aria-labelledby="connections-title" className="panel">
      <h2 id="connections-title">{t('overview.connections')}</h2>
      {overview.connections.length === 0 ? <p className="empty">{t('overview.noConnections')}</p> : null}
      <ul className="connections">
        {overview.connections.map((c) => (
          <li key={c.platform}>
            <strong>{t(`platform.${c.platform}` as Key)}</strong>{' '}
            <span className={`badge badge-${c.status === 'active' ? 'ok' : 'warn'}`}>
              {tOr(`connection.${c.status}`, c.status)}
            </span>{' '}
            <span className="muted">
              {t('overview.lastSync')} {formatInstant(c.lastSyncAt, locale)}
            </span>
            {c.progress ? (
              <ProgressBar
                label={t('overview.syncing', { platform: t(`platform.${c.platform}` as Key) })}
                done={c.progress.done}
                total={c.progress.total}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {running.map((j) => (
        <ProgressBar
          key={j.id}
          label={t(j.kind === 'replan' ? 'jobs.replan' : 'jobs.sync')}
          done={j.done}
          total={j.total}
        />
      ))}
    </section>
  );
}

export function OverviewPage() {
  const { t, locale } = useI18n();
  const { data, error, reload } = useApi<Overview>('overview');
  if (!data) return <PageState title={t('overview.title')} error={error} retry={() => void reload()} />;
  const p = data.problems;
  return (
    <div className="page overview">
      <h1>{t('overview.title')}</h1>
      <p className="muted">{t('overview.asOf', { date: formatDate(data.asOf, locale) })}</p>
      <section aria-labelledby="aging-title" className="panel">
        <h2 id="aging-title">{t('overview.aging')}</h2>
        <AgingChart rows={data.aging} caption={t('overview.agingTable')} />
      </section>
      <section aria-labelledby="measures-title" className="panel">
        <h2 id="measures-title">{t('overview.measures')}</h2>
        <dl className="measures">
          <Measure
            label={t('measure.dso')}
            value={data.dso === null ? '—' : t('measure.days', { n: formatNumber(data.dso, locale) })}
            hint={t('measure.dsoHint')}
          />
          <Measure label={t('measure.cei')} value={pct(data.cei, locale)} hint={t('measure.ceiHint')} />
          <Measure
            label={t('measure.recovery')}
            value={pct(data.recoveryRate, locale)}
            hint={t('measure.recoveryHint')}
          />
        </dl>
      </section>
      <div className="problems">
        <section aria-labelledby="biggest-title" className="panel">
          <h2 id="biggest-title">{t('problems.biggest')}</h2>
          {p.biggestOverdue.length === 0 ? (
            <p className="empty">{t('problems.none')}</p>
          ) : (
            <ol className="problem-list">
              {p.biggestOverdue.map((c) => (
                <li key={`${c.id}-${c.currency}`}>
                  <Link to={`/customers/${c.id}`}>{c.name}</Link>
                  <Amount minor={c.overdue} currency={c.currency} strong />
                  {c.oldestDaysLate !== null ? (
                    <span className="muted">{t('customers.daysLate', { n: c.oldestDaysLate })}</span>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="broken-title" className="panel">
          <h2 id="broken-title">{t('problems.broken')}</h2>
          {p.brokenPromises.length === 0 ? (
            <p className="empty">{t('problems.none')}</p>
          ) : (
            <ul className="problem-list">
              {p.brokenPromises.map((b, i) => (
                <li key={`${b.customerId}-${i}`}>
                  <Link to={`/customers/${b.customerId}`}>{b.customerName}</Link>
                  <Amount minor={b.amount} currency={b.currency} />
                  <span className="muted">
                    {t('problems.promisedFor', { date: formatDate(b.promisedDate, locale) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="worse-title" className="panel">
          <h2 id="worse-title">{t('problems.worsening')}</h2>
          {p.worseningPayers.length === 0 ? (
            <p className="empty">{t('problems.none')}</p>
          ) : (
            <ul className="problem-list">
              {p.worseningPayers.map((w) => (
                <li key={w.customerId}>
                  <Link to={`/customers/${w.customerId}`}>{w.customerName}</Link>
                  <span className="muted">
                    {t('problems.lateTrend', {
                      before: formatNumber(w.avgDaysLateBefore, locale),
                      now: formatNumber(w.avgDaysLateNow, locale),
                    })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <Progress overview={data} />
    </div>
  );
}
