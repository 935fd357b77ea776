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
  origin_refused: {
    status: 403,
    ja: 'このページ以外から送られた要求は受け付けられません。つなぐの画面から操作してください。',
    en: 'Requests sent from another site are refused. Use Tsunagu from its own pages.',
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
  consent_required: {
    status: 422,
    ja: 'ご家族の同意が記録されていないため、紹介を送れません。同意を得た日・方法・紹介先を記録してから送ってください。',
    en: "The family's consent is not recorded, so the referral cannot be sent. Record the date, method and recipient of the consent first.",
  },
  consent_mismatch: {
    status: 422,
    ja: '記録された同意は、この紹介先への提供を対象にしていません。紹介先に合わせて同意を記録し直してください。',
    en: 'The recorded consent does not cover this recipient. Record the consent again for the chosen recipient.',
  },
  family_erased: {
    status: 410,
    ja: '保存期間が過ぎたため、ご家族の情報は消去されました。紹介の経過は引き続き確認できます。',
    en: "The family's details were erased after the retention period. The referral's history remains.",
  },
  import_has_errors: {
    status: 422,
    ja: 'CSVに誤りのある行があるため、何も取り込みませんでした。試行（ドライラン）の結果を見て直してから、もう一度取り込んでください。',
    en: 'Some rows of the CSV have errors, so nothing was imported. Fix them using the dry-run report, then import again.',
  },
  recipient_unavailable: {
    status: 422,
    ja: 'この紹介先は紹介を受け取れません。',
    en: 'This recipient cannot receive referrals.',
  },
  not_member: {
    status: 403,
    ja: 'この会話に参加していないため、この操作はできません。',
    en: 'You are not a member of this conversation, so you cannot do this.',
  },
  too_many_events: {
    status: 429,
    ja: '短時間に送信が多すぎます。少し待ってから、もう一度送ってください（接続はそのままです）。',
    en: 'Too many messages or events in a short time. Wait a moment and send again (you are still connected).',
  },
  unavailable: {
    status: 503,
    ja: 'サービスが一時的に利用できません。しばらくすると自動的に再試行します。',
    en: 'The service is briefly unavailable. It will be retried automatically in a moment.',
  },
  internal: {
    status: 500,
    ja: 'サーバーで問題が発生しました。時間をおいてお試しください。',
    en: 'Something went wrong on the server. Please try again later.',
  },
} as const;

export type ErrorCode = keyof typeof errorCatalogue;
