// Week by week, per department: active learners, learner hours, completions or average gain, as a line chart.
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { LineChartView } from '../../components/Chart';
import { round, type AnalyticsWeek, type DepartmentFigures } from './analytics';

const MEASURES = ['activeLearners', 'learnerHours', 'completions', 'averageGain'] as const;
type Measure = (typeof MEASURES)[number];
const KEYS = { activeLearners: 'trendActiveLearners', learnerHours: 'trendLearnerHours', completions: 'trendCompletions', averageGain: 'trendAverageGain' } as const;

const value = (w: AnalyticsWeek | undefined, m: Measure) =>
  w === undefined ? null : m === 'averageGain' ? round(w.averageGain === null ? null : w.averageGain * 100, 1) : round(w[m], 2);

export function WeeklyTrendPanel({ rows, name }: { rows: DepartmentFigures[]; name: (r: DepartmentFigures) => string }) {
  const { t } = useI18n();
  const [measure, setMeasure] = useState<Measure>('activeLearners');
  const chart = useMemo(() => {
    const weeks = [...new Set(rows.flatMap((r) => r.weeks.map((w) => w.week)))].sort();
    const series = rows.map((r) => ({ name: name(r), values: weeks.map((week) => value(r.weeks.find((w) => w.week === week), measure)) }));
    const label = series.map((s) => `${s.name}: ${s.values.map((v, i) => `${weeks[i]} ${v ?? t('withheldShort')}`).join(', ')}`).join('; ');
    return { weeks, series, label };
  }, [rows, name, measure, t]);
  return (
    <section className="card" aria-labelledby="trend-title">
      <div className="toolbar">
        <h2 id="trend-title">{t('weeklyTrend')}</h2>
        <label className="inline">
          <span>{t('measure')}</span>
          <select id="trend-measure" value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
            {MEASURES.map((m) => <option key={m} value={m}>{t(KEYS[m])}</option>)}
          </select>
        </label>
      </div>
      <LineChartView id="trend-chart" title={t(KEYS[measure])} categories={chart.weeks} series={chart.series} label={chart.label} />
      {measure === 'averageGain' && <p className="muted small">{t('trendGainNote')}</p>}
    </section>
  );
}
