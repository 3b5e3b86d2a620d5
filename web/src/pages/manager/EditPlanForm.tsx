// Editing a plan: titles, deadline, required. The change is previewed first (dryRun): bringing the deadline forward lists the
// learners who would be overdue at the new date, and only "confirm" stores it. Archive and cancel take a reason.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox, Field } from '../../components/ui';
import { type TrainingPlan } from '../learner/plans';
import { graphql } from '../../gql';
import type { PlanStatus, UpdateTrainingPlanInput } from '../../gql/graphql';
import { iso, toLocalInput } from './localTime';

const UPDATE = graphql(`mutation UpdateTrainingPlan($input: UpdateTrainingPlanInput!) { updateTrainingPlan(input: $input) {
  trainingPlanUpdate { stored previousDeadline trainingPlan { id deadline } overdueAtNewDeadline { learnerId departmentId completedPackages totalPackages } }
  userErrors { code message field } } }`);

export function EditPlanForm({ plan, onDone }: { plan: TrainingPlan; onDone: () => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({ titleZh: plan.titles.zhCN, titleEn: plan.titles.en, deadline: toLocalInput(plan.deadline), required: plan.required });
  const [preview, setPreview] = useState<{ learnerId: string; departmentId: string }[] | null>(null);
  const input = (dryRun: boolean): UpdateTrainingPlanInput => ({
    id: plan.id, titles: { zhCN: f.titleZh, en: f.titleEn || f.titleZh }, deadline: iso(f.deadline), required: f.required, dryRun,
  });
  const check = useAction(async () => {
    const result = await mutate(UPDATE, { input: input(true) });
    setPreview(result.updateTrainingPlan.trainingPlanUpdate!.overdueAtNewDeadline);
  });
  const store = useAction(async () => {
    await mutate(UPDATE, { input: input(false) });
    onDone();
  });
  const edit = (key: keyof typeof f) => (e: { target: { value: string } }) => { setPreview(null); setF({ ...f, [key]: e.target.value }); };
  const submit = (e: FormEvent) => { e.preventDefault(); void (preview ? store.call() : check.call()); };
  const idp = `edit-${plan.id}`;
  return (
    <form className="card edit-plan" id={idp} onSubmit={submit} aria-label={t('editPlan')}>
      <div className="grid">
        <Field label={t('titleZh')}><input id={`${idp}-title-zh`} required maxLength={200} value={f.titleZh} onChange={edit('titleZh')} /></Field>
        <Field label={t('titleEn')}><input id={`${idp}-title-en`} maxLength={200} value={f.titleEn} onChange={edit('titleEn')} /></Field>
        <Field label={t('deadline')}><input id={`${idp}-deadline`} type="datetime-local" required value={f.deadline} onChange={edit('deadline')} /></Field>
      </div>
      <label className="option">
        <input type="checkbox" checked={f.required} onChange={(e) => { setPreview(null); setF({ ...f, required: e.target.checked }); }} /> {t('planRequired')}
      </label>
      {preview && (
        <div className="overdue-preview" role="status">
          {preview.length === 0 ? <p className="ok">{t('noneMadeOverdue')}</p> : (
            <>
              <p className="overdue">{t('madeOverdue', { n: preview.length })}</p>
              <ul>{preview.map((r) => <li key={r.learnerId}>{r.learnerId} <small className="muted">{r.departmentId}</small></li>)}</ul>
            </>
          )}
        </div>
      )}
      <ErrorBox error={check.error ?? store.error} />
      <button type="submit" className="primary" id={`${idp}-submit`} disabled={check.busy || store.busy}>{preview ? t('confirmChange') : t('previewChange')}</button>
    </form>
  );
}

export function EndPlanForm({ plan, onDone }: { plan: TrainingPlan; onDone: () => void }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<PlanStatus>('ARCHIVED');
  const [reason, setReason] = useState('');
  const end = useAction(async () => {
    await mutate(graphql(`mutation ArchiveTrainingPlan($input: ArchiveTrainingPlanInput!) { archiveTrainingPlan(input: $input) { trainingPlan { id status } userErrors { code message field } } }`),
      { input: { id: plan.id, status, reason } });
    onDone();
  });
  const idp = `end-${plan.id}`;
  return (
    <form className="card end-plan" id={idp} onSubmit={(e) => { e.preventDefault(); void end.call(); }} aria-label={t('endPlan')}>
      <label className="option"><input type="radio" name={`${idp}-status`} checked={status === 'ARCHIVED'} onChange={() => setStatus('ARCHIVED')} /> {t('archivePlan')}</label>
      <label className="option"><input type="radio" name={`${idp}-status`} checked={status === 'CANCELLED'} onChange={() => setStatus('CANCELLED')} /> {t('cancelPlan')}</label>
      <Field label={t('reason')} wide><input id={`${idp}-reason`} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} /></Field>
      <ErrorBox error={end.error} />
      <button type="submit" className="danger" id={`${idp}-submit`} disabled={end.busy}>{status === 'CANCELLED' ? t('cancelPlan') : t('archivePlan')}</button>
    </form>
  );
}
