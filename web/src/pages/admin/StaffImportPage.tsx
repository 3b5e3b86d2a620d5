// Import staff from an HR export (CSV): a dry run shows what would be created, changed, moved and deactivated, with every
// refused line; applying is enabled only after a clean dry run of the same file and options.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { gql } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox, Field } from '../../components/ui';
import { graphql } from '../../gql';
import type { ImportStaffMutation, StaffChangeAction } from '../../gql/graphql';
import type { MessageKey } from '../../i18n/zh-CN';

const ImportStaff = graphql(`mutation ImportStaff($csv: String!, $dryRun: Boolean, $deactivateMissing: Boolean) {
  importStaff(csv: $csv, dryRun: $dryRun, deactivateMissing: $deactivateMissing) {
    report { dryRun rows created changed moved reactivated deactivated unchanged changesTruncated
             changes { line learnerId displayName action fromDepartmentId toDepartmentId }
             failures { line code message value } }
    userErrors { code message ... on StaffImportError { line column value } }
  }
}`);

type Payload = ImportStaffMutation['importStaff'];

const actionNames: Record<StaffChangeAction, MessageKey> = {
  CREATE: 'staffActionCreate', CHANGE: 'staffActionChange', MOVE: 'staffActionMove', REACTIVATE: 'staffActionReactivate', DEACTIVATE: 'staffActionDeactivate',
};

export function StaffImportPage() {
  const { t } = useI18n();
  const [csv, setCsv] = useState('');
  const [deactivateMissing, setDeactivateMissing] = useState(false);
  const [result, setResult] = useState<Payload | null>(null);
  // What the last clean dry run covered: apply only that.
  const [checked, setChecked] = useState<string | null>(null);
  const key = `${deactivateMissing}\u0000${csv}`;

  const run = useAction(async (dryRun: boolean) => {
    const data = await gql(ImportStaff, { csv, dryRun, deactivateMissing });
    setResult(data.importStaff);
    setChecked(dryRun && data.importStaff.userErrors.length === 0 ? key : null);
  });

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setCsv(await file.text());
    setResult(null);
  };

  const report = result?.report;
  const refused = result?.userErrors ?? [];
  return (
    <>
      <h1>{t('staffImportTitle')}</h1>
      <p className="muted">{t('staffImportHelp')}</p>
      <form className="form" onSubmit={(e) => { e.preventDefault(); void run.call(true); }}>
        <Field label={t('staffImportFile')}>
          <input type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />
        </Field>
        <Field label={t('staffImportText')} wide>
          <textarea rows={8} value={csv} onChange={(e) => { setCsv(e.target.value); setResult(null); }} spellCheck={false} />
        </Field>
        <label className="option">
          <input type="checkbox" checked={deactivateMissing} onChange={(e) => setDeactivateMissing(e.target.checked)} />
          {' '}{t('staffImportDeactivateMissing')}
        </label>
        <p className="actions">
          <button type="submit" disabled={run.busy || csv.trim() === ''}>{t('staffImportDryRun')}</button>
          <button type="button" disabled={run.busy || checked !== key} onClick={() => void run.call(false)}>{t('staffImportApply')}</button>
        </p>
      </form>
      <ErrorBox error={run.error} />
      {refused.length > 0 && (
        <section aria-labelledby="staff-refused">
          <h2 id="staff-refused">{t('staffImportRefused', { count: refused.length })}</h2>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead><tr><th scope="col">{t('staffImportLine')}</th><th scope="col">{t('staffImportColumn')}</th><th scope="col">{t('staffImportCode')}</th><th scope="col">{t('staffImportValue')}</th><th scope="col">{t('staffImportMessage')}</th></tr></thead>
              <tbody>
                {refused.map((e, i) => (
                  <tr key={i}>
                    <td>{'line' in e ? e.line : ''}</td><td>{'column' in e ? e.column : ''}</td><td><code>{e.code}</code></td>
                    <td>{'value' in e ? e.value : ''}</td><td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {report && (
        <section aria-labelledby="staff-report">
          <h2 id="staff-report">{report.dryRun ? t('staffImportWouldDo') : t('staffImportDone')}</h2>
          <dl className="staff-figures">
            <div><dt>{t('staffImportRows')}</dt><dd data-testid="staff-rows">{report.rows}</dd></div>
            <div><dt>{t('staffImportCreated')}</dt><dd data-testid="staff-created">{report.created}</dd></div>
            <div><dt>{t('staffImportChanged')}</dt><dd data-testid="staff-changed">{report.changed}</dd></div>
            <div><dt>{t('staffImportMoved')}</dt><dd data-testid="staff-moved">{report.moved}</dd></div>
            <div><dt>{t('staffImportReactivated')}</dt><dd>{report.reactivated}</dd></div>
            <div><dt>{t('staffImportDeactivated')}</dt><dd data-testid="staff-deactivated">{report.deactivated}</dd></div>
            <div><dt>{t('staffImportUnchanged')}</dt><dd data-testid="staff-unchanged">{report.unchanged}</dd></div>
          </dl>
          {report.failures.length > 0 && <p className="error" role="alert">{t('staffImportFailures', { count: report.failures.length })}</p>}
          {report.changes.length > 0 && (
            <div className="table-wrap" tabIndex={0}>
              <table>
                <thead><tr><th scope="col">{t('staffImportLine')}</th><th scope="col">{t('staffImportEmployee')}</th><th scope="col">{t('staffImportName')}</th><th scope="col">{t('staffImportAction')}</th><th scope="col">{t('staffImportDepartment')}</th></tr></thead>
                <tbody>
                  {report.changes.map((c) => (
                    <tr key={c.learnerId}>
                      <td>{c.line ?? ''}</td><td>{c.learnerId}</td><td>{c.displayName}</td><td>{t(actionNames[c.action])}</td>
                      <td>{[c.fromDepartmentId, c.toDepartmentId].filter(Boolean).join(' → ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {report.changesTruncated && <p className="muted">{t('staffImportTruncated')}</p>}
        </section>
      )}
    </>
  );
}
