export default {
  title: 'お知らせ',
  bellUnread: 'お知らせ（未読{n}件）',
  unread: '未読',
  unreadOnly: '未読のみ表示',
  markRead: '既読にする',
  markReadOf: '「{title}」を既読にする',
  markAllRead: 'すべて既読にする',
  empty: 'お知らせはありません。',
} as const;
