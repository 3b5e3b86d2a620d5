// The learners of one department far above their peers on a measure, by the server's outlier rule.
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ErrorBox, Loading } from '../../components/ui';
import type { MessageKey } from '../../i18n/zh-CN';
import type { DepartmentNames } from './analytics';
import { lastDays, SUSPICIOUS_ACTIVITY, type SuspicionMeasure } from './suspicious';

const WINDOWS = [7, 30, 90] as const;

const MEASURES: Record<SuspicionMeasure, MessageKey> = {
  STATEMENTS_PER_ACTIVE_DAY: 'measureStatements',
  XP_PER_ACTIVE_DAY: 'measureXp',
  AVERAGE_GAIN: 'measureGain',
};

export function SuspiciousActivityPanel({ departments, departmentId, onDepartment }: {
  departments: DepartmentNames; departmentId: string; onDepartment: (id: string) => void;
}) {
  const { t, text } = useI18n();
  const [days, setDays] = useState<number>(30);
  const window = useMemo(() => lastDays(days), [days]);
  const report = useQuery(SUSPICIOUS_ACTIVITY, { departmentId, ...window }, !departmentId);
  const data = report.data?.suspiciousActivity;
  return (
    <section className="card" aria-labelledby="suspicious-title">
      <div className="toolbar">
        <h2 id="suspicious-title">{t('suspiciousLearners')}</h2>
        <div className="actions">
          <label className="inline">
            <span>{t('department')}</span>
            <select id="suspicious-department" value={departmentId} onChange={(e) => onDepartment(e.target.value)}>
              {departments.map((d) => <option key={d.id} value={d.id}>{text(d.names) || d.id}</option>)}
            </select>
          </label>
          <label className="inline">
            <span>{t('window')}</span>
            <select id="suspicious-window" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {WINDOWS.map((w) => <option key={w} value={w}>{t('lastDays', { n: w })}</option>)}
            </select>
          </label>
          <button type="button" onClick={report.reload} disabled={report.loading || !departmentId}>{t('refresh')}</button>
        </div>
      </div>
      <p className="muted small">{t('suspiciousRule')}</p>
      {!departmentId && <p className="notice" role="note">{t('noManagedDepartment')}</p>}
      <Loading when={report.loading && !report.data} />
      <ErrorBox error={report.error} />
      {data && data.activeLearners < data.minGroupSize && (
        <p className="notice" role="note" id="suspicious-too-few">{t('suspiciousTooFew', { n: data.activeLearners, k: data.minGroupSize })}</p>
      )}
      {data && data.activeLearners >= data.minGroupSize && data.flagged.length === 0 && (
        <p className="notice" role="note" id="suspicious-none">{t('suspiciousNone', { n: data.activeLearners })}</p>
      )}
      {data && data.flagged.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table id="suspicious-table">
            <caption className="visually-hidden">{t('suspiciousLearners')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('learner')}</th><th scope="col">{t('measure')}</th><th scope="col">{t('value')}</th>
                <th scope="col">{t('peerMedian')}</th><th scope="col">{t('outlierScore')}</th><th scope="col">{t('ledger')}</th>
              </tr>
            </thead>
            <tbody>
              {data.flagged.map((r) => (
                <tr key={`${r.learnerId}/${r.measure}`}>
                  <td>{r.displayName || r.learnerId} <span className="muted small">{r.learnerId}</span></td>
                  <td>{t(MEASURES[r.measure])}</td>
                  <td>{r.value.toFixed(2)}</td>
                  <td>{r.peerMedian.toFixed(2)} <span className="muted small">({t('peersOf', { n: r.peers })})</span></td>
                  <td>{r.score.toFixed(1)}</td>
                  <td><a className="ledger-link" href={r.ledgerPath}>{t('openLedger')}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
