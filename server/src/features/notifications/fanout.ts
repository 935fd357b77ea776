import type { App } from '../../types.ts';
import { unreadCount } from './service.ts';

/** A stored notification reaches the user's open browsers (every process, through the adapter) after the commit. */
export function pushNotifications(app: App): void {
  const { io } = app.realtime;
  const off = app.events.subscribe('notification.created', async ({ userId, notification }) => {
    const unread = await unreadCount(app.database.db, userId);
    io.to(`user:${userId}`).emit('notification', { notification, unread });
  });
  app.addHook('preClose', async () => off());
}
