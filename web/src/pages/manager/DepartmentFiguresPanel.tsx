// Participation and learning gain per department: a bar chart and the full table. Groups under the minimum size are
// merged into one row or have their averages withheld; the page says so instead of showing zeros.
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { BarChartView } from '../../components/Chart';
import { percent } from '../../components/ui';
import { round, type DepartmentFigures } from './analytics';

export function DepartmentFiguresPanel({ rows, name }: { rows: DepartmentFigures[]; name: (r: DepartmentFigures) => string }) {
  const { t } = useI18n();
  const chart = useMemo(() => {
    const categories = rows.map(name);
    const participation = rows.map((r) => round(r.participationRate === null ? null : r.participationRate * 100, 1));
    const gain = rows.map((r) => round(r.averageGain === null ? null : r.averageGain * 100, 1));
    const show = (v: number | null) => (v === null ? t('withheldShort') : `${v}%`);
    return {
      categories,
      series: [{ name: t('participationRate'), values: participation }, { name: t('averageGain'), values: gain }],
      label: categories.map((c, i) => `${c}: ${t('participationRate')} ${show(participation[i])}, ${t('averageGain')} ${show(gain[i])}`).join('; '),
    };
  }, [rows, name, t]);
  const merged = rows.filter((r) => r.grouped);
  const withheld = rows.filter((r) => !r.grouped && r.withheld);
  const cell = (r: DepartmentFigures, v: number | null, format: (v: number) => string) =>
    v === null ? <span className="withheld">{r.grouped || r.withheld ? t('withheldShort') : '—'}</span> : format(v);

  return (
    <section className="card" aria-labelledby="department-figures-title">
      <h2 id="department-figures-title">{t('participationAndGain')}</h2>
      <BarChartView id="department-chart" title={t('participationAndGainPercent')} categories={chart.categories} series={chart.series} label={chart.label} />
      {(merged.length > 0 || withheld.length > 0) && (
        <p className="notice" role="note" id="withheld-note">
          {t('withheldNotice')}
          {merged.length > 0 && ` ${t('mergedDepartments', { n: merged.reduce((n, r) => n + r.members, 0) })}`}
          {withheld.length > 0 && ` ${t('withheldDepartments', { names: withheld.map(name).join('、') })}`}
        </p>
      )}
      <div className="table-wrap" tabIndex={0}>
        <table id="department-table">
          <caption>{t('departmentFigures')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('department')}</th><th scope="col">{t('members')}</th><th scope="col">{t('activeLearners')}</th>
              <th scope="col">{t('participationRate')}</th><th scope="col">{t('startedCount')}</th><th scope="col">{t('onTimeRate')}</th>
              <th scope="col">{t('averageGain')}</th><th scope="col">{t('xpPerActive')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.departmentId ?? 'grouped'} data-department={r.departmentId ?? 'grouped'} className={r.grouped ? 'grouped' : undefined}>
                <th scope="row">{name(r)}</th>
                <td>{r.members}</td>
                <td>{r.activeLearners}</td>
                <td>{cell(r, r.participationRate, (v) => percent(v))}</td>
                <td>{cell(r, r.started, (v) => String(v))}</td>
                <td>{cell(r, r.onTimeCompletionRate, (v) => percent(v))}</td>
                <td>{cell(r, r.averageGain, (v) => percent(v))}</td>
                <td>{cell(r, r.xpPerActiveLearner, (v) => v.toFixed(1))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
