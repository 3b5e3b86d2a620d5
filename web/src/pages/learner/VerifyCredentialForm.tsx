// Checks a badge credential (pasted, or read from a downloaded .jwt file) with verifyCredential: anyone may ask.
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { gql } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox, Field } from '../../components/ui';
import { summarize, VERIFY_CREDENTIAL, type Verification } from './credentials';

export function VerifyCredentialForm() {
  const { t } = useI18n();
  const [jwt, setJwt] = useState('');
  const [result, setResult] = useState<Verification | null>(null);
  const verify = useAction(async () => {
    setResult(null);
    setResult((await gql(VERIFY_CREDENTIAL, { jwt: jwt.trim() })).verifyCredential);
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void verify.call(); };
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) { setJwt((await file.text()).trim()); setResult(null); }
  };
  const summary = summarize(result?.credentialJson ?? null);
  return (
    <section className="card" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('verifyTitle')}</h2>
      <p className="muted small">{t('verifyIntro')}</p>
      <form onSubmit={submit} className="grid">
        <Field label={t('credentialJwt')} wide>
          <textarea id="verify-jwt" rows={4} required value={jwt} spellCheck={false}
            onChange={(e) => { setJwt(e.target.value); setResult(null); }} />
        </Field>
        <div className="actions">
          <label className="button file">
            {t('chooseJwtFile')}
            <input type="file" id="verify-file" accept=".jwt,.txt,application/jwt,text/plain" onChange={(e) => void onFile(e)} />
          </label>
          <button type="submit" id="verify-button" className="primary" disabled={verify.busy || !jwt.trim()}>{t('verify')}</button>
        </div>
      </form>
      <ErrorBox error={verify.error} />
      {result && (
        <div id="verify-result" role="status" className={result.valid ? 'feedback ok' : 'feedback bad'}>
          {result.valid ? (
            <>
              <strong>✓ {t('credentialValid')}</strong>
              {summary && <p>{t('credentialSummary', { name: summary.name, issuer: summary.issuer, subject: summary.subject })}</p>}
            </>
          ) : (
            <strong>✗ {t('credentialInvalid', { reason: result.reason ?? '' })}</strong>
          )}
        </div>
      )}
    </section>
  );
}
