// Taking a package: start, pre-test, lessons and case study, post-test with feedback, learning gain, rating.
import { useEffect, useState, type FormEvent } from 'react';
import { serverLocale, useI18n } from '../../i18n';
import { GraphQLError, mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { ErrorBox, Field, Loading, percent } from '../../components/ui';
import { href } from '../../lib/router';
import type { PageProps } from '../../routes';
import { QuestionsForm } from './QuestionsForm';
import type { LocalizedText } from './queries';
import { graphql } from '../../gql';

interface Progress {
  version: string;
  viewedLessons: string[];
  preTestScore: number | null;
  postTestScore: number | null;
  postTestAttempts: number;
  postTestAttemptsLeft: number;
  learningGain: number | null;
  completed: boolean;
}

interface PackageInfo {
  id: string;
  version: string;
  title: LocalizedText;
  masteryScore: number;
  lessons: { id: string; kind: string; title: LocalizedText; minimumSeconds: number }[];
}

export const PROGRESS = graphql(`fragment PackageProgressFields on PackageProgress { version viewedLessons preTestScore postTestScore postTestAttempts postTestAttemptsLeft learningGain completed }`);
type Step = 'pre' | 'lessons' | 'post' | 'result';

export function TakePackagePage({ params }: PageProps) {
  const { t, text } = useI18n();
  const packageId = params[0] ?? '';
  const progress = useQuery(
    graphql(`query PackageProgress($p: ID!) { packageProgress(packageId: $p) { ...PackageProgressFields } }`), { p: packageId });
  const current = progress.data?.packageProgress ?? null;
  const info = useQuery(
    graphql(`query Package($p: ID!, $v: String) { package(id: $p, version: $v) { id version kind title { zhCN en } masteryScore lessons { id kind title { zhCN en } minimumSeconds } } }`),
    { p: packageId, v: current?.version ?? null }, progress.loading);
  const start = useAction(async () => {
    await mutate(graphql(`mutation StartPackage($p: ID!) { startPackage(packageId: $p) { packageProgress { version } userErrors { code message field } } }`), { p: packageId });
    progress.reload();
  });
  const [step, setStep] = useState<Step | null>(null);
  // Keeps the graded pre-test, with its feedback, on screen until the learner moves on.
  const [preJustGraded, setPreJustGraded] = useState(false);
  // A new post-test form for each attempt; the graded one stays on screen until the learner tries again.
  const [attempt, setAttempt] = useState(0);
  const [postGraded, setPostGraded] = useState(false);

  const pkg = info.data?.package;
  const natural: Step = !current || current.preTestScore === null ? 'pre'
    : pkg && pkg.lessons.some((l) => !current.viewedLessons.includes(l.id)) ? 'lessons'
      : current.completed ? 'result' : 'post';
  const shown = step ?? natural;

  if (progress.loading && !progress.data) return <Loading when />;
  if (progress.error) return <ErrorBox error={progress.error} />;
  if (!pkg) return <><Loading when={info.loading} /><ErrorBox error={info.error} /></>;

  // A cmi5 course is taken through its AUs, on its own page.
  if (pkg.kind === 'CMI5') {
    return (
      <section className="card narrow">
        <h1>{text(pkg.title)}</h1>
        <a className="button primary" id="open-course" href={href('learner', 'course', packageId)}>{t('openCourse')}</a>
      </section>
    );
  }

  if (!current) {
    return (
      <section className="card narrow">
        <h1>{text(pkg.title)}</h1>
        <p>{t('preTestIntro')}</p>
        <ErrorBox error={start.error} />
        <button type="button" className="primary" id="start-package" onClick={() => void start.call()} disabled={start.busy}>{t('startPackage')}</button>
      </section>
    );
  }

  const steps: { id: Step; label: string; enabled: boolean }[] = [
    { id: 'pre', label: t('stepPreTest'), enabled: true },
    { id: 'lessons', label: t('stepLessons'), enabled: current.preTestScore !== null },
    { id: 'post', label: t('stepPostTest'), enabled: current.preTestScore !== null },
    { id: 'result', label: t('stepResult'), enabled: current.postTestScore !== null },
  ];
  const next = (to: Step) => { setStep(to); progress.reload(); };
  return (
    <>
      <h1>{text(pkg.title)} <small className="muted">v{current.version}</small></h1>
      <ol className="stepper" aria-label={text(pkg.title)}>
        {steps.map((s) => (
          <li key={s.id}>
            <button type="button" disabled={!s.enabled} aria-current={shown === s.id ? 'step' : undefined} onClick={() => setStep(s.id)}>{s.label}</button>
          </li>
        ))}
      </ol>
      {shown === 'pre' && (current.preTestScore === null || preJustGraded
        ? <><p>{t('preTestIntro')}</p><QuestionsForm packageId={packageId} test="PRE_TEST" onGraded={() => { setPreJustGraded(true); next('pre'); }} /></>
        : <p className="outcome">{t('preScore')}: <strong>{Math.round(current.preTestScore)}</strong></p>)}
      {shown === 'pre' && current.preTestScore !== null && (
        <button type="button" className="primary" id="to-lessons" onClick={() => next('lessons')}>{t('nextStep')}</button>
      )}
      {shown === 'lessons' && <Lessons pkg={pkg} progress={current} onViewed={progress.reload} onNext={() => next('post')} />}
      {shown === 'post' && (
        <>
          <p>{t('postTestIntro')} {t('attempts', { n: current.postTestAttempts })}</p>
          {current.postTestAttemptsLeft > 0 || postGraded
            ? <QuestionsForm key={attempt} packageId={packageId} test="POST_TEST" onGraded={() => { setPostGraded(true); next('post'); }} />
            : <p className="muted">{t('noAttemptsLeft')}</p>}
          <p className="actions">
            {postGraded && current.postTestAttemptsLeft > 0 && (
              <button type="button" id="retry-post-test" onClick={() => { setPostGraded(false); setAttempt((a) => a + 1); }}>
                {t('retryPostTest', { n: current.postTestAttemptsLeft })}
              </button>
            )}
            {current.postTestScore !== null && <button type="button" className="primary" id="to-result" onClick={() => next('result')}>{t('nextStep')}</button>}
          </p>
        </>
      )}
      {shown === 'result' && <Result packageId={packageId} progress={current} />}
    </>
  );
}

function Lessons({ pkg, progress, onViewed, onNext }: { pkg: PackageInfo; progress: Progress; onViewed: () => void; onNext: () => void }) {
  const { t, text, lang } = useI18n();
  const firstUnread = pkg.lessons.find((l) => !progress.viewedLessons.includes(l.id))?.id ?? pkg.lessons[0]?.id;
  const [lessonId, setLessonId] = useState(firstUnread);
  useEffect(() => setLessonId(firstUnread), [firstUnread]);
  const lesson = useQuery(
    graphql(`query Lesson($p: ID!, $l: ID!, $locale: Locale) { lesson(packageId: $p, lessonId: $l, locale: $locale) { title html kind minimumSeconds } }`),
    { p: pkg.id, l: lessonId, locale: serverLocale(lang) }, !lessonId);
  const complete = useAction(async () => {
    await mutate(graphql(`mutation CompleteLesson($p: ID!, $l: ID!) { completeLesson(packageId: $p, lessonId: $l) { packageProgress { viewedLessons } userErrors { code message field } } }`), { p: pkg.id, l: lessonId });
    onViewed();
  });
  const allRead = pkg.lessons.every((l) => progress.viewedLessons.includes(l.id));
  const done = lessonId ? progress.viewedLessons.includes(lessonId) : false;
  return (
    <div className="lessons">
      <nav aria-label={t('stepLessons')} className="lesson-list">
        <ol>
          {pkg.lessons.map((l) => (
            <li key={l.id}>
              <button type="button" aria-current={l.id === lessonId ? 'true' : undefined} onClick={() => setLessonId(l.id)}>
                {progress.viewedLessons.includes(l.id) ? '✓ ' : ''}{text(l.title)}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <article className="lesson card">
        <Loading when={lesson.loading} />
        <ErrorBox error={lesson.error} />
        {lesson.data && (
          // Lesson HTML is rendered from the package's Scriban templates and cleaned on the server.
          <div className="lesson-body" dangerouslySetInnerHTML={{ __html: lesson.data.lesson.html }} />
        )}
        {complete.error instanceof GraphQLError && complete.error.code === 'TOO_SOON'
          ? <p className="warn" role="alert">{t('tooSoon')}</p> : <ErrorBox error={complete.error} />}
        <p className="actions">
          {done ? <span className="ok">✓ {t('lessonDone')}</span>
            : <button type="button" className="primary" id="mark-read" onClick={() => void complete.call()} disabled={complete.busy || !lesson.data}>{t('markRead')}</button>}
          {allRead && <button type="button" className="primary" id="to-post-test" onClick={onNext}>{t('nextStep')}</button>}
        </p>
      </article>
    </div>
  );
}

function Result({ packageId, progress }: { packageId: string; progress: Progress }) {
  const { t } = useI18n();
  const [rating, setRating] = useState(5);
  const [comment, setComment] = useState('');
  const [rated, setRated] = useState(false);
  const rate = useAction(async () => {
    await mutate(graphql(`mutation RatePackage($input: RatePackageInput!) { ratePackage(input: $input) { rating { rating } userErrors { code message field } } }`),
      { input: { packageId, rating, comment: comment || null } });
    setRated(true);
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void rate.call(); };
  return (
    <>
      <div className="stats" id="result">
        <div className="stat"><span>{t('preScore')}</span><strong>{Math.round(progress.preTestScore ?? 0)}</strong></div>
        <div className="stat"><span>{t('postScore')}</span><strong>{Math.round(progress.postTestScore ?? 0)}</strong></div>
        <div className="stat"><span>{t('learningGain')}</span><strong id="learning-gain">{percent(progress.learningGain)}</strong></div>
        {progress.completed && <div className="stat ok"><strong>✓ {t('completed')}</strong></div>}
      </div>
      <section className="card narrow">
        <h2>{t('rateTitle')}</h2>
        {rated ? <p className="ok" role="status">{t('rated')}</p> : (
          <form onSubmit={submit} className="grid">
            <fieldset className="stars">
              <legend>{t('rating')}</legend>
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n}><input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} /> {'★'.repeat(n)}</label>
              ))}
            </fieldset>
            <Field label={t('comment')} wide><textarea maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} /></Field>
            <ErrorBox error={rate.error} />
            <button type="submit" className="primary" disabled={rate.busy}>{t('rate')}</button>
          </form>
        )}
      </section>
    </>
  );
}
