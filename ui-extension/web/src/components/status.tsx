// Small shared pieces: loading and error states, status badges, money text.
import type { ApiError } from '../api/client.ts';
import { formatMoney } from '../format.ts';
import { useI18n } from '../i18n/index.tsx';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function LoadError({ error, retry }: { error: ApiError; retry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="load-error" role="alert">
      <p>
        {error.status === 404 ? t('common.notFound') : t('common.loadFailed')} <span>{error.message}</span>
      </p>
      {retry ? (
        <button type="button" onClick={retry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Amount({
  minor,
  currency,
  strong,
}: {
  minor: number | null;
  currency: string | null;
  strong?: boolean;
}) {
  const { locale } = useI18n();
  if (minor === null || currency === null) return <span className="amount">—</span>;
  return <span className={`amount${strong ? ' strong' : ''}`}>{formatMoney(minor, currency, locale)}</span>;
}

export function Badge({
  tone,
  children,
}: {
  tone: 'warn' | 'info' | 'ok' | 'bad' | 'muted';
  children: string;
}) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A page whose data has not arrived (or could not): its title, and loading or the error. */
export function PageState({ title, error, retry }: { title: string; error: ApiError | null; retry(): void }) {
  return (
    <div className="page">
      <h1>{title}</h1>
      {error ? <LoadError error={error} retry={retry} /> : <Loading />}
    </div>
  );
}
