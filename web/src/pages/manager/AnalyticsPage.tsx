// Did the training work? Participation and learning gain per department, the weekly trend, packages by gain per hour,
// stale content; every figure downloadable as the server's CSV reports.
import { useCallback, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ReportButton } from '../../components/ReportButton';
import { ErrorBox, Loading } from '../../components/ui';
import { DEPARTMENT_ANALYTICS, weeksBack, type DepartmentFigures } from './analytics';
import { DepartmentFiguresPanel } from './DepartmentFiguresPanel';
import { WeeklyTrendPanel } from './WeeklyTrendPanel';
import { GainRankingPanel } from './GainRankingPanel';
import { StalePackagesPanel } from './StalePackagesPanel';

const WINDOWS = [4, 12, 26] as const;

export function AnalyticsPage() {
  const { t, text } = useI18n();
  const [weeks, setWeeks] = useState<number>(12);
  const from = useMemo(() => weeksBack(weeks), [weeks]);
  const report = useQuery(DEPARTMENT_ANALYTICS, { from });
  const rows = useMemo(() => report.data?.departmentAnalytics ?? [], [report.data]);
  const names = useMemo(() => new Map((report.data?.departments ?? []).map((d) => [d.id, d.names])), [report.data]);
  const name = useCallback((r: DepartmentFigures) =>
    r.grouped || r.departmentId === null ? t('mergedGroup') : text(names.get(r.departmentId)) || r.departmentId, [names, t, text]);
  const mine = useMemo(() => (report.data?.departments ?? []).filter((d) => rows.some((r) => r.departmentId === d.id)), [report.data, rows]);

  return (
    <>
      <h1>{t('analyticsTitle')}</h1>
      <p>{t('analyticsIntro')}</p>
      <div className="toolbar">
        <label className="inline">
          <span>{t('window')}</span>
          <select id="analytics-window" value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
            {WINDOWS.map((w) => <option key={w} value={w}>{t('lastWeeks', { n: w })}</option>)}
          </select>
        </label>
        <div className="actions">
          <button type="button" onClick={report.reload} disabled={report.loading}>{t('refresh')}</button>
          <ReportButton id="csv-department-analytics" report="department-analytics" params={{ from }} label={t('csvDepartments')} />
          <ReportButton id="csv-department-weeks" report="department-weeks" params={{ from }} label={t('csvWeeks')} />
        </div>
      </div>
      <Loading when={report.loading && !report.data} />
      <ErrorBox error={report.error} />
      {report.data && rows.length === 0 && <p className="muted">{t('noAnalytics')}</p>}
      {rows.length > 0 && (
        <>
          <DepartmentFiguresPanel rows={rows} name={name} />
          <WeeklyTrendPanel rows={rows} name={name} />
        </>
      )}
      <GainRankingPanel departments={mine} />
      <StalePackagesPanel />
    </>
  );
}
