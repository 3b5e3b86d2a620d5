// My training plans: goals, packages with my progress, the deadline, and the offline sessions I can join. The host's QR code
// opens #/learner/plans/{planId}/{sessionId}: that session is focused for checking in (the digits are still needed).
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { href } from '../../lib/router';
import { ErrorBox, formatDate, Loading } from '../../components/ui';
import { MY_PLANS } from './plans';
import { SessionItem } from './SessionItem';
import { graphql } from '../../gql';
import type { PageProps } from '../../routes';

export function PlansPage({ params = [] }: Partial<PageProps>) {
  const [focusPlan, focusSession] = params;
  const { t, text, lang } = useI18n();
  const mine = useQuery(MY_PLANS);
  const plans = mine.data?.myTrainingPlans ?? [];
  const catalog = useQuery(graphql(`query PlansPackages { packages { id title { zhCN en } } }`));
  const title = (id: string) => text(catalog.data?.packages.find((p) => p.id === id)?.title) || id;
  return (
    <>
      <h1>{t('myPlansTitle')}</h1>
      <Loading when={mine.loading && !mine.data} />
      <ErrorBox error={mine.error} />
      {mine.data && plans.length === 0 && <p className="muted">{t('noPlans')}</p>}
      {plans.map(({ plan, progress, seats }) => (
        <section key={plan.id} className="card" data-plan={plan.id} aria-labelledby={`plan-${plan.id}`}>
          <h2 id={`plan-${plan.id}`}>{text(plan.titles)}</h2>
          {plan.status !== 'ACTIVE' && (
            <p className="muted plan-status" role="status">{t(plan.status === 'CANCELLED' ? 'planCancelled' : 'planArchived')}{plan.statusReason ? `：${plan.statusReason}` : ''}</p>
          )}
          <p className="meta">
            <span>{t('deadlineAt', { at: formatDate(plan.deadline, lang) })}</span>
            <span>{plan.required ? t('planRequired') : t('planOptional')}</span>
            {progress.isOverdue && <strong className="overdue">{t('overdue')}</strong>}
            {progress.isComplete && <strong className="ok">{progress.completedLate ? t('completedLate') : t('planComplete')}</strong>}
          </p>
          <div className="stat plan-progress">
            <span>{t('planProgress')}</span>
            <strong>{t('packagesDone', { done: progress.completedPackages, total: progress.totalPackages })}</strong>
            {progress.requiredSessionIds.length > 0 && (
              <span>{t('sessionsAttended', { done: progress.requiredSessionIds.filter((id) => progress.attendedSessionIds.includes(id)).length, total: progress.requiredSessionIds.length })}</span>
            )}
            <progress max={progress.totalPackages} value={progress.completedPackages} aria-label={t('planProgress')} />
          </div>
          {plan.goals.length > 0 && (
            <>
              <h3>{t('goals')}</h3>
              <ul>{plan.goals.map((g, i) => <li key={i}>{text(g)}</li>)}</ul>
            </>
          )}
          <h3>{t('planPackages')}</h3>
          <ul className="plan-packages">
            {plan.packageIds.map((id) => (
              <li key={id}>
                {progress.completedPackageIds.includes(id) ? '✓ ' : ''}
                <a href={href('learner', 'package', id)}>{title(id)}</a>
              </li>
            ))}
          </ul>
          {plan.sessions.length > 0 && (
            <>
              <h3>{t('sessions')}</h3>
              <ul className="sessions">
                {plan.sessions.map((s) => (
                  <SessionItem key={s.id} planId={plan.id} session={s} seat={seats.find((x) => x.sessionId === s.id) ?? null} onChange={mine.reload}
                    focused={plan.id === focusPlan && s.id === focusSession} />
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
    </>
  );
}
