// The dry run: the scheme's newest version replayed over past activity, charted against the schemes in force.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { downloadCsv } from '../../lib/csv';
import { BarChartView } from '../../components/Chart';
import { ErrorBox, Field } from '../../components/ui';
import type { LocalizedText } from '../learner/queries';
import { toInstant } from './schemeForm';
import { graphql } from '../../gql';

interface DryRun {
  statements: number;
  learners: number;
  levels: { level: number; name: LocalizedText; current: number; projected: number }[];
  departments: { departmentId: string; currentXp: number; projectedXp: number }[];
  largestChanges: { learnerId: string; departmentId: string; currentXp: number; projectedXp: number; change: number }[];
}

/** A datetime-local value offset days from now, rounded up to the next minute (the input has no seconds). */
const day = (offset: number) => {
  const d = new Date(Math.ceil((Date.now() + offset * 86400000) / 60000) * 60000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

export function DryRunPanel({ schemeId }: { schemeId: string }) {
  const { t, text } = useI18n();
  const [from, setFrom] = useState(() => day(-30));
  const [to, setTo] = useState(() => day(0));
  const [result, setResult] = useState<DryRun | null>(null);
  const run = useAction(async () => {
    const data = await mutate(
      graphql(`mutation DryRunRewardScheme($id: ID!, $from: DateTimeOffset!, $to: DateTimeOffset!) { dryRunRewardScheme(id: $id, from: $from, to: $to) { dryRunResult {
        statements learners levels { level name { zhCN en } current projected }
        departments { departmentId currentXp projectedXp }
        largestChanges { learnerId departmentId currentXp projectedXp change } } userErrors { code message field } } }`),
      { id: schemeId, from: toInstant(from) ?? '', to: toInstant(to) ?? '' });
    setResult(data.dryRunRewardScheme.dryRunResult);
  });
  const levels = result?.levels ?? [];
  const levelLabels = levels.map((l) => `${l.level} ${text(l.name)}`);
  return (
    <section className="card" id="dry-run">
      <h2>{t('dryRunTitle')}</h2>
      <p>{t('dryRunIntro')}</p>
      <div className="grid">
        <Field label={t('from')}><input type="datetime-local" id="dry-run-from" value={from} onChange={(e) => setFrom(e.target.value)} /></Field>
        <Field label={t('to')}><input type="datetime-local" id="dry-run-to" value={to} onChange={(e) => setTo(e.target.value)} /></Field>
      </div>
      <ErrorBox error={run.error} />
      <button type="button" className="primary" id="run-dry-run" onClick={() => void run.call()} disabled={run.busy}>{t('runDryRun')}</button>
      {result && (
        <div id="dry-run-result">
          <p className="meta"><span>{t('statements')}: {result.statements}</span><span>{t('learners')}: {result.learners}</span></p>
          <BarChartView title={t('levelDistribution')} categories={levelLabels}
            series={[{ name: t('currentScheme'), values: levels.map((l) => l.current) }, { name: t('projectedScheme'), values: levels.map((l) => l.projected) }]}
            label={`${t('levelDistribution')}: ${levels.map((l, i) => `${levelLabels[i]} ${l.current} → ${l.projected}`).join('; ')}`} />
          <BarChartView title={t('departmentXp')} categories={result.departments.map((d) => d.departmentId)}
            series={[{ name: t('currentScheme'), values: result.departments.map((d) => d.currentXp) }, { name: t('projectedScheme'), values: result.departments.map((d) => d.projectedXp) }]}
            label={`${t('departmentXp')}: ${result.departments.map((d) => `${d.departmentId} ${d.currentXp} → ${d.projectedXp}`).join('; ')}`} />
          <h3>{t('largestChanges')}</h3>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead><tr><th scope="col">ID</th><th scope="col">{t('department')}</th><th scope="col">{t('currentScheme')}</th><th scope="col">{t('projectedScheme')}</th><th scope="col">{t('change')}</th></tr></thead>
              <tbody>
                {result.largestChanges.map((c) => (
                  <tr key={c.learnerId}><td>{c.learnerId}</td><td>{c.departmentId}</td><td>{c.currentXp}</td><td>{c.projectedXp}</td><td>{c.change > 0 ? `+${c.change}` : c.change}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="button" onClick={() => downloadCsv(`dry-run-${schemeId}.csv`, ['learnerId', 'departmentId', 'currentXp', 'projectedXp', 'change'],
            result.largestChanges.map((c) => [c.learnerId, c.departmentId, c.currentXp, c.projectedXp, c.change]))}>{t('exportCsv')}</button>
        </div>
      )}
    </section>
  );
}
