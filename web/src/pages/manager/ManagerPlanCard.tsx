// A plan as its manager sees it: sessions with their check-in code for the host, and every learner's progress.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ErrorBox, formatDate } from '../../components/ui';
import { type TrainingPlan } from '../learner/plans';
import { CheckInCodePanel } from './CheckInCodePanel';
import { graphql } from '../../gql';

export function ManagerPlanCard({ plan }: { plan: TrainingPlan }) {
  const { t, text, lang } = useI18n();
  const [showing, setShowing] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const progress = useQuery(
    graphql(`query TrainingPlan($id: ID!) { trainingPlan(id: $id) { learnerProgress { ...PlanProgressFields } } }`), { id: plan.id }, !open);
  const rows = progress.data?.trainingPlan?.learnerProgress ?? [];
  return (
    <section className="card" data-plan={plan.id} aria-labelledby={`mplan-${plan.id}`}>
      <h2 id={`mplan-${plan.id}`}>{text(plan.titles)} <small className="muted">{plan.id}</small></h2>
      <p className="meta">
        <span>{t('deadlineAt', { at: formatDate(plan.deadline, lang) })}</span>
        <span>{plan.required ? t('planRequired') : t('planOptional')}</span>
        <span>{t('planPackages')}: {plan.packageIds.join('、')}</span>
        <span>{t('planDepartments')}: {plan.departmentIds.join('、')}</span>
      </p>
      {plan.sessions.length > 0 && (
        <ul className="sessions">
          {plan.sessions.map((s) => (
            <li key={s.id} className="session" data-session={s.id}>
              <strong>{text(s.titles)}</strong> <span className="tag">{t(`sessionKind${s.kind}`)}</span>
              <p className="meta">
                <span>{formatDate(s.startsAt, lang)} – {formatDate(s.endsAt, lang)}</span>
                <span>{s.location}</span>
                <span>{t('sessionCounts', { registered: s.registeredCount, attended: s.attendedCount, capacity: s.capacity })}</span>
              </p>
              <button type="button" aria-expanded={showing === s.id} onClick={() => setShowing(showing === s.id ? null : s.id)}>
                {showing === s.id ? t('hideCode') : t('showCode')}
              </button>
              {showing === s.id && <CheckInCodePanel planId={plan.id} sessionId={s.id} />}
            </li>
          ))}
        </ul>
      )}
      <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
        <summary>{t('learnerProgress')}</summary>
        <ErrorBox error={progress.error} />
        {open && progress.data && rows.length === 0 && <p className="muted">{t('noLearners')}</p>}
        {rows.length > 0 && (
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead><tr><th scope="col">{t('learner')}</th><th scope="col">{t('department')}</th><th scope="col">{t('planProgress')}</th><th scope="col">{t('status')}</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.learnerId} className={r.isOverdue ? 'overdue' : undefined}>
                    <td>{r.learnerId}</td><td>{r.departmentId}</td>
                    <td>{t('packagesDone', { done: r.completedPackages, total: r.totalPackages })}</td>
                    <td>{r.isOverdue ? t('overdue') : r.isComplete ? (r.completedLate ? t('completedLate') : t('planComplete')) : t('inProgress')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </section>
  );
}
