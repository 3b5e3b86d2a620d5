// One brainstorm for a learner: the question, my remaining votes, the ideas (no authors or counts while it runs).
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox, Field, formatDate } from '../../components/ui';
import type { Brainstorm, Idea } from './plans';
import { graphql } from '../../gql';

export function BrainstormCard({ brainstorm: b, departments, onChange }: { brainstorm: Brainstorm; departments: string[]; onChange: () => void }) {
  const { t, text, lang } = useI18n();
  const [idea, setIdea] = useState('');
  const [voted, setVoted] = useState<string[]>([]);
  const submit = useAction(async () => {
    await mutate(graphql(`mutation SubmitIdea($input: SubmitIdeaInput!) { submitIdea(input: $input) { idea { id } userErrors { code message field } } }`), { input: { brainstormId: b.id, text: idea.trim() } });
    setIdea('');
    onChange();
  });
  const vote = useAction(async (ideaId: string) => {
    await mutate(graphql(`mutation VoteIdea($input: VoteIdeaInput!) { voteIdea(input: $input) { voteReceipt { ideaId votesLeft } userErrors { code message field } } }`), { input: { brainstormId: b.id, ideaId } });
    setVoted((v) => [...v, ideaId]);
    onChange();
  });
  const onSubmit = (e: FormEvent) => { e.preventDefault(); void submit.call(); };
  const own = (i: Idea) => i.mine || departments.includes(i.departmentId);
  const canVote = (i: Idea) => b.isOpen && !own(i) && !voted.includes(i.id) && (b.myVotesLeft ?? 0) > 0;
  return (
    <section className="card brainstorm" data-brainstorm={b.id} aria-labelledby={`bs-${b.id}`}>
      <h2 id={`bs-${b.id}`}>{text(b.titles)}</h2>
      <p className="question">{text(b.question)}</p>
      <p className="meta">
        <span>{b.isOpen ? t('closesAt', { at: formatDate(b.closesAt, lang) }) : b.finalisedAt ? t('resultsFinal') : t('brainstormClosed')}</span>
        {b.myVotesLeft !== null && <strong className="votes-left" aria-live="polite">{t('votesLeft', { n: b.myVotesLeft, total: b.votesPerLearner })}</strong>}
      </p>
      {b.isOpen && (
        <form onSubmit={onSubmit} className="grid">
          <Field label={t('yourIdea')} wide>
            <textarea className="idea-text" rows={3} minLength={5} maxLength={1000} required value={idea} onChange={(e) => setIdea(e.target.value)} />
          </Field>
          <button type="submit" className="primary" disabled={submit.busy || idea.trim().length < 5}>{t('submitIdea')}</button>
        </form>
      )}
      <ErrorBox error={submit.error ?? vote.error} />
      {b.ideas.length === 0 ? <p className="muted">{t('noIdeas')}</p> : (
        <ol className="ideas">
          {b.ideas.map((i) => (
            <li key={i.id} data-idea={i.id} className={i.mine ? 'mine' : undefined}>
              <p>{i.text}</p>
              <p className="meta">
                {i.mine && <span className="tag">{t('myIdea')}</span>}
                {!i.mine && own(i) && <span className="tag">{t('myDepartmentIdea')}</span>}
                {i.votes !== null && <span>{t('voteCount', { n: i.votes })}</span>}
                {i.rank !== null && <span>{t('ideaRank', { n: i.rank })}</span>}
                {voted.includes(i.id) && <span className="ok">✓ {t('voted')}</span>}
              </p>
              {canVote(i) && (
                <button type="button" onClick={() => void vote.call(i.id)} disabled={vote.busy} aria-label={`${t('vote')}: ${i.text}`}>
                  👍 {t('vote')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
