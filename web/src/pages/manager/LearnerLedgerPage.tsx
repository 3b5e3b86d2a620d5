// One learner's award ledger, oldest first, for a manager of their department: where a suspicious-activity row leads.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { href } from '../../lib/router';
import { ErrorBox, Loading, formatDate } from '../../components/ui';
import type { PageProps } from '../../routes';
import { LEARNER_LEDGER, type LearnerLedger } from './suspicious';

export function LearnerLedgerPage({ params }: PageProps) {
  const { t, lang } = useI18n();
  const id = params[0] ?? '';
  const [after, setAfter] = useState<string | null>(null);
  const ledger = useQuery<{ learner: LearnerLedger | null }>(LEARNER_LEDGER, { id, after }, !id);
  const learner = ledger.data?.learner;
  return (
    <>
      <p><a href={href('manager', 'suspicious')}>{t('backToSuspicious')}</a></p>
      <h1>{t('ledgerTitle', { name: learner?.displayName ?? id })}</h1>
      <Loading when={ledger.loading && !ledger.data} />
      <ErrorBox error={ledger.error} />
      {ledger.data && !learner && <p className="notice" role="note">{t('learnerNotFound')}</p>}
      {learner && (
        <section className="card" aria-labelledby="ledger-heading">
          <h2 id="ledger-heading">{t('ledgerSummary', { id: learner.id, department: learner.departmentId, xp: learner.xp, n: learner.ledger.totalCount })}</h2>
          <div className="table-wrap">
            <table id="ledger-table">
              <thead>
                <tr>
                  <th scope="col">#</th><th scope="col">{t('ledgerKind')}</th><th scope="col">{t('ledgerAmount')}</th>
                  <th scope="col">{t('ledgerReason')}</th><th scope="col">{t('ledgerOccurred')}</th><th scope="col">{t('ledgerRecorded')}</th>
                </tr>
              </thead>
              <tbody>
                {learner.ledger.edges.map(({ node }) => (
                  <tr key={node.seq}>
                    <td>{node.seq}</td><td>{node.kind}{node.badgeId ? ` ${node.badgeId}` : ''}</td><td>{node.amount}</td>
                    <td>{node.reason}</td><td>{formatDate(node.occurredAt, lang)}</td><td>{formatDate(node.recordedAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="actions">
            {after !== null && <button type="button" onClick={() => setAfter(null)}>{t('firstPage')}</button>}
            {learner.ledger.pageInfo.hasNextPage && (
              <button type="button" id="ledger-next" onClick={() => setAfter(learner.ledger.pageInfo.endCursor)}>{t('nextPage')}</button>
            )}
          </div>
        </section>
      )}
    </>
  );
}
