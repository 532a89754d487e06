// Long work (a first sync, a re-plan) as a labelled progress bar; an unknown total shows as busy.
import { useId } from 'react';
import { formatNumber } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

export function ProgressBar({ label, done, total }: { label: string; done: number; total: number | null }) {
  const { t, locale } = useI18n();
  const id = useId();
  const known = total !== null && total > 0;
  const pct = known ? Math.min(100, Math.round((done / total) * 100)) : null;
  return (
    <div className="progress">
      <div className="progress-label" id={id}>
        <span>{label}</span>
        <span>
          {known
            ? t('progress.of', { done: formatNumber(done, locale, 0), total: formatNumber(total, locale, 0) })
            : t('progress.working', { done: formatNumber(done, locale, 0) })}
        </span>
      </div>
      <div
        className={`progress-track${known ? '' : ' progress-busy'}`}
        role="progressbar"
        aria-labelledby={id}
        aria-valuemin={0}
        aria-valuemax={known ? 100 : undefined}
        aria-valuenow={pct ?? undefined}
        aria-valuetext={pct !== null ? `${pct} %` : undefined}
      >
        <div className="progress-fill" style={{ width: pct !== null ? `${pct}%` : '40%' }} />
      </div>
    </div>
  );
}
