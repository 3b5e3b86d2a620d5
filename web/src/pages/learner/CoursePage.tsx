// A cmi5 course: its AUs and where the learner stands in each. An AU opens with nothing but its launch URL (the one-time
// fetch URL gives it a token of its own), in a sandboxed frame without allow-same-origin, or in a window of its own for
// OwnWindow AUs: the learner's Gamified token stays on this page, in an origin the AU cannot read.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import type { MessageKey } from '../../i18n/zh-CN';
import { mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { ErrorBox, Loading } from '../../components/ui';
import type { PageProps } from '../../routes';
import { graphql } from '../../gql';

const STATUS: Record<string, MessageKey> = {
  NOT_ATTEMPTED: 'auStatusNotAttempted',
  IN_PROGRESS: 'auStatusInProgress',
  FAILED: 'auStatusFailed',
  COMPLETED: 'auStatusCompleted',
  PASSED: 'auStatusPassed',
  SATISFIED: 'auStatusSatisfied',
  WAIVED: 'auStatusWaived',
};

// How often an open AU's state is read again: the AU reports to the LRS, not to this page, so the page asks.
const REFRESH_MS = 3000;

interface OpenUnit { auId: string; url: string; inFrame: boolean }

export function CoursePage({ params }: PageProps) {
  const { t, text } = useI18n();
  const packageId = params[0] ?? '';
  const course = useQuery(graphql(`query Cmi5Course($p: ID!) {
    package(id: $p) { id version kind title { zhCN en } summary { zhCN en }
      assignableUnits { id title { zhCN en } description { zhCN en } launchMethod } }
  }`), { p: packageId });
  const states = useQuery(graphql(`query AssignableUnitStates($p: ID!) { assignableUnitStates(packageId: $p) { auId status } }`), { p: packageId });
  const [open, setOpen] = useState<OpenUnit | null>(null);
  const launch = useAction(async (auId: string) => {
    const result = await mutate(graphql(`mutation LaunchAssignableUnit($p: ID!, $au: ID!) {
      launchAssignableUnit(packageId: $p, auId: $au) { assignableUnitLaunch { url launchMethod } userErrors { code message } }
    }`), { p: packageId, au: auId });
    const launched = result.launchAssignableUnit.assignableUnitLaunch;
    if (!launched) return;
    const ownWindow = launched.launchMethod === 'OwnWindow';
    // noopener: the AU's window gets no handle back to this page.
    if (ownWindow) window.open(launched.url, '_blank', 'noopener,noreferrer');
    setOpen({ auId, url: launched.url, inFrame: !ownWindow });
    states.reload();
  });
  const reloadStates = states.reload;
  useEffect(() => {
    if (!open) return undefined;
    const timer = window.setInterval(reloadStates, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [open, reloadStates]);

  const pkg = course.data?.package;
  if (course.loading && !course.data) return <Loading when />;
  if (!pkg) return <ErrorBox error={course.error} />;
  const status = (auId: string) => states.data?.assignableUnitStates.find((s) => s.auId === auId)?.status ?? 'NOT_ATTEMPTED';
  const openUnit = open && pkg.assignableUnits.find((u) => u.id === open.auId);

  return (
    <>
      <h1>{text(pkg.title)} <small className="muted">v{pkg.version}</small></h1>
      <p>{text(pkg.summary)}</p>
      <p className="muted">{t('courseIntro')}</p>
      <ErrorBox error={launch.error ?? states.error} />
      <h2>{t('courseUnits')}</h2>
      <ol className="units">
        {pkg.assignableUnits.map((unit) => (
          <li key={unit.id} className="card" data-au={unit.id}>
            <h3>{text(unit.title)}</h3>
            <p>{text(unit.description)}</p>
            <p className="meta">
              <span className={`au-status au-${status(unit.id).toLowerCase()}`} role="status">{t(STATUS[status(unit.id)] ?? 'auStatusNotAttempted')}</span>
            </p>
            <button type="button" className="primary" disabled={launch.busy}
              aria-label={`${t('launchUnit')}: ${text(unit.title)}`} onClick={() => void launch.call(unit.id)}>{t('launchUnit')}</button>
          </li>
        ))}
      </ol>
      {open && openUnit && (
        <section className="au-player" aria-label={text(openUnit.title)}>
          <p className="actions">
            <button type="button" id="close-unit" onClick={() => { setOpen(null); states.reload(); }}>{t('closeUnit')}</button>
          </p>
          {open.inFrame
            ? <iframe key={open.url} className="au-frame" title={text(openUnit.title)} src={open.url}
                sandbox="allow-scripts allow-forms allow-popups" referrerPolicy="no-referrer" />
            : <p className="muted">{t('unitOpenedElsewhere')}</p>}
        </section>
      )}
    </>
  );
}
