// Package versions ranked by normalised learning gain per hour of learner time: where limited training time works best.
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { BarChartView } from '../../components/Chart';
import { ReportButton } from '../../components/ReportButton';
import { ErrorBox, Loading, percent } from '../../components/ui';
import { GAIN_RANKING, round, type DepartmentNames } from './analytics';

export function GainRankingPanel({ departments }: { departments: DepartmentNames }) {
  const { t, text } = useI18n();
  const [departmentId, setDepartmentId] = useState('');
  const ranking = useQuery(GAIN_RANKING, { departmentId: departmentId || null });
  const rows = useMemo(() => ranking.data?.packageGainRanking ?? [], [ranking.data]);
  const chart = useMemo(() => ({
    categories: rows.map((r) => `${r.packageId} ${r.version}`),
    series: [{ name: t('gainPerHour'), values: rows.map((r) => round(r.gainPerHour, 3)) }],
    label: rows.map((r) => `${r.rank}. ${r.packageId} ${r.version}: ${t('gainPerHour')} ${round(r.gainPerHour, 3)}`).join('; '),
  }), [rows, t]);
  return (
    <section className="card" aria-labelledby="ranking-title">
      <div className="toolbar">
        <h2 id="ranking-title">{t('gainRanking')}</h2>
        <div className="actions">
          <label className="inline">
            <span>{t('department')}</span>
            <select id="ranking-department" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
              <option value="">{t('allMyDepartments')}</option>
              {departments.map((d) => <option key={d.id} value={d.id}>{text(d.names) || d.id}</option>)}
            </select>
          </label>
          <ReportButton id="csv-package-ranking" report="package-ranking" params={{ departmentId }} label={t('csvRanking')} />
        </div>
      </div>
      <p className="muted small">{t('gainRankingIntro')}</p>
      <Loading when={ranking.loading && !ranking.data} />
      <ErrorBox error={ranking.error} />
      {ranking.data && rows.length === 0 && <p className="notice" role="note">{t('rankingEmpty')}</p>}
      {rows.length > 0 && (
        <>
          <BarChartView id="ranking-chart" title={t('gainPerHour')} categories={chart.categories} series={chart.series} label={chart.label} />
          <div className="table-wrap" tabIndex={0}>
            <table id="ranking-table">
              <caption className="visually-hidden">{t('gainRanking')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('rank')}</th><th scope="col">{t('package')}</th><th scope="col">{t('version')}</th>
                  <th scope="col">{t('learners')}</th><th scope="col">{t('learnerHours')}</th>
                  <th scope="col">{t('averageGain')}</th><th scope="col">{t('gainPerHour')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.packageId}@${r.version}`}>
                    <td>{r.rank}</td><td>{r.packageId}</td><td>{r.version}</td><td>{r.learners}</td>
                    <td>{r.learnerHours.toFixed(2)}</td><td>{percent(r.averageGain)}</td><td>{r.gainPerHour.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
