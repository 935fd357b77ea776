/**
 * The error catalogue: stable codes, HTTP status, and a message a person can act on,
 * in Japanese and English. The server answers `{ code, message, messageEn, details? }`.
 */
export const errorCatalogue = {
  validation: { status: 400, ja: '入力内容に誤りがあります。', en: 'Some input is not valid.' },
  unauthenticated: {
    status: 401,
    ja: 'ログインしてください。',
    en: 'Please sign in.',
  },
  session_expired: {
    status: 401,
    ja: 'セッションの有効期限が切れました。もう一度ログインしてください。',
    en: 'Your session has expired. Please sign in again.',
  },
  invalid_credentials: {
    status: 401,
    ja: 'メールアドレスまたはパスワードが正しくありません。',
    en: 'The e-mail address or password is not correct.',
  },
  totp_required: {
    status: 401,
    ja: '認証アプリの6桁のコードを入力してください。',
    en: 'Enter the 6-digit code from your authenticator app.',
  },
  totp_invalid: {
    status: 401,
    ja: '認証コードが正しくないか、すでに使われています。',
    en: 'The authentication code is wrong or was already used.',
  },
  totp_setup_required: {
    status: 403,
    ja: 'この役割では二段階認証の設定が必要です。',
    en: 'Your role requires setting up two-step verification first.',
  },
  account_locked: {
    status: 423,
    ja: 'ログインの失敗が続いたため、アカウントを一時的にロックしました。しばらくしてからお試しください。',
    en: 'Too many failed sign-ins: the account is locked for a while. Try again later.',
  },
  account_disabled: {
    status: 403,
    ja: 'このアカウントは無効になっています。',
    en: 'This account is disabled.',
  },
  forbidden: {
    status: 403,
    ja: 'この操作を行う権限がありません。',
    en: 'You are not allowed to do this.',
  },
  not_found: { status: 404, ja: '見つかりません。', en: 'Not found.' },
  conflict: { status: 409, ja: 'すでに登録されています。', en: 'This already exists.' },
  token_invalid: {
    status: 400,
    ja: 'リンクが無効か、期限が切れています。',
    en: 'The link is invalid or has expired.',
  },
  weak_password: {
    status: 400,
    ja: 'このパスワードは使えません。',
    en: 'This password cannot be used.',
  },
  rate_limited: {
    status: 429,
    ja: '短時間に多くの要求がありました。少し待ってからお試しください。',
    en: 'Too many requests. Please wait a moment and try again.',
  },
  payload_too_large: {
    status: 413,
    ja: '送信されたデータが大きすぎます。',
    en: 'The data sent is too large.',
  },
  bad_csv: {
    status: 400,
    ja: 'CSVファイルを読み取れませんでした。',
    en: 'The CSV file could not be read.',
  },
  pii_found: {
    status: 422,
    ja: '個人を特定できる情報が含まれている可能性があります。該当箇所を修正するか、理由を書いてそのまま投稿してください。',
    en: 'The text may contain personal data. Fix the highlighted parts, or give a reason to post it as it is.',
  },
  invalid_transition: {
    status: 409,
    ja: 'この状態には変更できません。',
    en: 'The status cannot change this way.',
  },
  internal: {
    status: 500,
    ja: 'サーバーで問題が発生しました。時間をおいてお試しください。',
    en: 'Something went wrong on the server. Please try again later.',
  },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;
