// A session's roster for its host and managers: who is registered, waiting, attended (by code or by hand, by whom), late,
// absent or cancelled, with the CSV the server writes (formulas neutralised there). A host checks a learner in by hand here.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { downloadCsvFile } from '../../lib/download';
import { ErrorBox, Field, formatDate } from '../../components/ui';
import { graphql } from '../../gql';

export function RosterPanel({ planId, sessionId }: { planId: string; sessionId: string }) {
  const { t, lang } = useI18n();
  const roster = useQuery(graphql(`query SessionRoster($p: ID!, $s: ID!) { sessionRoster(planId: $p, sessionId: $s) { entries {
    learnerId departmentId status registeredAt waitingPosition checkedInAt method checkedInBy reason cancelledAt } } }`), { p: planId, s: sessionId });
  const [learnerId, setLearnerId] = useState('');
  const [reason, setReason] = useState('');
  const byHand = useAction(async () => {
    await mutate(graphql(`mutation CheckInByHost($input: CheckInByHostInput!) { checkInByHost(input: $input) { checkInResult { seat { attended } } userErrors { code message field } } }`),
      { input: { planId, sessionId, learnerId: learnerId.trim(), reason } });
    setLearnerId('');
    setReason('');
    roster.reload();
  });
  const csv = useAction(() => downloadCsvFile(`/plans/${encodeURIComponent(planId)}/sessions/${encodeURIComponent(sessionId)}/roster.csv`, `roster-${planId}-${sessionId}.csv`));
  const entries = roster.data?.sessionRoster.entries ?? [];
  const idp = `roster-${planId}-${sessionId}`;
  const submit = (e: FormEvent) => { e.preventDefault(); void byHand.call(); };
  return (
    <div className="roster-panel" id={idp} role="region" aria-label={t('roster')}>
      <ErrorBox error={roster.error ?? csv.error} />
      <button type="button" id={`${idp}-csv`} onClick={() => void csv.call()} disabled={csv.busy}>⤓ {t('rosterCsv')}</button>
      {roster.data && entries.length === 0 && <p className="muted">{t('noLearners')}</p>}
      {entries.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table>
            <thead><tr>
              <th scope="col">{t('learner')}</th><th scope="col">{t('department')}</th><th scope="col">{t('status')}</th>
              <th scope="col">{t('checkedInAtCol')}</th><th scope="col">{t('checkInHow')}</th><th scope="col">{t('reason')}</th>
            </tr></thead>
            <tbody>
              {entries.map((e) => (
                <tr key={`${e.learnerId}-${e.status}-${e.registeredAt}`} data-learner={e.learnerId} data-status={e.status}>
                  <td>{e.learnerId}</td><td>{e.departmentId}</td>
                  <td>{t(`roster${e.status}`)}{e.waitingPosition ? ` #${e.waitingPosition}` : ''}</td>
                  <td>{e.checkedInAt ? formatDate(e.checkedInAt, lang) : e.cancelledAt ? formatDate(e.cancelledAt, lang) : ''}</td>
                  <td>{e.method === 'HOST' ? t('checkInByHand', { by: e.checkedInBy ?? '' }) : e.method === 'CODE' ? t('checkInByCode') : ''}</td>
                  <td>{e.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="actions check-in-by-host" onSubmit={submit} aria-label={t('checkInByHost')}>
        <Field label={t('learner')}><input id={`${idp}-learner`} required maxLength={100} value={learnerId} onChange={(e) => setLearnerId(e.target.value)} /></Field>
        <Field label={t('reason')}><input id={`${idp}-reason`} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} /></Field>
        <button type="submit" id={`${idp}-check-in`} disabled={byHand.busy}>{t('checkInByHost')}</button>
      </form>
      <ErrorBox error={byHand.error} />
    </div>
  );
}
