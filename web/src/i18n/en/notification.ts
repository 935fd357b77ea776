import type { MessageSchema } from '../ja.ts';

const notification: MessageSchema['notification'] = {
  title: 'Notifications',
  bellUnread: 'Notifications ({n} unread)',
  unread: 'Unread',
  unreadOnly: 'Unread only',
  markRead: 'Mark as read',
  markReadOf: 'Mark "{title}" as read',
  markAllRead: 'Mark all as read',
  empty: 'No notifications.',
  by: 'by {name}',
  subject: {
    consultation: 'Consultation',
    referral: 'Referral',
    case_report: 'Case report',
    message: 'Message',
    organization_request: 'Organisation request',
    other: 'About',
  },
};

export default notification;
