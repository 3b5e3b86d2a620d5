// A plan as its manager sees it: its status, editing and ending it, sessions with their check-in code (and QR) for the host,
// moving or cancelling them, their rosters, and every learner's progress.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ErrorBox, formatDate } from '../../components/ui';
import { type TrainingPlan } from '../learner/plans';
import { CheckInCodePanel } from './CheckInCodePanel';
import { AddSessionForm } from './AddSessionForm';
import { EditPlanForm, EndPlanForm } from './EditPlanForm';
import { RosterPanel } from './RosterPanel';
import { SessionAdminForm } from './SessionAdminForm';
import { graphql } from '../../gql';

type Panel = 'code' | 'admin' | 'roster';

export function ManagerPlanCard({ plan, host, onChanged }: { plan: TrainingPlan; host: string; onChanged: () => void }) {
  const { t, text, lang } = useI18n();
  const [showing, setShowing] = useState<string | null>(null);
  const [editing, setEditing] = useState<'edit' | 'end' | 'add' | null>(null);
  const toggle = (sessionId: string, panel: Panel) => setShowing(showing === `${sessionId}:${panel}` ? null : `${sessionId}:${panel}`);
  const shown = (sessionId: string, panel: Panel) => showing === `${sessionId}:${panel}`;
  const active = plan.status === 'ACTIVE';
  const changed = () => { setEditing(null); setShowing(null); onChanged(); };
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
        {!active && <strong className="plan-status">{t(plan.status === 'CANCELLED' ? 'planCancelled' : 'planArchived')}{plan.statusReason ? `：${plan.statusReason}` : ''}</strong>}
      </p>
      {active && (
        <p className="actions">
          <button type="button" id={`edit-plan-${plan.id}`} aria-expanded={editing === 'edit'} onClick={() => setEditing(editing === 'edit' ? null : 'edit')}>{t('editPlan')}</button>
          <button type="button" id={`add-session-${plan.id}-open`} aria-expanded={editing === 'add'} onClick={() => setEditing(editing === 'add' ? null : 'add')}>{t('addSession')}</button>
          <button type="button" id={`end-plan-${plan.id}`} aria-expanded={editing === 'end'} onClick={() => setEditing(editing === 'end' ? null : 'end')}>{t('endPlan')}</button>
        </p>
      )}
      {editing === 'edit' && <EditPlanForm plan={plan} onDone={changed} />}
      {editing === 'end' && <EndPlanForm plan={plan} onDone={changed} />}
      {editing === 'add' && <AddSessionForm planId={plan.id} host={host} onDone={changed} />}
      {plan.sessions.length > 0 && (
        <ul className="sessions">
          {plan.sessions.map((s) => (
            <li key={s.id} className="session" data-session={s.id}>
              <strong>{text(s.titles)}</strong> <span className="tag">{t(`sessionKind${s.kind}`)}</span>
              <p className="meta">
                <span>{formatDate(s.startsAt, lang)} – {formatDate(s.endsAt, lang)}</span>
                <span>{s.location}</span>
                <span>{t('sessionCounts', { registered: s.registeredCount, attended: s.attendedCount, capacity: s.capacity })}</span>
                {s.waitingCount > 0 && <span>{t('waitingCount', { n: s.waitingCount })}</span>}
                {s.required && <span className="tag">{t('sessionRequired')}</span>}
              </p>
              {s.cancelledAt && <p className="overdue session-cancelled">{t('sessionCancelled', { reason: s.cancelReason ?? '' })}</p>}
              <p className="actions">
                {!s.cancelledAt && (
                  <button type="button" aria-expanded={shown(s.id, 'code')} onClick={() => toggle(s.id, 'code')}>
                    {shown(s.id, 'code') ? t('hideCode') : t('showCode')}
                  </button>
                )}
                {active && !s.cancelledAt && (
                  <button type="button" id={`manage-${plan.id}-${s.id}`} aria-expanded={shown(s.id, 'admin')} onClick={() => toggle(s.id, 'admin')}>{t('manageSession')}</button>
                )}
                <button type="button" id={`show-roster-${plan.id}-${s.id}`} aria-expanded={shown(s.id, 'roster')} onClick={() => toggle(s.id, 'roster')}>{t('roster')}</button>
              </p>
              {shown(s.id, 'code') && <CheckInCodePanel planId={plan.id} sessionId={s.id} />}
              {shown(s.id, 'admin') && <SessionAdminForm planId={plan.id} session={s} onDone={changed} />}
              {shown(s.id, 'roster') && <RosterPanel planId={plan.id} sessionId={s.id} />}
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
