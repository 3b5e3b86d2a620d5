import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { ErrorBox, formatDate, Loading } from '../../components/ui';
import type { MessageKey } from '../../i18n/zh-CN';
import { graphql } from '../../gql';

type Attestation = 'SERVER' | 'LAUNCH_SESSION' | 'MANAGER' | 'SELF_REPORTED';

const MY_ACTIVITY = graphql(`query MyActivity($id: ID!) { learner(id: $id) { activity(first: 10) { edges { node {
  activityId verb objectId attestation xpAwarded occurredAt } } } } }`);

const ATTESTATION_LABEL: Record<Attestation, MessageKey> = {
  SERVER: 'attestationServer',
  LAUNCH_SESSION: 'attestationLaunchSession',
  MANAGER: 'attestationManager',
  SELF_REPORTED: 'attestationSelfReported',
};

/** The learner's latest statements, each saying who vouches for it: their own claims are shown as such, scoring nothing by default. */
export function MyActivityPanel({ learnerId }: { learnerId: string }) {
  const { t, lang } = useI18n();
  const activity = useQuery(MY_ACTIVITY, { id: learnerId });
  const rows = activity.data?.learner?.activity.edges.map((e) => e.node) ?? [];
  return (
    <section className="card" id="my-activity">
      <h2>{t('myActivity')}</h2>
      <Loading when={activity.loading && !activity.data} />
      <ErrorBox error={activity.error} />
      {rows.length === 0 ? <p className="muted">{t('noActivity')}</p> : (
        <table>
          <thead><tr><th>{t('activityWhat')}</th><th>{t('activityAttestation')}</th><th>XP</th><th>{t('activityWhen')}</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.activityId} data-attestation={r.attestation}>
                <td>{r.verb.toLowerCase()} · {r.objectId}</td>
                <td><span className={r.attestation === 'SELF_REPORTED' ? 'tag warn' : 'tag'}>{t(ATTESTATION_LABEL[r.attestation])}</span></td>
                <td>{r.xpAwarded}</td>
                <td>{formatDate(r.occurredAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted"><small>{t('selfReportedNote')}</small></p>
    </section>
  );
}
