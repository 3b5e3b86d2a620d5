// Departments side by side: participation, XP per active learner and learning gain, charted and exportable.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { downloadCsv } from '../../lib/csv';
import { BarChartView } from '../../components/Chart';
import { ErrorBox, Loading } from '../../components/ui';
import type { LocalizedText } from '../learner/queries';
import { graphql } from '../../gql';

const MEASURES = ['PARTICIPATION_RATE', 'XP_PER_ACTIVE_LEARNER', 'AVERAGE_LEARNING_GAIN', 'TOTAL_XP'] as const;
type Measure = (typeof MEASURES)[number];

interface Row { rank: number; departmentId: string | null; names: LocalizedText; value: number; activeLearners: number; members: number; grouped: boolean }

export function DepartmentsPage() {
  const { t, text } = useI18n();
  const [measure, setMeasure] = useState<Measure>('PARTICIPATION_RATE');
  // Rolled up, each top-level bureau is one row over its whole subtree (the server sums; heads count once).
  const [rollUp, setRollUp] = useState(false);
  const board = useQuery(
    graphql(`query DepartmentRanking($m: DepartmentMeasure, $rollUp: Boolean) { departmentLeaderboard(measure: $m, window: ALL_TIME, rollUp: $rollUp) { rank departmentId names { zhCN en } value activeLearners members grouped } }`),
    { m: measure, rollUp });
  const rows = board.data?.departmentLeaderboard ?? [];
  const name = (r: Row) => (r.grouped ? t('otherDepartments') : text(r.names));
  return (
    <>
      <h1>{t('departmentsTitle')}</h1>
      <p>{t('departmentsIntro')}</p>
      <div className="toolbar">
        <label className="inline">
          <span>{t('measure')}</span>
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
            {MEASURES.map((m) => <option key={m} value={m}>{t(`measure${m}` as const)}</option>)}
          </select>
        </label>
        <label className="option">
          <input type="checkbox" checked={rollUp} onChange={(e) => setRollUp(e.target.checked)} />
          {' '}{t('departmentsRollUp')}
        </label>
        <button type="button" onClick={() => downloadCsv(`${rollUp ? 'bureaus' : 'departments'}-${measure.toLowerCase()}.csv`,
          ['rank', 'departmentId', 'name', measure.toLowerCase(), 'activeLearners', 'members'],
          rows.map((r) => [r.rank, r.departmentId ?? '', name(r), r.value, r.activeLearners, r.members]))}>{t('exportCsv')}</button>
      </div>
      <Loading when={board.loading && !board.data} />
      <ErrorBox error={board.error} />
      {rows.length > 0 && (
        <BarChartView title={t(`measure${measure}` as const)} categories={rows.map(name)}
          series={[{ name: t(`measure${measure}` as const), values: rows.map((r) => Math.round(r.value * 1000) / 1000) }]}
          label={rows.map((r) => `${name(r)} ${r.value}`).join('; ')} />
      )}
    </>
  );
}
