import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { href } from '../../lib/router';
import { ErrorBox, formatDate, Loading } from '../../components/ui';
import { graphql } from '../../gql';

export function SchemesPage() {
  const { t, text, lang } = useI18n();
  const schemes = useQuery(
    graphql(`query RewardSchemes { rewardSchemes { id latest { version status effectiveFrom definition { names { zhCN en } departmentIds } } active { version effectiveFrom } } }`));
  return (
    <>
      <h1>{t('schemesTitle')}</h1>
      <p className="actions"><a className="button primary" id="new-scheme" href={href('manager', 'scheme')}>{t('newScheme')}</a></p>
      <Loading when={schemes.loading} />
      <ErrorBox error={schemes.error} />
      {schemes.data?.rewardSchemes.length === 0 && <p className="muted">{t('noSchemes')}</p>}
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead><tr><th scope="col">{t('schemeId')}</th><th scope="col">{t('name')}</th><th scope="col">{t('department')}</th><th scope="col">{t('version')}</th><th scope="col">{t('status')}</th><th scope="col">{t('effectiveFrom')}</th></tr></thead>
          <tbody>
            {schemes.data?.rewardSchemes.map((s) => (
              <tr key={s.id}>
                <td><a href={href('manager', 'scheme', s.id)}>{s.id}</a></td>
                <td>{text(s.latest.definition.names)}</td>
                <td>{s.latest.definition.departmentIds.join(', ') || '*'}</td>
                <td>{s.latest.version}</td>
                <td>{t(`status${s.latest.status}` as const)}</td>
                <td>{formatDate(s.latest.effectiveFrom ?? s.active?.effectiveFrom, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
