import { EventEmitter } from 'node:events';
import type { Notification } from '@tsunagu/shared';

/**
 * Notifications are stored first, then announced here after the commit; real-time delivery
 * (socket.io) subscribes to this bus, so every channel sees the same notifications.
 */
export interface NotificationEvents {
  created: [userId: string, notification: Notification];
}
export const notificationBus = new EventEmitter<NotificationEvents>();
