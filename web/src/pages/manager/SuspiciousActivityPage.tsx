// Fair play: learners of my departments far outside their peers over a window, each with a link to their ledger.
import { useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { useQuery } from '../../lib/hooks';
import type { PageProps } from '../../routes';
import { MANAGED_DEPARTMENTS } from './suspicious';
import { SuspiciousActivityPanel } from './SuspiciousActivityPanel';

export function SuspiciousActivityPage({ session }: PageProps) {
  const { t } = useI18n();
  const all = useQuery(MANAGED_DEPARTMENTS);
  // The token says which departments are mine; the server checks it again on every report.
  const everywhere = session.roles.includes('admin') || session.departments.includes('*');
  const mine = useMemo(() => (all.data?.departments ?? []).filter((d) => everywhere || session.departments.includes(d.id)),
    [all.data, everywhere, session.departments]);
  const [chosen, setChosen] = useState('');
  const departmentId = chosen || mine[0]?.id || '';
  return (
    <>
      <h1>{t('suspiciousTitle')}</h1>
      <p>{t('suspiciousIntro')}</p>
      <SuspiciousActivityPanel departments={mine} departmentId={departmentId} onDepartment={setChosen} />
    </>
  );
}
