// How a person hears of each kind of notification: the inbox always, e-mail on or off, robot mentions where a group hears of it.
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { href } from '../../lib/router';
import { ErrorBox, Loading } from '../../components/ui';
import type { NotificationKind } from '../../gql/graphql';
import { kindLabel, PREFERENCES, SET_PREFERENCES } from './notifications';

export function PreferencesPage() {
  const { t } = useI18n();
  const current = useQuery(PREFERENCES);
  const save = useAction(async (kind: NotificationKind, email: boolean, robot: boolean) => {
    await mutate(SET_PREFERENCES, { input: { preferences: [{ kind, email, robot }] } });
    current.reload();
  });
  const rows = current.data?.notificationPreferences ?? [];
  return (
    <>
      <h1>{t('notificationPreferencesTitle')}</h1>
      <p className="muted">{t('notificationPreferencesIntro')}</p>
      <p><a href={href('notifications')}>{t('inboxTitle')}</a></p>
      <Loading when={current.loading && !current.data} />
      <ErrorBox error={current.error ?? save.error} />
      <table className="preferences">
        <thead>
          <tr><th scope="col">{t('notificationKind')}</th><th scope="col">{t('channelInApp')}</th><th scope="col">{t('channelEmail')}</th><th scope="col">{t('channelRobot')}</th></tr>
        </thead>
        <tbody>
          {rows.map((p) => (
            <tr key={p.kind} data-kind={p.kind}>
              <th scope="row">{t(kindLabel[p.kind])}</th>
              <td><input type="checkbox" checked disabled aria-label={`${t(kindLabel[p.kind])} ${t('channelInApp')}`} /></td>
              <td>
                <input type="checkbox" name="email" checked={p.email} disabled={save.busy} aria-label={`${t(kindLabel[p.kind])} ${t('channelEmail')}`}
                  onChange={(e) => void save.call(p.kind, e.target.checked, p.robot)} />
              </td>
              <td>
                {p.robotApplies
                  ? <input type="checkbox" name="robot" checked={p.robot} disabled={save.busy} aria-label={`${t(kindLabel[p.kind])} ${t('channelRobot')}`}
                      onChange={(e) => void save.call(p.kind, p.email, e.target.checked)} />
                  : <span className="muted">{t('robotNotForKind')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
