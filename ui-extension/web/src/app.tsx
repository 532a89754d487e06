// The panel's frame: session, language, the header with the firm, the user, the language switcher
// and the REVIEW MODE / SENDING banner, the navigation, and the page for the current path.
import { useEffect, useRef, useState } from 'react';
import type { Language } from './api/types.ts';
import { AnnouncerProvider } from './components/announcer.tsx';
import { FirmSwitcher } from './components/firm-switcher.tsx';
import { LoadError, Loading } from './components/status.tsx';
import { I18nProvider, LANGUAGE_NAMES, LANGUAGES, useI18n, type Key } from './i18n/index.tsx';
import { CustomerPage } from './pages/customer.tsx';
import { CustomersPage } from './pages/customers.tsx';
import { DemoPage } from './pages/demo.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { ProceduresPage } from './pages/procedures.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { SignInPage } from './pages/signin.tsx';
import { WorklistPage } from './pages/worklist.tsx';
import { Link, match, RouterProvider, useLocation } from './router.tsx';
import { SessionProvider, useSession, useSessionState } from './session.tsx';

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Localised />
      </SessionProvider>
    </RouterProvider>
  );
}

function Localised() {
  const { state } = useSessionState();
  const firm = state.status === 'signedIn' ? state.session.firm : null;
  return (
    <I18nProvider firmLanguage={firm?.language ?? null} country={firm?.country ?? null}>
      <AnnouncerProvider>
        <Shell />
      </AnnouncerProvider>
    </I18nProvider>
  );
}

/** Whether this server runs the demo (its caught e-mails answer only then). */
function useDemoMode(): boolean {
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    let live = true;
    fetch('/demo/api/messages', { headers: { accept: 'application/json' } })
      .then((r) => live && setDemo(r.ok))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return demo;
}

function LanguageSwitcher() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="lang-switch">
      <label htmlFor="language-switch">{t('header.language')}</label>
      <select id="language-switch" value={lang} onChange={(e) => setLang(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}

const NAV: { to: string; label: Key; pattern: string[] }[] = [
  { to: '/', label: 'nav.overview', pattern: ['/'] },
  { to: '/customers', label: 'nav.customers', pattern: ['/customers', '/customers/:id'] },
  { to: '/worklist', label: 'nav.worklist', pattern: ['/worklist'] },
  { to: '/procedures', label: 'nav.procedures', pattern: ['/procedures'] },
  { to: '/settings', label: 'nav.settings', pattern: ['/settings'] },
];

function Page({ path, demo }: { path: string; demo: boolean }) {
  const { t } = useI18n();
  let m: Record<string, string> | null;
  if (path === '/' || path === '') return <OverviewPage />;
  if (match('/customers', path)) return <CustomersPage />;
  if ((m = match('/customers/:id', path))) return <CustomerPage id={m.id as string} key={m.id} />;
  if (match('/worklist', path)) return <WorklistPage />;
  if (match('/procedures', path)) return <ProceduresPage />;
  if (match('/settings', path)) return <SettingsPage />;
  if (match('/demo', path)) return <DemoPage available={demo} />;
  return (
    <section>
      <h1>{t('common.pageNotFound')}</h1>
      <p>
        <Link to="/">{t('nav.overview')}</Link>
      </p>
    </section>
  );
}

function ModeBanner({ reviewMode }: { reviewMode: boolean }) {
  const { t } = useI18n();
  return (
    <div className={`mode-banner ${reviewMode ? 'mode-review' : 'mode-sending'}`} data-testid="mode-banner">
      <strong>{reviewMode ? t('mode.review') : t('mode.sending')}</strong>{' '}
      <span>{reviewMode ? t('mode.reviewHint') : t('mode.sendingHint')}</span>{' '}
      <Link to="/settings">{t('mode.change')}</Link>
    </div>
  );
}

function SignedIn({ demo }: { demo: boolean }) {
  const session = useSession();
  const { logout } = useSessionState();
  const { t } = useI18n();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // A new page moves focus to its content, as a page load would, so keyboard and screen-reader
  // users start there; the first render leaves focus alone.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
    window.scrollTo(0, 0);
  }, [path]);
  const nav = demo ? [...NAV, { to: '/demo', label: 'nav.demo' as Key, pattern: ['/demo'] }] : NAV;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            R
          </span>
          <div>
            <span className="product">Relance</span>
            <span className="firm-name" data-testid="firm-name">
              {session.firm.name}
            </span>
          </div>
        </div>
        <div className="header-tools">
          <FirmSwitcher />
          <LanguageSwitcher />
          <span className="user">
            {session.user.name ?? session.user.email ?? ''}{' '}
            <span className="role">({t(`role.${session.user.role}` as Key)})</span>
          </span>
          <button type="button" className="button-quiet" onClick={() => void logout()}>
            {t('header.signOut')}
          </button>
        </div>
      </header>
      <ModeBanner reviewMode={session.firm.reviewMode} />
      <nav className="app-nav" aria-label={t('nav.label')}>
        <ul>
          {nav.map((n) => {
            const current = n.pattern.some((p) => match(p, path) !== null);
            return (
              <li key={n.to}>
                <Link to={n.to} aria-current={current ? 'page' : undefined}>
                  {t(n.label)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1}>
        <Page path={path} demo={demo} />
      </main>
    </>
  );
}

function Shell() {
  const { state, refresh } = useSessionState();
  const { path } = useLocation();
  const demo = useDemoMode();
  const { t } = useI18n();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error')
    return (
      <main id="main">
        <h1>Relance</h1>
        <LoadError error={state.error} retry={() => void refresh()} />
      </main>
    );
  if (state.status === 'signedOut') {
    // The demo's caught e-mails are for a newcomer who has not signed in yet.
    if (match('/demo', path))
      return (
        <>
          <header className="app-header">
            <div className="brand">
              <span className="logo" aria-hidden="true">
                R
              </span>
              <span className="product">Relance</span>
            </div>
            <div className="header-tools">
              <LanguageSwitcher />
              <a href="/app/">{t('signin.title')}</a>
            </div>
          </header>
          <main id="main" tabIndex={-1}>
            <DemoPage available={demo} />
          </main>
        </>
      );
    return <SignInPage reason={state.reason} demo={demo} languageSwitcher={<LanguageSwitcher />} />;
  }
  return <SignedIn demo={demo} />;
}
