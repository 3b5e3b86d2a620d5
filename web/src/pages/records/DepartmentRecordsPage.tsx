// A department's training year for its managers: set the annual requirement, see who is short, export everyone as CSV.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useAction, useQuery } from '../../lib/hooks';
import { mutate } from '../../lib/graphql';
import { ErrorBox, Field, Loading } from '../../components/ui';
import { ReportButton } from '../../components/ReportButton';
import type { PageProps } from '../../routes';
import { DEPARTMENTS } from '../learner/queries';
import type { TrainingCategory } from '../../gql/graphql';
import type { MessageKey } from '../../i18n/zh-CN';
import { HoursTable } from './HoursTable';
import { CATEGORIES, recentYears, SET_REQUIREMENT, SHORTFALL } from './records';

export function DepartmentRecordsPage({ session }: PageProps) {
  const { t, text } = useI18n();
  const all = useQuery(DEPARTMENTS);
  const managesAll = session.roles.includes('admin') || session.departments.includes('*');
  const departments = (all.data?.departments ?? []).filter((d) => managesAll || session.departments.includes(d.id));
  const [chosen, setChosen] = useState('');
  const departmentId = chosen || departments[0]?.id || '';
  const [year, setYear] = useState(recentYears()[0]);
  const shortfall = useQuery(SHORTFALL, { departmentId, year, onlyShort: true }, !departmentId);
  const [hours, setHours] = useState<Record<string, string>>({});
  const save = useAction(async () => {
    await mutate(SET_REQUIREMENT, { input: { departmentId, year, hours: CATEGORIES.filter((c) => Number(hours[c]) > 0)
      .map((c) => ({ category: c as TrainingCategory, hours: Number(hours[c]) })) } });
    shortfall.reload();
  });
  const requirement = shortfall.data?.trainingRequirement;
  const rows = shortfall.data?.trainingShortfall ?? [];
  return (
    <>
      <h1>{t('recordsTitle')}</h1>
      <div className="toolbar">
        <label>{t('department')}{' '}
          <select id="records-department" value={departmentId} onChange={(e) => setChosen(e.target.value)}>
            {departments.map((d) => <option key={d.id} value={d.id}>{text(d.names)}</option>)}
          </select>
        </label>
        <label>{t('recordYear')}{' '}
          <select id="records-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {recentYears().map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </label>
        {departmentId && <ReportButton id="csv-training-records" report="training-records" params={{ departmentId, year: String(year) }} label={t('recordsCsv')} />}
      </div>
      <ErrorBox error={all.error} />
      <section className="card" aria-labelledby="requirement-title">
        <h2 id="requirement-title">{t('requirementTitle')}</h2>
        <p className="muted" id="requirement-now">
          {requirement
            ? t('requirementNow', { department: requirement.departmentId, hours: requirement.hours.map((h) => `${t(`category${h.category}` as MessageKey)} ${h.hours}`).join(' · ') })
            : t('recordNoRequirement')}
        </p>
        <form className="grid" onSubmit={(e) => { e.preventDefault(); void save.call(); }}>
          {CATEGORIES.map((c) => (
            <Field key={c} label={t(`category${c}` as MessageKey)}>
              <input id={`requirement-${c}`} type="number" min="0" max="2000" step="0.5" value={hours[c] ?? ''}
                onChange={(e) => setHours({ ...hours, [c]: e.target.value })} />
            </Field>
          ))}
          <div className="actions"><button type="submit" className="primary" id="save-requirement" disabled={save.busy || !departmentId}>{t('requirementSave')}</button></div>
        </form>
        <ErrorBox error={save.error} />
      </section>
      <section className="card" aria-labelledby="shortfall-title">
        <h2 id="shortfall-title">{t('shortfallTitle')}</h2>
        <Loading when={shortfall.loading && !shortfall.data} />
        <ErrorBox error={shortfall.error} />
        {shortfall.data && rows.length === 0 && <p className="muted">{t('shortfallNone')}</p>}
        <ul id="shortfall-list">
          {rows.map((r) => (
            <li key={r.learnerId}>
              <details>
                <summary>{r.displayName} · {t('recordHoursTitle', { total: r.record.totalHours, required: r.record.totalRequired })}</summary>
                <HoursTable hours={r.record.hours} />
              </details>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
