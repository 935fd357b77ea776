export default {
  name: 'つなぐ',
  tagline: '医療的ケア児等コーディネーターのネットワーク',
  skipToContent: '本文へ移動',
  loading: '読み込み中…',
  notFound: 'ページが見つかりません',
  backHome: 'トップへ戻る',
  mainNav: 'メインメニュー',
} as const;
