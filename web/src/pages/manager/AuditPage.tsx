import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import { downloadCsv } from '../../lib/csv';
import { ErrorBox, formatDate, Loading } from '../../components/ui';
import { graphql } from '../../gql';

export function AuditPage() {
  const { t, lang } = useI18n();
  const log = useQuery(graphql(`query AuditLog { auditLog(first: 100) { edges { node { at actor action target outcome clientAddress } } } }`));
  const entries = log.data?.auditLog.edges.map((e) => e.node) ?? [];
  // Fork alarms (docs/LEDGER.md) stay at the top however many entries came after them.
  const forks = useQuery(graphql(`query LedgerForkAlarms { auditLog(first: 5, action: "ledgerForkAlarm") { edges { node { at target } } } }`));
  const alarms = forks.data?.auditLog.edges.map((e) => e.node) ?? [];
  return (
    <>
      <h1>{t('auditTitle')}</h1>
      {alarms.map((a, i) => (
        <p key={i} role="alert" className="error ledger-fork-alarm">{t('ledgerForkAlarm', { target: a.target ?? '', at: formatDate(a.at, lang) })}</p>
      ))}
      <p className="actions">
        <button type="button" onClick={log.reload}>{t('refresh')}</button>
        <button type="button" onClick={() => downloadCsv('audit-log.csv', ['at', 'actor', 'action', 'target', 'outcome', 'clientAddress'],
          entries.map((e) => [e.at, e.actor, e.action, e.target, e.outcome, e.clientAddress]))}>{t('exportCsv')}</button>
      </p>
      <Loading when={log.loading && !log.data} />
      <ErrorBox error={log.error} />
      <div className="table-wrap" tabIndex={0}>
        <table>
          <thead><tr><th scope="col">{t('at')}</th><th scope="col">{t('actor')}</th><th scope="col">{t('action')}</th><th scope="col">{t('target')}</th><th scope="col">{t('outcome')}</th></tr></thead>
          <tbody>
            {entries.map((e, i) => <tr key={i}><td>{formatDate(e.at, lang)}</td><td>{e.actor}</td><td>{e.action}</td><td>{e.target}</td><td>{e.outcome}</td></tr>)}
          </tbody>
        </table>
      </div>
    </>
  );
}
