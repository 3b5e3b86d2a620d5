// Learners past a required plan's deadline without completing it, in the departments I manage.
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ErrorBox, formatDate, Loading } from '../../components/ui';
import { graphql } from '../../gql';

export function OverduePanel() {
  const { t, lang } = useI18n();
  const overdue = useQuery(graphql(`query OverdueAssignments { overdueAssignments { ...PlanProgressFields } }`));
  const rows = overdue.data?.overdueAssignments ?? [];
  return (
    <section className="card" aria-labelledby="overdue-title">
      <h2 id="overdue-title">{t('overdueLearners')}</h2>
      <Loading when={overdue.loading && !overdue.data} />
      <ErrorBox error={overdue.error} />
      {overdue.data && rows.length === 0 && <p className="muted">{t('noOverdue')}</p>}
      {rows.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table id="overdue-table">
            <thead>
              <tr><th scope="col">{t('learner')}</th><th scope="col">{t('department')}</th><th scope="col">{t('plan')}</th>
                <th scope="col">{t('planProgress')}</th><th scope="col">{t('deadline')}</th></tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.planId}/${r.learnerId}`} className="overdue">
                  <td>{r.learnerId}</td><td>{r.departmentId}</td><td>{r.planId}</td>
                  <td>{t('packagesDone', { done: r.completedPackages, total: r.totalPackages })}</td>
                  <td>{formatDate(r.deadline, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
