// A new training plan: titles, goals, departments, packages, a deadline and (optionally) one workshop.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { ErrorBox, Field } from '../../components/ui';
import type { Session } from '../../lib/session';
import { graphql } from '../../gql';
import type { CreateTrainingPlanInput } from '../../gql/graphql';
import { iso } from './localTime';
import { emptySession, SessionFields, toSessionInput } from './SessionFields';

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

export function CreatePlanForm({ session, onCreated }: { session: Session; onCreated: (id: string) => void }) {
  const { t, text } = useI18n();
  const choices = useQuery(graphql(`query CreatePlanDepartments { departments { id names { zhCN en } } packages { id title { zhCN en } } }`));
  const managesAll = session.roles.includes('admin') || session.departments.includes('*');
  const departments = (choices.data?.departments ?? []).filter((d) => managesAll || session.departments.includes(d.id));
  const [f, setF] = useState({
    id: '', titleZh: '', titleEn: '', goalsZh: '', goalsEn: '', deadline: '', required: true, workshop: true,
  });
  const [workshop, setWorkshop] = useState(emptySession(session.subject));
  const [departmentIds, setDepartmentIds] = useState<string[]>(session.departments.filter((d) => d !== '*'));
  const [packageIds, setPackageIds] = useState<string[]>([]);
  const set = (key: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [key]: e.target.value });
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

  const create = useAction(async () => {
    const zh = lines(f.goalsZh);
    const en = lines(f.goalsEn);
    const input: CreateTrainingPlanInput = {
      id: f.id.trim(), titles: { zhCN: f.titleZh, en: f.titleEn || f.titleZh },
      goals: zh.map((g, i) => ({ zhCN: g, en: en[i] ?? g })),
      departmentIds, packageIds, deadline: iso(f.deadline), required: f.required,
      sessions: f.workshop ? [toSessionInput('workshop-1', workshop)] : [],
    };
    const result = await mutate(
      graphql(`mutation CreateTrainingPlan($input: CreateTrainingPlanInput!) { createTrainingPlan(input: $input) { trainingPlan { id } userErrors { code message field } } }`), { input });
    onCreated(result.createTrainingPlan.trainingPlan!.id);
  });
  const submit = (e: FormEvent) => { e.preventDefault(); void create.call(); };

  return (
    <form className="card" id="create-plan" onSubmit={submit} aria-labelledby="create-plan-title">
      <h2 id="create-plan-title">{t('newPlan')}</h2>
      <div className="grid">
        <Field label={t('planId')}><input id="plan-id" required maxLength={100} value={f.id} onChange={set('id')} /></Field>
        <Field label={t('titleZh')}><input id="plan-title-zh" required maxLength={200} value={f.titleZh} onChange={set('titleZh')} /></Field>
        <Field label={t('titleEn')}><input id="plan-title-en" maxLength={200} value={f.titleEn} onChange={set('titleEn')} /></Field>
        <Field label={t('deadline')}><input id="plan-deadline" type="datetime-local" required value={f.deadline} onChange={set('deadline')} /></Field>
        <Field label={t('goalsZh')} wide><textarea id="plan-goals-zh" rows={2} required value={f.goalsZh} onChange={set('goalsZh')} /></Field>
        <Field label={t('goalsEn')} wide><textarea id="plan-goals-en" rows={2} value={f.goalsEn} onChange={set('goalsEn')} /></Field>
      </div>
      <label className="option"><input type="checkbox" checked={f.required} onChange={(e) => setF({ ...f, required: e.target.checked })} /> {t('planRequired')}</label>
      <fieldset className="plan-choices" id="plan-departments">
        <legend>{t('planDepartments')}</legend>
        {departments.map((d) => (
          <label key={d.id} className="option">
            <input type="checkbox" value={d.id} checked={departmentIds.includes(d.id)} onChange={(e) => setDepartmentIds(toggle(departmentIds, d.id, e.target.checked))} />
            {text(d.names) || d.id}
          </label>
        ))}
      </fieldset>
      <fieldset className="plan-choices" id="plan-packages">
        <legend>{t('planPackages')}</legend>
        {(choices.data?.packages ?? []).map((p) => (
          <label key={p.id} className="option">
            <input type="checkbox" value={p.id} checked={packageIds.includes(p.id)} onChange={(e) => setPackageIds(toggle(packageIds, p.id, e.target.checked))} />
            {text(p.title)} <small className="muted">{p.id}</small>
          </label>
        ))}
      </fieldset>
      <fieldset className="plan-choices">
        <legend>
          <label className="option"><input type="checkbox" id="plan-workshop" checked={f.workshop} onChange={(e) => setF({ ...f, workshop: e.target.checked })} /> {t('addWorkshop')}</label>
        </legend>
        {f.workshop && <SessionFields value={workshop} onChange={setWorkshop} idPrefix="ws" />}
      </fieldset>
      <ErrorBox error={create.error ?? choices.error} />
      <button type="submit" className="primary" id="create-plan-submit" disabled={create.busy}>{t('createPlan')}</button>
    </form>
  );
}
