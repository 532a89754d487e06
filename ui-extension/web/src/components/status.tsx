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

export function Amount({ minor, currency, strong }: { minor: number; currency: string; strong?: boolean }) {
  const { locale } = useI18n();
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
