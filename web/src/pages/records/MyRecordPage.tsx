// My training year (学时): hours by category against my department's requirement, what counted, what did not, and my
// certificate to print.
import { useState } from 'react';
import { useI18n } from '../../i18n';
import { useAction, useQuery } from '../../lib/hooks';
import { mutate } from '../../lib/graphql';
import { ErrorBox, formatDate, Loading } from '../../components/ui';
import type { PageProps } from '../../routes';
import type { MessageKey } from '../../i18n/zh-CN';
import { HoursTable } from './HoursTable';
import { ISSUE_CERTIFICATE, recentYears, TRAINING_RECORD } from './records';

export function MyRecordPage({ session }: PageProps) {
  const { t, text, lang } = useI18n();
  const [year, setYear] = useState(recentYears()[0]);
  const record = useQuery(TRAINING_RECORD, { id: session.subject, year });
  const issue = useAction(async () => (await mutate(ISSUE_CERTIFICATE, { year })).issueTrainingCertificate.trainingCertificate);
  const [certificate, setCertificate] = useState<{ code: string; url: string } | null>(null);
  const r = record.data?.trainingRecord;
  return (
    <>
      <h1>{t('recordTitle')}</h1>
      <div className="toolbar">
        <p>{t('recordIntro')}</p>
        <label>{t('recordYear')}{' '}
          <select id="record-year" value={year} onChange={(e) => { setYear(Number(e.target.value)); setCertificate(null); }}>
            {recentYears().map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </label>
      </div>
      <Loading when={record.loading && !record.data} />
      <ErrorBox error={record.error} />
      {r && (
        <>
          <section className="card" aria-labelledby="record-hours-title">
            <h2 id="record-hours-title">{t('recordHoursTitle', { total: r.totalHours, required: r.totalRequired })}</h2>
            <p className={r.requirementFrom && r.meetsRequirement ? 'ok' : 'muted'} id="record-status">
              {r.requirementFrom ? (r.meetsRequirement ? t('recordMet') : t('recordNotMet')) : t('recordNoRequirement')}
            </p>
            <HoursTable hours={r.hours} id="record-hours" />
            <div className="actions">
              <button type="button" className="primary" id="issue-certificate" disabled={issue.busy}
                onClick={() => void issue.call().then((c) => c && setCertificate(c))}>{t('recordIssue')}</button>
            </div>
            <ErrorBox error={issue.error} />
            {certificate && (
              <p className="ok" role="status" id="certificate-issued">
                ✓ {t('recordIssued', { code: certificate.code })}{' '}
                <a href={certificate.url} target="_blank" rel="noopener">{t('recordOpenCertificate')}</a>
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="record-detail-title">
            <h2 id="record-detail-title">{t('recordDetail')}</h2>
            <ul id="record-items">
              {r.packages.map((p) => (
                <li key={p.packageId}>📦 {p.title ? text(p.title) : p.packageId} · {formatDate(p.completedAt, lang)} ·{' '}
                  {t('recordMinutes', { minutes: Math.round(p.timeOnTaskSeconds / 60) })}</li>
              ))}
              {r.sessions.map((s) => (
                <li key={`${s.planId}/${s.sessionId}`}>🗓 {s.sessionTitle ? text(s.sessionTitle) : s.sessionId}
                  {s.planTitle ? ` (${text(s.planTitle)})` : ''} · {t(`category${s.kind}` as MessageKey)} · {t('recordHoursValue', { hours: s.hours })}</li>
              ))}
              {r.brainstorms.map((b) => (
                <li key={b.brainstormId}>💡 {b.brainstormId} · {t('recordIdeas', { ideas: b.ideas, won: b.won })}</li>
              ))}
            </ul>
            {r.packages.length + r.sessions.length + r.brainstorms.length === 0 && <p className="muted">{t('recordEmpty')}</p>}
            {r.claims.length > 0 && (
              <details>
                <summary>{t('recordClaims', { count: r.claims.length })}</summary>
                <ul>{r.claims.map((c) => <li key={c.activityId}>{c.verb} {c.objectId} · {formatDate(c.occurredAt, lang)}</li>)}</ul>
              </details>
            )}
          </section>
        </>
      )}
    </>
  );
}
