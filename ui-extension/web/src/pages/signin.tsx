// The way in for a visitor without a session: through the firm's platform (QuickBooks or Xero).
// The platform's OAuth identifies the user; the server then sets the session cookie and comes back.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';

export function SignInPage({
  reason,
  demo,
  languageSwitcher,
}: {
  reason: 'none' | 'expired' | 'loggedOut';
  demo: boolean;
  languageSwitcher: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="signin-page">
      <header className="signin-header">
        <span className="logo" aria-hidden="true">
          R
        </span>
        <span className="product">Relance</span>
        {languageSwitcher}
      </header>
      <main id="main" className="signin-card">
        <h1>{t('signin.title')}</h1>
        {reason === 'expired' ? (
          <p className="notice" role="status">
            {t('signin.expired')}
          </p>
        ) : null}
        {reason === 'loggedOut' ? (
          <p className="notice" role="status">
            {t('signin.loggedOut')}
          </p>
        ) : null}
        <p>{t('signin.intro')}</p>
        <div className="signin-buttons">
          <a className="button signin-quickbooks" href="/signin/quickbooks">
            {t('signin.quickbooks')}
          </a>
          <a className="button signin-xero" href="/signin/xero">
            {t('signin.xero')}
          </a>
        </div>
        <p className="hint">{t('signin.hint')}</p>
        {demo ? (
          <p className="demo-note">
            {t('signin.demo')} <a href="/demo">{t('signin.demoLink')}</a> ·{' '}
            <a href="/app/demo">{t('nav.demo')}</a>
          </p>
        ) : null}
      </main>
    </div>
  );
}
