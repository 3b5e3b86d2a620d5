// Packages past their review-by date (fast-changing technology makes content go stale), with the CSV report.
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ReportButton } from '../../components/ReportButton';
import { ErrorBox, Loading } from '../../components/ui';
import { STALE_PACKAGES } from './analytics';

export function StalePackagesPanel() {
  const { t, lang } = useI18n();
  const stale = useQuery(STALE_PACKAGES);
  const rows = stale.data?.stalePackages ?? [];
  return (
    <section className="card" aria-labelledby="stale-title">
      <div className="toolbar">
        <h2 id="stale-title">{t('stalePackages')}</h2>
        <ReportButton id="csv-stale-packages" report="stale-packages" label={t('csvStale')} />
      </div>
      <Loading when={stale.loading && !stale.data} />
      <ErrorBox error={stale.error} />
      {stale.data && rows.length === 0 && <p className="muted">{t('noStalePackages')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table id="stale-table">
            <caption className="visually-hidden">{t('stalePackages')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('package')}</th><th scope="col">{t('version')}</th><th scope="col">{t('owner')}</th>
                <th scope="col">{t('reviewBy')}</th><th scope="col">{t('daysOverdue')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.packageId}@${r.version}`} data-package={r.packageId}>
                  <td>{lang === 'en' ? r.titleEn || r.titleZhCN : r.titleZhCN || r.titleEn} <small className="muted">{r.packageId}</small></td>
                  <td>{r.version}</td><td>{r.owner}</td><td>{r.reviewBy}</td>
                  <td><span className="warn">{t('daysOverdueValue', { n: r.daysOverdue })}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
