// A button that downloads one of the server's CSV reports (GET /reports/{name}.csv with the session's token).
import { useCallback } from 'react';
import { useI18n } from '../i18n';
import { downloadReport } from '../lib/download';
import { useAction } from '../lib/hooks';
import { ErrorBox } from './ui';

export function ReportButton({ report, params, label, id }: {
  report: string;
  params?: Record<string, string | string[] | null | undefined>;
  label: string;
  id?: string;
}) {
  const { t } = useI18n();
  const key = JSON.stringify(params ?? {});
  const run = useCallback(() => downloadReport(report, JSON.parse(key) as Record<string, string | string[]>), [report, key]);
  const download = useAction(run);
  return (
    <span className="report-button">
      <button type="button" id={id} onClick={() => void download.call()} disabled={download.busy}>
        ⤓ {label}{download.busy ? ` (${t('loading')})` : ''}
      </button>
      <ErrorBox error={download.error} />
    </span>
  );
}
