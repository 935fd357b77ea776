import { EmptyBody, IdParams, OkResponse } from '../schemas/common.ts';
import {
  NotificationListQuery,
  NotificationListResponse,
  UnreadCountResponse,
} from '../schemas/notifications.ts';
import { defineOperations } from './operation.ts';

const tags = ['notifications'];

/** Each user reads and marks only their own notifications. */
export const notificationOperations = defineOperations({
  listNotifications: {
    method: 'GET',
    path: '/api/notifications',
    access: 'authenticated',
    tags,
    summary: 'My notifications, newest first, with the unread count',
    query: NotificationListQuery,
    responses: { 200: NotificationListResponse },
  },
  countUnreadNotifications: {
    method: 'GET',
    path: '/api/notifications/unread-count',
    access: 'authenticated',
    tags,
    summary: 'How many of my notifications are unread',
    responses: { 200: UnreadCountResponse },
  },
  markNotificationRead: {
    method: 'POST',
    path: '/api/notifications/:id/read',
    access: 'authenticated',
    tags,
    summary: 'Mark one of my notifications read',
    params: IdParams,
    body: EmptyBody,
    responses: { 200: OkResponse },
  },
  markAllNotificationsRead: {
    method: 'POST',
    path: '/api/notifications/read-all',
    access: 'authenticated',
    tags,
    summary: 'Mark all my notifications read',
    body: EmptyBody,
    responses: { 200: OkResponse },
  },
});
