// Training plans of my departments: create one, show a session's check-in code, follow progress and overdue learners.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ErrorBox, Loading } from '../../components/ui';
import type { PageProps } from '../../routes';
import { CreatePlanForm } from './CreatePlanForm';
import { ManagerPlanCard } from './ManagerPlanCard';
import { OverduePanel } from './OverduePanel';
import { graphql } from '../../gql';

export function ManagerPlansPage({ session }: PageProps) {
  const { t } = useI18n();
  const plans = useQuery(graphql(`query TrainingPlans { trainingPlans { ...PlanFields } }`));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <>
      <h1>{t('plansTitle')}</h1>
      <div className="toolbar">
        <p>{t('plansIntro')}</p>
        <button type="button" id="new-plan" className="primary" aria-expanded={creating} onClick={() => setCreating(!creating)}>{t('newPlan')}</button>
      </div>
      {creating && <CreatePlanForm session={session} onCreated={(id) => { setCreating(false); setCreated(id); plans.reload(); }} />}
      {created && <p className="ok" role="status" id="plan-created">✓ {t('planCreated', { id: created })}</p>}
      <Loading when={plans.loading && !plans.data} />
      <ErrorBox error={plans.error} />
      {plans.data && plans.data.trainingPlans.length === 0 && <p className="muted">{t('noPlans')}</p>}
      {plans.data?.trainingPlans.map((p) => <ManagerPlanCard key={p.id} plan={p} host={session.subject} onChanged={plans.reload} />)}
      <OverduePanel />
    </>
  );
}
