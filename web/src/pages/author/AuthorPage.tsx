// An author's packages: upload a .zip (published when valid; errors with file:line:column), versions, retire, feedback, gain.
import { useState, type ChangeEvent } from 'react';
import { useI18n } from '../../i18n';
import { gql } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { ErrorBox, formatDate, Loading, percent } from '../../components/ui';
import type { LocalizedText } from '../learner/queries';
import { PackageAnalyticsPanel } from './PackageAnalyticsPanel';

interface PackageError { code: string; path: string; line: number | null; column: number | null; message: string }

interface OwnPackage {
  id: string;
  version: string;
  title: LocalizedText;
  retired: boolean;
  isStale: boolean;
  reviewBy: string;
  versions: { version: string; publishedAt: string; retired: boolean }[];
  feedback: { averageRating: number | null; count: number; ratings: { rating: number; comment: string | null; version: string }[] };
  learningGain: { learners: number; completed: number; averageGain: number | null; averagePreScore: number | null; averagePostScore: number | null };
}

const MY_PACKAGES = `{ myPackages {
  id version title { zhCN en } retired isStale reviewBy versions { version publishedAt retired }
  feedback { averageRating count ratings { rating comment version } }
  learningGain { learners completed averageGain averagePreScore averagePostScore }
} }`;

/** "lessons/case.zh-CN.sbn:2:14" — where an error is, as editors and the author tool print it. */
export const errorLocation = (e: PackageError) => [e.path, e.line, e.column].filter((part) => part !== null && part !== undefined).join(':');

function toBase64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let binary = '';
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function AuthorPage() {
  const { t, text, lang } = useI18n();
  const mine = useQuery<{ myPackages: OwnPackage[] }>(MY_PACKAGES);
  // myPackages lists every version; show each package once, with its newest version's title.
  const packages = Object.values((mine.data?.myPackages ?? []).reduce<Record<string, OwnPackage>>((byId, p) => {
    byId[p.id] ??= p;
    return byId;
  }, {}));
  const [errors, setErrors] = useState<PackageError[]>([]);
  const [published, setPublished] = useState<string | null>(null);
  const upload = useAction(async (file: File) => {
    setErrors([]);
    setPublished(null);
    const result = await gql<{ publishPackage: { package: { id: string; version: string } | null; userErrors: PackageError[] } }>(
      `mutation($input: PublishPackageInput!) { publishPackage(input: $input) { package { id version } userErrors { code path line column message } } }`,
      { input: { archiveBase64: toBase64(await file.arrayBuffer()) } });
    setErrors(result.publishPackage.userErrors);
    const p = result.publishPackage.package;
    if (p) {
      setPublished(t('published', { id: p.id, version: p.version }));
      mine.reload();
    }
  });
  const retire = useAction(async (id: string, version: string) => {
    await gql(`mutation($id: ID!, $v: String!) { retirePackageVersion(packageId: $id, version: $v) { id } }`, { id, v: version });
    mine.reload();
  });
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void upload.call(file);
    e.target.value = '';
  };

  return (
    <>
      <h1>{t('authorTitle')}</h1>
      <section className="card">
        <h2>{t('uploadTitle')}</h2>
        <p>{t('uploadIntro')}</p>
        <label className="button primary file">
          {t('chooseZip')}
          <input type="file" id="package-zip" accept=".zip,application/zip" onChange={onFile} disabled={upload.busy} />
        </label>
        {upload.busy && <p className="muted" aria-live="polite">{t('uploading')}</p>}
        <ErrorBox error={upload.error} />
        {published && <p className="ok" role="status" id="publish-result">✓ {published}</p>}
        {errors.length > 0 && (
          <div className="error" role="alert" id="package-errors">
            <strong>{t('uploadErrors')}</strong>
            <ul>
              {errors.map((e, i) => <li key={i}><code>{errorLocation(e)}</code> <code>{e.code}</code> {e.message}</li>)}
            </ul>
          </div>
        )}
        <p className="muted small">{t('previewNote')}</p>
      </section>
      <Loading when={mine.loading && !mine.data} />
      <ErrorBox error={mine.error ?? retire.error} />
      {mine.data && packages.length === 0 && <p className="muted">{t('noOwnPackages')}</p>}
      {packages.map((p) => (
        <section key={p.id} className="card package" data-package={p.id}>
          <h2>{text(p.title)} <small className="muted">{p.id}</small></h2>
          {p.isStale && <p className="notice stale-flag" role="note">⚠ {t('staleOwnPackage', { date: p.reviewBy })}</p>}
          <div className="stats">
            <div className="stat"><span>{t('averageRating')}</span><strong>{p.feedback.averageRating?.toFixed(1) ?? '—'}</strong><small>{t('ratingsCount', { n: p.feedback.count })}</small></div>
            <div className="stat"><span>{t('learners')}</span><strong>{p.learningGain.learners}</strong></div>
            <div className="stat"><span>{t('completedCount')}</span><strong>{p.learningGain.completed}</strong></div>
            <div className="stat"><span>{t('averageGain')}</span><strong>{percent(p.learningGain.averageGain)}</strong></div>
          </div>
          <div className="table-wrap">
            <table>
              <caption>{t('versions')}</caption>
              <thead><tr><th scope="col">{t('version')}</th><th scope="col">{t('publishedAt')}</th><th scope="col">{t('status')}</th><th scope="col" /></tr></thead>
              <tbody>
                {[...p.versions].reverse().map((v) => (
                  <tr key={v.version}>
                    <td>{v.version}</td>
                    <td>{formatDate(v.publishedAt, lang)}</td>
                    <td>{v.retired ? t('retired') : t('current')}</td>
                    <td>{!v.retired && <button type="button" onClick={() => void retire.call(p.id, v.version)} disabled={retire.busy}>{t('retire')}</button>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.feedback.ratings.length > 0 && (
            <details>
              <summary>{t('feedback')}</summary>
              <ul>{p.feedback.ratings.map((r, i) => <li key={i}>{'★'.repeat(r.rating)} v{r.version} {r.comment}</li>)}</ul>
            </details>
          )}
          <PackageAnalyticsPanel packageId={p.id} />
        </section>
      ))}
    </>
  );
}
