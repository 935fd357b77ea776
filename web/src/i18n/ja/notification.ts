export default {
  title: 'お知らせ',
  bellUnread: 'お知らせ（未読{n}件）',
  unread: '未読',
  unreadOnly: '未読のみ表示',
  markRead: '既読にする',
  markReadOf: '「{title}」を既読にする',
  markAllRead: 'すべて既読にする',
  empty: 'お知らせはありません。',
  by: '{name}さん',
  subject: {
    consultation: '相談',
    referral: '紹介',
    case_report: '事例報告',
    message: 'メッセージ',
    organization_request: '所属変更の依頼',
    other: '対象',
  },
} as const;
