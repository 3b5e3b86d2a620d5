import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { signIn, type SignInConfig } from '../../lib/auth';
import { saveSession, type Session } from '../../lib/session';

export function SignInPage({ config, failed, noAccess, onSignedIn }: {
  config: SignInConfig | null;
  failed: boolean;
  noAccess?: boolean;
  onSignedIn: (session: Session) => void;
}) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    try {
      onSignedIn(saveSession(token));
    } catch {
      setInvalid(true);
    }
  };
  const provider = !!config?.authority;
  const tokenForm = (
    <form onSubmit={submit}>
      <p>{t('signInIntro')}</p>
      <pre className="hint">dotnet run --project server/Gamified.Server --no-launch-profile -- token --sub zhang-wei --role learner --department data-bureau</pre>
      <label className="field wide">
        <span>{t('tokenLabel')}</span>
        <textarea id="token" rows={4} value={token} required autoFocus={!provider} spellCheck={false}
          aria-invalid={invalid} onChange={(e) => { setToken(e.target.value); setInvalid(false); }} />
      </label>
      {invalid && <p className="error" role="alert">{t('tokenInvalid')}</p>}
      <button type="submit" className={provider ? undefined : 'primary'}>{t('signInWithToken')}</button>
    </form>
  );
  return (
    <section className="card narrow">
      <h1>{t('signInTitle')}</h1>
      {failed && <p className="error" role="alert">{t('signInFailed')}</p>}
      {noAccess && <p className="error" role="alert" id="no-access">{t('signInNoAccess')}</p>}
      {provider ? (
        <>
          <p>{t(config!.builtIn ? 'signInBuiltInIntro' : 'signInProviderIntro')}</p>
          <button type="button" id="sign-in" className="primary" autoFocus onClick={() => void signIn()}>{t('signIn')}</button>
          <details className="developer">
            <summary>{t('signInDeveloper')}</summary>
            {tokenForm}
          </details>
        </>
      ) : tokenForm}
    </section>
  );
}
