import { operations as op } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as notifications from './service.ts';

/** My notifications: each user reads and marks only their own (see ./policy.ts). */
export default async function notificationRoutes(app: App) {
  const db = () => app.database.db;

  implement(app, op.listNotifications, (request) =>
    notifications.listNotifications(db(), actorOf(request), request.query),
  );
  implement(app, op.countUnreadNotifications, async (request) => ({
    unread: await notifications.unreadCount(db(), actorOf(request).userId),
  }));
  implement(app, op.markNotificationRead, async (request) => {
    await notifications.markRead(db(), actorOf(request).userId, request.params.id);
    return { ok: true };
  });
  implement(app, op.markAllNotificationsRead, async (request) => {
    await notifications.markAllRead(db(), actorOf(request).userId);
    return { ok: true };
  });
}
