import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { href } from '../../lib/router';
import { ErrorBox, Loading } from '../../components/ui';
import { graphql } from '../../gql';

export function CatalogPage() {
  const { t, text } = useI18n();
  const catalog = useQuery(
    graphql(`query Packages { packages { id version kind title { zhCN en } summary { zhCN en } estimatedMinutes isStale tags } }`));
  return (
    <>
      <h1>{t('catalogTitle')}</h1>
      <Loading when={catalog.loading} />
      <ErrorBox error={catalog.error} />
      {catalog.data?.packages.length === 0 && <p className="muted">{t('noPackages')}</p>}
      <ul className="cards">
        {catalog.data?.packages.map((p) => (
          <li key={p.id} className="card">
            <h2>{text(p.title)}</h2>
            <p>{text(p.summary)}</p>
            <p className="meta">
              <span>{t('minutes', { n: p.estimatedMinutes })}</span>
              <span>v{p.version}</span>
              {p.tags.map((tag) => <span key={tag} className="tag">{tag}</span>)}
              {p.isStale && <span className="warn">{t('stale')}</span>}
            </p>
            <a className="button primary" href={href('learner', p.kind === 'CMI5' ? 'course' : 'package', p.id)} aria-label={`${t('take')}: ${text(p.title)}`}>{t('take')}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
