// My badges as verifiable credentials (Open Badges 3.0, signed JWTs): download each one, and check any credential.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { saveBlob } from '../../lib/download';
import { ErrorBox, formatDate, Loading } from '../../components/ui';
import type { PageProps } from '../../routes';
import { BADGE_CREDENTIALS, summarize, type BadgeCredential } from './credentials';
import { VerifyCredentialForm } from './VerifyCredentialForm';
import { downloadReceipt, MY_BADGE_ENTRIES } from './receipts';
import { LedgerHeadPanel } from './LedgerHeadPanel';

export function CredentialsPage({ session }: PageProps) {
  const { t, lang } = useI18n();
  const mine = useQuery(BADGE_CREDENTIALS, { id: session.subject });
  const credentials = mine.data?.badgeCredentials ?? [];
  const entries = useQuery(MY_BADGE_ENTRIES, { id: session.subject });
  const [receiptError, setReceiptError] = useState<Error | null>(null);
  const seqOf = (badgeId: string) => entries.data?.learner?.badges.find((b) => b.badgeId === badgeId)?.ledgerSeq;
  const receipt = (seq: number) => { setReceiptError(null); downloadReceipt(session.subject, seq).catch((e: unknown) => setReceiptError(e instanceof Error ? e : new Error(String(e)))); };
  const download = (c: BadgeCredential) =>
    saveBlob(`${c.badgeId}.jwt`, new Blob([c.jwt], { type: 'application/jwt' }));
  return (
    <>
      <h1>{t('credentialsTitle')}</h1>
      <p>{t('credentialsIntro')}</p>
      <Loading when={mine.loading && !mine.data} />
      <ErrorBox error={mine.error} />
      <ErrorBox error={receiptError} />
      <LedgerHeadPanel />
      {mine.data && credentials.length === 0 && <p className="muted">{t('noBadges')}</p>}
      <ul className="credentials">
        {credentials.map((c) => {
          const summary = summarize(c.credentialJson);
          return (
            <li key={c.badgeId} className="card" data-badge={c.badgeId}>
              <h2>🏅 {summary?.name || c.badgeId} <small className="muted">{c.badgeId}</small></h2>
              <p className="meta">
                <span>{t('issuedBy', { issuer: summary?.issuer ?? '' })}</span>
                <span>{t('awardedAt', { at: formatDate(c.awardedAt, lang) })}</span>
              </p>
              <div className="actions">
                <button type="button" className="primary" onClick={() => download(c)}>{t('downloadCredential')}</button>
                {seqOf(c.badgeId) !== undefined && (
                  <button type="button" onClick={() => receipt(seqOf(c.badgeId)!)}>{t('downloadReceipt')}</button>
                )}
              </div>
              <details>
                <summary>{t('credentialJson')}</summary>
                <pre className="hint">{JSON.stringify(JSON.parse(c.credentialJson), null, 2)}</pre>
              </details>
            </li>
          );
        })}
      </ul>
      <VerifyCredentialForm />
    </>
  );
}
