// The top bar's link to the inbox with the unread count, kept live over the WebSocket (notificationReceived).
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { gql } from '../../lib/graphql';
import { subscribe } from '../../lib/live';
import { href } from '../../lib/router';
import { ARRIVED_EVENT, READ_EVENT, RECEIVED, UNREAD } from './notifications';

export function UnreadBadge({ subject }: { subject: string }) {
  const { t } = useI18n();
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    const read = () => gql(UNREAD).then((d) => { if (live) setUnread(d.notifications.unreadCount); }).catch(() => {});
    void read();
    // Each new notification adds one; marking read elsewhere asks the server again.
    const stop = subscribe(RECEIVED, {}, () => {
      setUnread((n) => (n ?? 0) + 1);
      window.dispatchEvent(new Event(ARRIVED_EVENT));
    });
    window.addEventListener(READ_EVENT, read);
    return () => { live = false; stop(); window.removeEventListener(READ_EVENT, read); };
  }, [subject]);
  const count = unread ?? 0;
  return (
    <a href={href('notifications')} id="inbox-link" className="inbox-link" title={t('inboxTitle')}
      aria-label={count > 0 ? t('unreadNotifications', { count }) : t('inboxTitle')}>
      {t('inbox')}
      {count > 0 && <span className="badge-count" data-unread={count}>{count > 99 ? '99+' : count}</span>}
    </a>
  );
}
