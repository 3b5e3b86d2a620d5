import { useEffect, useState } from 'react';
import { useI18n } from './i18n';
import { loadSession, type Session } from './lib/session';
import { signOut, startAuth, type SignInConfig } from './lib/auth';
import { href, navigate, useRoute } from './lib/router';
import { match, routes, type Route } from './routes';
import { SignInPage } from './pages/signin/SignInPage';
import { UnreadBadge } from './pages/notifications/UnreadBadge';

const allowed = (route: Route, session: Session) =>
  session.roles.includes('admin') || route.roles.some((r) => session.roles.includes(r));

function homeOf(session: Session): string {
  return routes.find((r) => allowed(r, session))?.path ?? 'learner/leaderboard';
}

export function App() {
  const { t, lang, setLang } = useI18n();
  const [session, setSession] = useState<Session | null>(loadSession);
  const [auth, setAuth] = useState<{ config: SignInConfig | null; failed: boolean; noAccess?: boolean; ready: boolean }>({ config: null, failed: false, ready: false });
  const route = useRoute();
  useEffect(() => {
    let live = true;
    startAuth((next) => { if (live) setSession(next); })
      .then(({ config, session: started, noAccess }) => {
        if (!live) return;
        setAuth({ config, failed: false, noAccess, ready: true });
        if (started) setSession(started);
      })
      .catch(() => { if (live) setAuth((a) => ({ ...a, failed: true, ready: true })); });
    return () => { live = false; };
  }, []);

  const found = session ? match(route) : null;
  const page = session && found && allowed(found.route, session) ? found : null;
  if (session && !page) {
    // Unknown or forbidden address: go to the user's first page.
    queueMicrotask(() => navigate(...homeOf(session).split('/')));
  }
  const current = page?.route.path;

  return (
    <>
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('skipToContent')}
      </a>
      <header className="top">
        <div className="brand">{t('appName')}</div>
        <nav aria-label="main">
          {session && routes.filter((r) => r.nav && allowed(r, session)).map((r) => (
            <a key={r.path} href={href(...r.path.split('/'))} aria-current={current === r.path ? 'page' : undefined}>
              {t(r.nav!)}
            </a>
          ))}
          <a href="/graphql/ui">{t('navGraphiql')}</a>
        </nav>
        <div className="tools">
          {/* The visible name is the language it switches to, in that language; the tooltip says what it does. */}
          <button type="button" className="link" id="lang-switch" title={t('languageLabel')} lang={lang === 'en' ? 'zh-CN' : 'en'}
            onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>{t('language')}</button>
          {session && (
            <>
              <UnreadBadge subject={session.subject} />
              <span className="who" title={t('signedInAs')}>{session.subject}</span>
              <button type="button" className="link" id="sign-out" onClick={() => { setSession(null); void signOut(); }}>
                {t('signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!session && auth.ready && (
          <SignInPage config={auth.config} failed={auth.failed} noAccess={auth.noAccess} onSignedIn={(s) => { setSession(s); navigate(...homeOf(s).split('/')); }} />
        )}
        {session && page && page.route.render({ session, params: page.params })}
      </main>
    </>
  );
}
