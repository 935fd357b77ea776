import type { NotificationListResponse } from '@tsunagu/shared';
import { api, type Query } from '@/api/client.ts';

export const notificationsApi = {
  list: (query: Query) => api.get<NotificationListResponse>('/api/notifications', query),
  unreadCount: () => api.get<{ unread: number }>('/api/notifications/unread-count'),
  markRead: (id: string) => api.post<{ ok: boolean }>(`/api/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => api.post<{ ok: boolean }>('/api/notifications/read-all'),
};
