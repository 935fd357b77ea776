import {
  EmptyBody,
  EmptyQuery,
  IdParams,
  NotificationListQuery,
  NotificationListResponse,
  OkResponse,
  UnreadCountResponse,
} from '@tsunagu/shared';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as notifications from './service.ts';

export default async function notificationRoutes(app: App) {
  app.get('/api/notifications', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['notifications'],
      summary: 'My notifications, newest first, with the unread count',
      querystring: NotificationListQuery,
      response: { 200: NotificationListResponse },
    },
    handler: async (request) =>
      notifications.listNotifications(app.database.db, actorOf(request).userId, request.query),
  });

  app.get('/api/notifications/unread-count', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], querystring: EmptyQuery, response: { 200: UnreadCountResponse } },
    handler: async (request) => ({
      unread: await notifications.unreadCount(app.database.db, actorOf(request).userId),
    }),
  });

  app.post('/api/notifications/:id/read', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['notifications'],
      params: IdParams,
      body: EmptyBody,
      querystring: EmptyQuery,
      response: { 200: OkResponse },
    },
    handler: async (request) => {
      await notifications.markRead(app.database.db, actorOf(request).userId, request.params.id);
      return { ok: true };
    },
  });

  app.post('/api/notifications/read-all', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['notifications'],
      body: EmptyBody,
      querystring: EmptyQuery,
      response: { 200: OkResponse },
    },
    handler: async (request) => {
      await notifications.markAllRead(app.database.db, actorOf(request).userId);
      return { ok: true };
    },
  });
}
