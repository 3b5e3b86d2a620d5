// Brainstorm moderation: every idea with its author's public name (their id too, for managers of their department) and votes; hide one with a reason (audited; its votes go back).
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ErrorBox, formatDate, Loading } from '../../components/ui';
import { HideIdeaForm } from './HideIdeaForm';
import { graphql } from '../../gql';

const MODERATION = graphql(`query ModerationBrainstorms { brainstorms { ...BrainstormFields ideas(includeHidden: true) { ...IdeaFields } } }`);

export function ModerationPage() {
  const { t, text, lang } = useI18n();
  const list = useQuery(MODERATION);
  return (
    <>
      <h1>{t('moderationTitle')}</h1>
      <p>{t('moderationIntro')}</p>
      <Loading when={list.loading && !list.data} />
      <ErrorBox error={list.error} />
      {list.data && list.data.brainstorms.length === 0 && <p className="muted">{t('noBrainstorms')}</p>}
      {list.data?.brainstorms.map((b) => (
        <section key={b.id} className="card" data-brainstorm={b.id} aria-labelledby={`mod-${b.id}`}>
          <h2 id={`mod-${b.id}`}>{text(b.titles)}</h2>
          <p className="question">{text(b.question)}</p>
          <p className="meta">
            <span>{b.isOpen ? t('closesAt', { at: formatDate(b.closesAt, lang) }) : t('brainstormClosed')}</span>
            <span>{t('ideaTotal', { n: b.ideaCount })}</span>
          </p>
          {b.ideas.length === 0 ? <p className="muted">{t('noIdeas')}</p> : (
            <ol className="ideas">
              {b.ideas.map((i) => (
                <li key={i.id} data-idea={i.id} className={i.hidden ? 'hidden-idea' : undefined}>
                  <p>{i.text}</p>
                  <p className="meta">
                    <span className="idea-author">{i.authorName ?? t('authorWithheld')}{i.authorId && ` (${i.authorId})`} · {i.departmentId}</span>
                    {i.votes !== null && <span>{t('voteCount', { n: i.votes })}</span>}
                    {i.hidden && <strong className="warn">{t('ideaHidden', { reason: i.hiddenReason ?? '' })}</strong>}
                  </p>
                  {!i.hidden && <HideIdeaForm brainstormId={b.id} idea={i} onHidden={list.reload} />}
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
    </>
  );
}
