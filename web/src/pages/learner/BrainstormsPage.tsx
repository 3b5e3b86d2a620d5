// Brainstorms (头脑风暴) my department takes part in: submit ideas, vote for other departments' ideas within my budget.
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ErrorBox, Loading } from '../../components/ui';
import type { PageProps } from '../../routes';
import { BrainstormCard } from './BrainstormCard';
import { graphql } from '../../gql';

const BRAINSTORMS = graphql(`query Brainstorms { brainstorms { ...BrainstormFields ideas { ...IdeaFields } } }`);

export function BrainstormsPage({ session }: PageProps) {
  const { t } = useI18n();
  const list = useQuery(BRAINSTORMS);
  const brainstorms = list.data?.brainstorms ?? [];
  return (
    <>
      <h1>{t('brainstormsTitle')}</h1>
      <p>{t('brainstormsIntro')}</p>
      <Loading when={list.loading && !list.data} />
      <ErrorBox error={list.error} />
      {list.data && brainstorms.length === 0 && <p className="muted">{t('noBrainstorms')}</p>}
      {brainstorms.map((b) => <BrainstormCard key={b.id} brainstorm={b} departments={session.departments} onChange={list.reload} />)}
    </>
  );
}
