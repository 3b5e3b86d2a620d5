// An author's packages: upload a .zip, see its problems (file:line:column) or a preview of each lesson, then publish; versions, retire, feedback, gain.
import { useEffect, useState, type ChangeEvent } from 'react';
import { serverLocale, useI18n } from '../../i18n';
import { gql, mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { ErrorBox, formatDate, Loading, percent } from '../../components/ui';
import type { LocalizedText } from '../learner/queries';
import { PackageAnalyticsPanel } from './PackageAnalyticsPanel';
import { graphql } from '../../gql';

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

const MY_PACKAGES = graphql(`query MyPackages { myPackages {
  id version title { zhCN en } retired isStale reviewBy versions { version publishedAt retired }
  feedback { averageRating count ratings { rating comment version } }
  learningGain { learners completed averageGain averagePreScore averagePostScore }
} }`);

/** "lessons/case.zh-CN.sbn:2:14" — where an error is, as editors and the author tool print it. */
export const errorLocation = (e: PackageError) => [e.path, e.line, e.column].filter((part) => part !== null && part !== undefined).join(':');

function toBase64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let binary = '';
  for (let i = 0; i < view.length; i += 0x8000) binary += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(binary);
}

interface Summary {
  id: string;
  version: string;
  title: LocalizedText;
  lessons: { id: string; kind: string; title: LocalizedText }[];
  preTestQuestions: number;
  postTestQuestions: number;
}

interface Validation { valid: boolean; problems: PackageError[]; package: Summary | null }

/** An uploaded archive that was checked but not published yet. */
interface Upload { archiveBase64: string; validation: Validation }

const VALIDATE = graphql(`query ValidatePackage($zip: String!) { validatePackage(archiveBase64: $zip) {
  valid problems { code path line column message }
  package { id version title { zhCN en } lessons { id kind title { zhCN en } } preTestQuestions postTestQuestions }
} }`);

/** The checked package: a summary, each lesson rendered by the server's sandbox, and the separate step that publishes it. */
function UploadPreview({ upload, summary, onPublish, publishing }: { upload: Upload; summary: Summary; onPublish: () => void; publishing: boolean }) {
  const { t, text, lang } = useI18n();
  const [lessonId, setLessonId] = useState(summary.lessons[0]?.id);
  useEffect(() => setLessonId(summary.lessons[0]?.id), [summary]);
  const preview = useQuery(
    graphql(`query PreviewPackageLesson($zip: String!, $l: ID!, $locale: Locale) { previewPackageLesson(archiveBase64: $zip, lessonId: $l, locale: $locale) { title html } }`),
    { zip: upload.archiveBase64, l: lessonId, locale: serverLocale(lang) }, !lessonId);
  return (
    <div id="package-preview">
      {upload.validation.valid && (
        <p className="ok" role="status" id="check-result">✓ {t('checkedOk', {
          id: summary.id, version: summary.version, lessons: summary.lessons.length, pre: summary.preTestQuestions, post: summary.postTestQuestions,
        })}</p>
      )}
      <h3>{t('previewTitle')}: {text(summary.title)} <small className="muted">v{summary.version}</small></h3>
      <p className="muted small">{t('previewSample')}</p>
      <div className="lessons">
        <nav aria-label={t('previewTitle')} className="lesson-list">
          <ol>
            {summary.lessons.map((l) => (
              <li key={l.id}>
                <button type="button" data-lesson={l.id} aria-current={l.id === lessonId ? 'true' : undefined} onClick={() => setLessonId(l.id)}>
                  {text(l.title)}
                </button>
              </li>
            ))}
          </ol>
        </nav>
        <article className="lesson card">
          <Loading when={preview.loading} />
          <ErrorBox error={preview.error} />
          {preview.data && !preview.loading && (
            // Rendered from the package's templates and cleaned on the server, as published lessons are.
            <div className="lesson-body" id="lesson-preview" dangerouslySetInnerHTML={{ __html: preview.data.previewPackageLesson.html }} />
          )}
        </article>
      </div>
      {upload.validation.valid && (
        <p className="actions">
          <button type="button" className="primary" id="publish-package" onClick={onPublish} disabled={publishing}>
            {publishing ? t('publishing') : t('publish')}
          </button>
        </p>
      )}
    </div>
  );
}

export function AuthorPage() {
  const { t, text, lang } = useI18n();
  const mine = useQuery(MY_PACKAGES);
  // myPackages lists every version; show each package once, with its newest version's title.
  const packages = Object.values((mine.data?.myPackages ?? []).reduce<Record<string, OwnPackage>>((byId, p) => {
    byId[p.id] ??= p;
    return byId;
  }, {}));
  const [upload, setUpload] = useState<Upload | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const check = useAction(async (file: File) => {
    setUpload(null);
    setPublished(null);
    const archiveBase64 = toBase64(await file.arrayBuffer());
    const result = await gql(VALIDATE, { zip: archiveBase64 });
    setUpload({ archiveBase64, validation: result.validatePackage });
  });
  const publish = useAction(async () => {
    if (!upload) return;
    const result = await gql(
      graphql(`mutation PublishPackage($input: PublishPackageInput!) { publishPackage(input: $input) { package { id version } userErrors { code message ... on PackageError { path line column } } } }`),
      { input: { archiveBase64: upload.archiveBase64 } });
    const p = result.publishPackage.package;
    if (p) {
      setUpload(null);
      setPublished(t('published', { id: p.id, version: p.version }));
      mine.reload();
    } else {
      setUpload({ ...upload, validation: { ...upload.validation, valid: false, problems: result.publishPackage.userErrors.map((e) => (
        'path' in e ? { ...e, line: e.line ?? null, column: e.column ?? null } : { ...e, path: '', line: null, column: null })) } });
    }
  });
  const retire = useAction(async (id: string, version: string) => {
    await mutate(graphql(`mutation RetirePackageVersion($id: ID!, $v: String!) { retirePackageVersion(packageId: $id, version: $v) { package { id } userErrors { code message field } } }`), { id, v: version });
    mine.reload();
  });
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void check.call(file);
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
          <input type="file" id="package-zip" accept=".zip,application/zip" onChange={onFile} disabled={check.busy || publish.busy} />
        </label>
        {check.busy && <p className="muted" aria-live="polite">{t('uploading')}</p>}
        <ErrorBox error={check.error ?? publish.error} />
        {published && <p className="ok" role="status" id="publish-result">✓ {published}</p>}
        {upload && upload.validation.problems.length > 0 && (
          <div className="error" role="alert" id="package-errors">
            <strong>{t('uploadErrors')}</strong>
            <ul>
              {upload.validation.problems.map((e, i) => <li key={i}><code>{errorLocation(e)}</code> <code>{e.code}</code> {e.message}</li>)}
            </ul>
          </div>
        )}
        {upload?.validation.package && (
          <UploadPreview upload={upload} summary={upload.validation.package}
            onPublish={() => void publish.call()} publishing={publish.busy} />
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
          <div className="table-wrap" tabIndex={0}>
            <table className="versions">
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
