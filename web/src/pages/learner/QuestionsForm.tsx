// A pre-test or post-test: the questions (never their answers), the learner's answers, and the feedback per question.
import { useState, type FormEvent } from 'react';
import { serverLocale, useI18n } from '../../i18n';
import { GraphQLError, mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { ErrorBox, Loading } from '../../components/ui';
import { graphql } from '../../gql';

interface Question {
  id: string;
  /** single-choice, multiple-choice, true-false or short-answer. */
  kind: string;
  prompt: string;
  options: { id: string; text: string }[];
}

export interface TestOutcome {
  score: number;
  passed: boolean;
  correct: number;
  total: number;
  feedback: { questionId: string; correct: boolean; explanation: string }[];
}

type Answers = Record<string, string[]>;

const PRE_TEST = graphql(`query PreTest($p: ID!, $l: Locale) { questions: preTest(packageId: $p, locale: $l) { id kind prompt options { id text } } }`);
const POST_TEST = graphql(`query PostTest($p: ID!, $l: Locale) { questions: postTest(packageId: $p, locale: $l) { id kind prompt options { id text } } }`);

export function QuestionsForm({ packageId, test, onGraded }: {
  packageId: string;
  test: 'PRE_TEST' | 'POST_TEST';
  onGraded: (outcome: TestOutcome) => void;
}) {
  const { t, lang } = useI18n();
  const questions = useQuery(test === 'PRE_TEST' ? PRE_TEST : POST_TEST, { p: packageId, l: serverLocale(lang) });
  const [answers, setAnswers] = useState<Answers>({});
  const [outcome, setOutcome] = useState<TestOutcome | null>(null);
  const submit = useAction(async () => {
    const list = (questions.data?.questions ?? []).map((q) => q.kind === 'short-answer'
      ? { questionId: q.id, text: answers[q.id]?.[0] ?? '' }
      : { questionId: q.id, choices: answers[q.id] ?? [] });
    const result = await mutate(
      graphql(`mutation SubmitAnswers($input: SubmitAnswersInput!) { submitAnswers(input: $input) { testOutcome { score passed correct total feedback { questionId correct explanation } } userErrors { code message field } } }`),
      { input: { packageId, test, answers: list, locale: serverLocale(lang) } });
    const graded = result.submitAnswers.testOutcome!;
    setOutcome(graded);
    onGraded(graded);
  });
  const onSubmit = (e: FormEvent) => { e.preventDefault(); void submit.call(); };
  const choose = (q: Question, value: string, checked: boolean) => setAnswers((a) => {
    if (q.kind === 'multiple-choice') {
      const current = a[q.id] ?? [];
      return { ...a, [q.id]: checked ? [...current, value] : current.filter((c) => c !== value) };
    }
    return { ...a, [q.id]: [value] };
  });

  if (questions.loading) return <Loading when />;
  if (questions.error) return <ErrorBox error={questions.error} />;
  const feedbackOf = (id: string) => outcome?.feedback.find((f) => f.questionId === id);
  return (
    <form onSubmit={onSubmit} className="questions" aria-label={t(test === 'PRE_TEST' ? 'stepPreTest' : 'stepPostTest')}>
      {questions.data?.questions.map((q, index) => {
        const feedback = feedbackOf(q.id);
        const options = q.kind === 'true-false' ? [{ id: 'true', text: t('trueLabel') }, { id: 'false', text: t('falseLabel') }] : q.options;
        return (
          <fieldset key={q.id} className="question" data-question={q.id}>
            <legend>{index + 1}. {q.prompt}</legend>
            {q.kind === 'short-answer' ? (
              <input aria-label={t('yourAnswer')} value={answers[q.id]?.[0] ?? ''} disabled={!!outcome}
                onChange={(e) => setAnswers((a) => ({ ...a, [q.id]: [e.target.value] }))} />
            ) : options.map((o) => (
              <label key={o.id} className="option">
                <input type={q.kind === 'multiple-choice' ? 'checkbox' : 'radio'} name={`${test}-${q.id}`} value={o.id}
                  disabled={!!outcome} checked={(answers[q.id] ?? []).includes(o.id)}
                  onChange={(e) => choose(q, o.id, e.target.checked)} />
                <span>{o.text}</span>
              </label>
            ))}
            {feedback && (
              <p className={feedback.correct ? 'feedback ok' : 'feedback bad'} role="status">
                <strong>{feedback.correct ? `✓ ${t('correct')}` : `✗ ${t('incorrect')}`}</strong> {feedback.explanation}
              </p>
            )}
          </fieldset>
        );
      })}
      {/* A pre-test submitted faster than it can be read is refused (TOO_SOON): the answers stay, to submit again. */}
      {submit.error instanceof GraphQLError && submit.error.code === 'TOO_SOON'
        ? <p className="warn" role="alert">{t('testTooSoon')}</p> : <ErrorBox error={submit.error} />}
      {outcome ? (
        <p className="outcome" id={`${test}-outcome`} role="status">
          {t('score')}: <strong>{Math.round(outcome.score)}</strong> ({outcome.correct}/{outcome.total}) · {outcome.passed ? t('passed') : t('notPassed')}
        </p>
      ) : (
        <button type="submit" className="primary" disabled={submit.busy}>{t('submitAnswers')}</button>
      )}
    </form>
  );
}
