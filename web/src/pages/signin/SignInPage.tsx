import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { saveSession, type Session } from '../../lib/session';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
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
  return (
    <section className="card narrow">
      <h1>{t('signInTitle')}</h1>
      <p>{t('signInIntro')}</p>
      <pre className="hint">dotnet run --project server/Gamified.Server -- token --sub zhang-wei --role learner --department data-bureau</pre>
      <form onSubmit={submit}>
        <label className="field wide">
          <span>{t('tokenLabel')}</span>
          <textarea id="token" rows={4} value={token} required autoFocus spellCheck={false}
            aria-invalid={invalid} onChange={(e) => { setToken(e.target.value); setInvalid(false); }} />
        </label>
        {invalid && <p className="error" role="alert">{t('tokenInvalid')}</p>}
        <button type="submit" className="primary">{t('signIn')}</button>
      </form>
    </section>
  );
}
