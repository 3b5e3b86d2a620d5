// The inbox and notification preferences: documents and the kinds' labels, shared by the top bar and the two pages.
import { graphql } from '../../gql';
import type { MessageKey } from '../../i18n/zh-CN';
import type { NotificationKind } from '../../gql/graphql';

export const INBOX = graphql(`query Inbox($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    unreadCount
    edges { cursor node { id kind title { zhCN en } body { zhCN en } link createdAt readAt } }
    pageInfo { hasNextPage endCursor }
  }
}`);

export const UNREAD = graphql(`query UnreadCount { notifications(first: 1, unreadOnly: true) { unreadCount } }`);

export const MARK_READ = graphql(`mutation MarkNotificationsRead($ids: [ID!], $all: Boolean) {
  markNotificationsRead(ids: $ids, all: $all) { notificationsRead { marked unreadCount } userErrors { code message field } }
}`);

export const PREFERENCES = graphql(`query NotificationPreferences { notificationPreferences { kind inApp email robot robotApplies } }`);

export const SET_PREFERENCES = graphql(`mutation SetNotificationPreferences($input: SetNotificationPreferencesInput!) {
  setNotificationPreferences(input: $input) { preferences { kind inApp email robot robotApplies } userErrors { code message field } }
}`);

/** The subscription document as text (graphql-ws takes the query string). */
export const RECEIVED = 'subscription NotificationReceived { notificationReceived { id kind title { zhCN en } } }';

/** Told by the inbox when it marks notifications read, so the top bar's count follows at once. */
export const READ_EVENT = 'gamified:notifications-read';
/** Raised by the top bar when a notification arrives over the socket, so an open inbox shows it. */
export const ARRIVED_EVENT = 'gamified:notification-arrived';

export const kindLabel: Record<NotificationKind, MessageKey> = {
  PLAN_ASSIGNED: 'kindPlanAssigned',
  PLAN_CHANGED: 'kindPlanChanged',
  PLAN_DEADLINE_SOON: 'kindPlanDeadlineSoon',
  PLAN_OVERDUE: 'kindPlanOverdue',
  SESSION_CHANGED: 'kindSessionChanged',
  SESSION_CANCELLED: 'kindSessionCancelled',
  WAITLIST_PLACE_FREED: 'kindWaitlistPlaceFreed',
  BADGE_EARNED: 'kindBadgeEarned',
  AWARD_REVOKED: 'kindAwardRevoked',
};
