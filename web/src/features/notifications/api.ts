import { call } from '@/api/operations.ts';

export const notificationsApi = {
  list: (query: { page: number; pageSize: number; unread?: boolean }) => call('listNotifications', { query }),
  unreadCount: () => call('countUnreadNotifications'),
  markRead: (id: string) => call('markNotificationRead', { params: { id }, body: {} }),
  markAllRead: () => call('markAllNotificationsRead', { body: {} }),
};
