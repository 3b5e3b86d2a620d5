// The Orleans Dashboard (grain activations and calls per silo) opens behind the same sign-in: the page hands the admin's
// token to the server in the Authorization header, which answers with a cookie only /dashboard is sent (HttpOnly, so no
// script reads it back), and then this tab goes there. The server refuses with 404 when the dashboard is off.
import { useI18n } from '../../i18n';
import { loadSession } from '../../lib/session';
import { GraphQLError } from '../../lib/graphql';
import { useAction } from '../../lib/hooks';
import { ErrorBox } from '../../components/ui';

async function openDashboard(offMessage: string): Promise<void> {
  const session = loadSession();
  const response = await fetch('/dashboard-session', {
    method: 'POST',
    headers: session ? { authorization: `Bearer ${session.token}` } : {},
    cache: 'no-store',
  });
  if (response.status === 404) throw new GraphQLError(offMessage, 'NOT_ENABLED');
  if (!response.ok) throw new GraphQLError(`HTTP ${response.status}`, 'HTTP_' + response.status);
  window.location.assign('/dashboard/');
}

export function DashboardLink() {
  const { t } = useI18n();
  const open = useAction(() => openDashboard(t('dashboardOff')));
  return (
    <section aria-labelledby="admin-dashboard">
      <h2 id="admin-dashboard">{t('dashboardTitle')}</h2>
      <p className="muted">{t('dashboardHelp')}</p>
      <ErrorBox error={open.error} />
      <button type="button" onClick={() => void open.call()} disabled={open.busy}>{t('dashboardOpen')}</button>
    </section>
  );
}
