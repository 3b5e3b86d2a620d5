// One package's effectiveness, version by version: starts, completions, median time, pre/post averages, gain, and
// the questions most often missed. Small groups keep their counts; their averages are withheld and the panel says so.
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { BarChartView } from '../../components/Chart';
import { ReportButton } from '../../components/ReportButton';
import { ErrorBox, Loading, percent } from '../../components/ui';
import { graphql } from '../../gql';

interface VersionFigures {
  version: string;
  starts: number;
  completions: number;
  completionRate: number | null;
  medianMinutes: number | null;
  averagePreScore: number | null;
  averagePostScore: number | null;
  averageGain: number | null;
  averageRating: number | null;
  ratings: number;
  withheld: boolean;
  mostMissed: { test: string; questionId: string; missed: number; answers: number; missRate: number }[];
}

const PACKAGE_ANALYTICS = graphql(`query PackageAnalytics($id: ID!) { packageAnalytics(packageId: $id) {
  version starts completions completionRate medianMinutes averagePreScore averagePostScore averageGain averageRating ratings withheld
  mostMissed { test questionId missed answers missRate }
} }`);

export function PackageAnalyticsPanel({ packageId }: { packageId: string }) {
  const { t } = useI18n();
  const report = useQuery(PACKAGE_ANALYTICS, { id: packageId });
  const versions = useMemo(() => report.data?.packageAnalytics ?? [], [report.data]);
  const chart = useMemo(() => ({
    categories: versions.map((v) => v.version),
    series: [
      { name: t('preScore'), values: versions.map((v) => v.averagePreScore) },
      { name: t('postScore'), values: versions.map((v) => v.averagePostScore) },
    ],
    label: versions.map((v) => `${v.version}: ${t('preScore')} ${v.averagePreScore ?? t('withheldShort')}, ${t('postScore')} ${v.averagePostScore ?? t('withheldShort')}`).join('; '),
  }), [versions, t]);
  const held = (v: VersionFigures, value: number | null, format: (n: number) => string) =>
    value === null ? <span className="withheld">{v.withheld ? t('withheldShort') : '—'}</span> : format(value);
  const score = (n: number) => n.toFixed(1);

  return (
    <div className="package-analytics" data-analytics={packageId}>
      <div className="toolbar">
        <h3>{t('effectivenessByVersion')}</h3>
        <ReportButton report="package-analytics" params={{ packageId }} label={t('exportCsv')} />
      </div>
      <Loading when={report.loading && !report.data} />
      <ErrorBox error={report.error} />
      {report.data && versions.length === 0 && <p className="muted">{t('noAnalyticsYet')}</p>}
      {versions.some((v) => v.withheld) && <p className="notice" role="note">{t('withheldNotice')} {t('versionWithheld')}</p>}
      {versions.length > 0 && (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <caption className="visually-hidden">{t('effectivenessByVersion')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('version')}</th><th scope="col">{t('startedCount')}</th><th scope="col">{t('completedCount')}</th>
                  <th scope="col">{t('completionRate')}</th><th scope="col">{t('medianMinutes')}</th><th scope="col">{t('preScore')}</th>
                  <th scope="col">{t('postScore')}</th><th scope="col">{t('averageGain')}</th><th scope="col">{t('averageRating')}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.version} data-version={v.version}>
                    <th scope="row">{v.version}</th>
                    <td>{v.starts}</td>
                    <td>{v.completions}</td>
                    <td>{percent(v.completionRate)}</td>
                    <td>{held(v, v.medianMinutes, (n) => n.toFixed(1))}</td>
                    <td>{held(v, v.averagePreScore, score)}</td>
                    <td>{held(v, v.averagePostScore, score)}</td>
                    <td className="gain">{held(v, v.averageGain, (n) => percent(n))}</td>
                    <td>{held(v, v.averageRating, (n) => `${n.toFixed(1)} (${v.ratings})`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {versions.some((v) => v.averagePreScore !== null || v.averagePostScore !== null) && (
            <BarChartView title={t('prePostByVersion')} categories={chart.categories} series={chart.series} label={chart.label} />
          )}
          {versions.filter((v) => v.mostMissed.length > 0).map((v) => (
            <div key={v.version} className="missed">
              <h4>{t('mostMissed', { version: v.version })}</h4>
              <ol>
                {v.mostMissed.map((m) => (
                  <li key={`${m.test}-${m.questionId}`}>
                    <code>{m.questionId}</code> {m.test === 'pre' ? t('stepPreTest') : t('stepPostTest')} — {t('missRate', { rate: percent(m.missRate), missed: m.missed, answers: m.answers })}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </>
      )}
    </div>
  );
}
