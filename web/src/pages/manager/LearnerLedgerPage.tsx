// One learner's award ledger, oldest first, for a manager of their department: where a suspicious-activity row leads.
// From here the manager takes back an XP award or a badge, with a reason the learner reads; the server refuses it on
// one's own awards and outside the departments one manages, and the ledger only ever grows.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { href } from '../../lib/router';
import { ErrorBox, Loading, formatDate } from '../../components/ui';
import type { PageProps } from '../../routes';
import { RevokeForm } from './RevokeForm';
import { LEARNER_LEDGER, isRevocableAward, revokedSeqOf, type LedgerLine } from './suspicious';

export function LearnerLedgerPage({ params }: PageProps) {
  const { t, text, lang } = useI18n();
  const id = params[0] ?? '';
  const [after, setAfter] = useState<string | null>(null);
  const [revocation, setRevocation] = useState<LedgerLine | null>(null);
  const ledger = useQuery(LEARNER_LEDGER, { id, after }, !id);
  const learner = ledger.data?.learner;
  const lines = learner?.ledger.edges.map((e) => e.node) ?? [];
  // Entry seq -> the seq of the entry that took it back (a revocation always comes later; on a later page it is missed
  // here, and asking again only returns the first revocation).
  const revokedBy = new Map<number, number>();
  for (const line of lines) {
    const revoked = revokedSeqOf(line);
    if (revoked !== null) revokedBy.set(revoked, line.seq);
  }
  const onRevoked = (entry: LedgerLine) => { setRevocation(entry); ledger.reload(); };
  // The button that was pressed goes away with the revoked entry: keyboard users land on the outcome instead.
  const done = useRef<HTMLParagraphElement>(null);
  useEffect(() => { if (revocation) done.current?.focus(); }, [revocation]);
  return (
    <>
      <p><a href={href('manager', 'suspicious')}>{t('backToSuspicious')}</a></p>
      <h1>{t('ledgerTitle', { name: learner?.displayName ?? id })}</h1>
      <Loading when={ledger.loading && !ledger.data} />
      <ErrorBox error={ledger.error} />
      {revocation && (
        <p className="ok" role="status" id="revocation-done" tabIndex={-1} ref={done}>
          ✓ {revocation.badgeId
            ? t('badgeRevocationDone', { badge: revocation.badgeId, seq: revocation.seq, reason: revocation.reason })
            : t('revocationDone', { seq: revocation.seq, amount: revocation.amount, reason: revocation.reason })}
        </p>
      )}
      {ledger.data && !learner && <p className="notice" role="note">{t('learnerNotFound')}</p>}
      {learner && (
        <section className="card" aria-labelledby="badges-heading">
          <h2 id="badges-heading">{t('heldBadges')}</h2>
          {learner.badges.length === 0 ? <p className="muted">{t('noHeldBadges')}</p> : (
            <ul className="badges" id="held-badges">
              {learner.badges.map((b) => {
                const name = b.names ? text(b.names) : b.badgeId;
                return (
                  <li key={b.badgeId} data-badge={b.badgeId}>
                    <strong>🏅 {name}{b.tier && ` · ${b.tier}`}</strong>
                    <small>#{b.ledgerSeq} · {formatDate(b.awardedAt, lang)}</small>
                    <RevokeForm formId={`badge-${b.badgeId}`} kind="badge" input={{ learnerId: learner.id, badgeId: b.badgeId }}
                      label={t('revokeBadge')} accessibleName={t('revokeBadgeLabel', { name })} onRevoked={onRevoked} />
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      )}
      {learner && (
        <section className="card" aria-labelledby="ledger-heading">
          <h2 id="ledger-heading">{t('ledgerSummary', { id: learner.id, department: learner.departmentId, xp: learner.xp, n: learner.ledger.totalCount })}</h2>
          <div className="table-wrap" tabIndex={0}>
            <table id="ledger-table">
              <thead>
                <tr>
                  <th scope="col">#</th><th scope="col">{t('ledgerKind')}</th><th scope="col">{t('ledgerAmount')}</th>
                  <th scope="col">{t('ledgerReason')}</th><th scope="col">{t('ledgerOccurred')}</th><th scope="col">{t('ledgerRecorded')}</th>
                  <th scope="col">{t('ledgerActions')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((node) => (
                  <tr key={node.seq} data-seq={node.seq}>
                    <td>{node.seq}</td><td>{node.kind}{node.badgeId ? ` ${node.badgeId}` : ''}</td><td>{node.amount}</td>
                    <td>{node.reason}</td><td>{formatDate(node.occurredAt, lang)}</td><td>{formatDate(node.recordedAt, lang)}</td>
                    <td>
                      {revokedBy.has(node.seq)
                        ? <span className="warn">{t('revokedBy', { seq: revokedBy.get(node.seq)! })}</span>
                        : isRevocableAward(node) && (
                          <RevokeForm formId={`seq-${node.seq}`} kind="award" input={{ learnerId: learner.id, seq: node.seq }}
                            label={t('revokeAward')} accessibleName={t('revokeAwardLabel', { seq: node.seq })} onRevoked={onRevoked} />
                        )}
                    </td>
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
