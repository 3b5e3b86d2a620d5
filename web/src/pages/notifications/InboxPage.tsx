// Every user's inbox: newest first, unread ones marked, one or all marked read; a link opens what it is about.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { mutate } from '../../lib/graphql';
import { useAction, useQuery } from '../../lib/hooks';
import { href } from '../../lib/router';
import { ErrorBox, formatDate, Loading } from '../../components/ui';
import { ARRIVED_EVENT, INBOX, kindLabel, MARK_READ, READ_EVENT } from './notifications';

export function InboxPage() {
  const { t, text, lang } = useI18n();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [first, setFirst] = useState(20);
  const inbox = useQuery(INBOX, { first, unreadOnly });
  // A notification that arrives while the inbox is open shows in it at once, as it does in the top bar.
  const { reload } = inbox;
  useEffect(() => {
    window.addEventListener(ARRIVED_EVENT, reload);
    return () => window.removeEventListener(ARRIVED_EVENT, reload);
  }, [reload]);
  const mark = useAction(async (ids: string[] | null) => {
    await mutate(MARK_READ, ids ? { ids } : { all: true });
    window.dispatchEvent(new Event(READ_EVENT));
    inbox.reload();
  });
  const page = inbox.data?.notifications;
  return (
    <>
      <h1>{t('inboxTitle')}</h1>
      <p className="toolbar">
        <label><input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> {t('unreadOnly')}</label>
        <button type="button" id="mark-all-read" disabled={mark.busy || !page?.unreadCount} onClick={() => void mark.call(null)}>
          {t('markAllRead')}
        </button>
        <a href={href('notifications', 'preferences')}>{t('notificationPreferencesTitle')}</a>
      </p>
      <Loading when={inbox.loading && !inbox.data} />
      <ErrorBox error={inbox.error ?? mark.error} />
      {page && <p className="muted" aria-live="polite">{t('unreadNotifications', { count: page.unreadCount })}</p>}
      {page && page.edges.length === 0 && <p className="muted">{t('noNotifications')}</p>}
      <ul className="inbox">
        {page?.edges.map(({ node }) => (
          <li key={node.id} className={node.readAt ? 'card read' : 'card unread'} data-notification={node.id} data-kind={node.kind}>
            <p className="meta">
              <span>{t(kindLabel[node.kind])}</span>
              <time dateTime={node.createdAt}>{formatDate(node.createdAt, lang)}</time>
              {!node.readAt && <strong>{t('unread')}</strong>}
            </p>
            <h2>{node.link ? <a href={'#' + node.link}>{text(node.title)}</a> : text(node.title)}</h2>
            <p className="pre-line">{text(node.body)}</p>
            {!node.readAt && (
              <button type="button" className="link mark-read" disabled={mark.busy} onClick={() => void mark.call([node.id])}>{t('markNotificationRead')}</button>
            )}
          </li>
        ))}
      </ul>
      {page?.pageInfo.hasNextPage && <button type="button" onClick={() => setFirst((n) => Math.min(n + 20, 100))} disabled={first >= 100}>{t('showMore')}</button>}
    </>
  );
}
