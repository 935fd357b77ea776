import { describe, expect, it } from 'vitest';
import { findPersonalData, type PiiKind } from './pii.ts';

/**
 * Sentences as a coordinator writes them in a hurry: full- and half-width, kanji numerals,
 * romaji. Each positive names the kind and the exact text that must be flagged.
 */
const positives: [string, PiiKind, string][] = [
  // E-mail, also full-width and spelt out
  ['母の連絡先 yui.mama@gmail.com に送付済み', 'email', 'yui.mama@gmail.com'],
  ['メールはｙｕｉｍａｍａ＠ｄｏｃｏｍｏ．ｎｅ．ｊｐです', 'email', 'ｙｕｉｍａｍａ＠ｄｏｃｏｍｏ．ｎｅ．ｊｐ'],
  ['アドレス sato_k アットマーク ezweb.ne.jp', 'email', 'sato_k アットマーク ezweb.ne.jp'],
  ['yamada.h(at)example.co.jp まで資料を', 'email', 'yamada.h(at)example.co.jp'],
  ['連絡はtanaka at softbank dot ne dot jpへ', 'email', 'tanaka at softbank dot ne dot jp'],
  ['父:taro-1985@icloud.comから返信あり', 'email', 'taro-1985@icloud.com'],
  // Phone numbers
  ['母携帯080-9876-5432、夜間は出られない', 'phone', '080-9876-5432'],
  ['自宅0859-33-1234に連絡', 'phone', '0859-33-1234'],
  ['TEL:0857(22)4567', 'phone', '0857(22)4567'],
  ['連絡先 ０９０ １２３４ ５６７８（母）', 'phone', '０９０ １２３４ ５６７８'],
  ['〇九〇ー一二三四ー五六七八に折り返し', 'phone', '〇九〇ー一二三四ー五六七八'],
  ['父の携帯は+81-90-2345-6789（海外赴任中）', 'phone', '+81-90-2345-6789'],
  ['携帯 1234-5678（市外局番なし）', 'phone', '1234-5678'],
  ['固定電話 03.5555.1234', 'phone', '03.5555.1234'],
  ['070ｰ1111ｰ2222へショートメール', 'phone', '070ｰ1111ｰ2222'],
  // Postal codes
  ['〒680-0011 鳥取市東町', 'postal_code', '〒680-0011'],
  ['〒６８３８５０３', 'postal_code', '〒６８３８５０３'],
  ['郵便番号：689 2301', 'postal_code', '689 2301'],
  // Addresses
  ['米子市角盤町一丁目5番地に転居予定', 'address', '米子市角盤町一丁目5番地'],
  ['住所は倉吉市上井町2-13-5', 'address', '倉吉市上井町2-13-5'],
  ['錦町3丁目の県営住宅', 'address', '錦町3丁目'],
  ['鳥取県八頭郡智頭町智頭123番地', 'address', '鳥取県八頭郡智頭町智頭123番地'],
  ['境港市在住の母子家庭', 'address', '境港市'],
  ['コーポ青葉203号室に住む', 'address', 'コーポ青葉203号室'],
  ['東京都世田谷区北沢２－３－１０', 'address', '東京都世田谷区北沢２－３－１０'],
  ['１丁目２番３号の角の家', 'address', '１丁目２番３号'],
  // Benefit certificates, insurance, medical records, other IDs
  ['受給者証番号1234567890で申請', 'certificate_number', '1234567890'],
  ['受給者番号：０１２３４５６７', 'certificate_number', '０１２３４５６７'],
  ['通所受給者証 No.3100012345', 'certificate_number', '3100012345'],
  ['療育手帳の番号はA-123456', 'certificate_number', 'A-123456'],
  ['医療証番号 八〇一二三四五六', 'certificate_number', '八〇一二三四五六'],
  ['被保険者番号12345678を確認', 'insurance_number', '12345678'],
  ['保険者番号06270011', 'insurance_number', '06270011'],
  ['保険証の記号は1234-56', 'insurance_number', '1234-56'],
  ['カルテ番号：00123456', 'medical_record_number', '00123456'],
  ['診察券番号 987654 で予約', 'medical_record_number', '987654'],
  ['患者ID 2024-0315', 'medical_record_number', '2024-0315'],
  ['ID:yui_0401でログイン', 'id_number', 'yui_0401'],
  ['利用者番号 55012345', 'id_number', '55012345'],
  ['マイナンバー 1234-5678-9012 を控えた', 'my_number', '1234-5678-9012'],
  ['個人番号は１２３４５６７８９０１２', 'my_number', '１２３４５６７８９０１２'],
  // Birth and exact dates
  ['生年月日 H30.4.1', 'birth_date', 'H30.4.1'],
  ['平成三十年十二月二十五日生まれ', 'birth_date', '平成三十年十二月二十五日'],
  ['2019/04/01生', 'birth_date', '2019/04/01'],
  ['R3.11.5生まれの女児', 'birth_date', 'R3.11.5'],
  ['令和2年3月生まれ', 'birth_date', '令和2年3月'],
  ['誕生日は6月3日', 'birth_date', '6月3日'],
  ['５月１０日生まれで来月４歳', 'birth_date', '５月１０日'],
  ['２０２１年１月７日にＮＩＣＵ入院', 'date', '２０２１年１月７日'],
  ['令和５年１２月２８日退院', 'date', '令和５年１２月２８日'],
  // Names with honorifics, labels, romaji
  ['ゆいちゃんは夜間吸引が多い', 'name', 'ゆいちゃん'],
  ['陽子さんが疲れている', 'name', '陽子さん'],
  ['健一くんの通学', 'name', '健一くん'],
  ['サクラちゃんママから相談', 'name', 'サクラちゃん'],
  ['ゆいママと面談', 'name', 'ゆいママ'],
  ['佐藤氏より連絡', 'name', '佐藤氏'],
  ['Yui-chanの件で', 'name', 'Yui-chan'],
  ['Sota kunは元気', 'name', 'Sota kun'],
  ['Mr. Tanakaと調整', 'name', 'Mr. Tanaka'],
  ['氏名：山田 花子', 'name', '山田 花子'],
  ['名前は中村翔太です', 'name', '中村翔太'],
  ['ゆいちゃんと一緒に来所', 'name', 'ゆいちゃん'],
  // URLs and SNS
  ['ブログ https://ameblo.jp/yui-mama/ で発信', 'url', 'https://ameblo.jp/yui-mama/'],
  ['instagram.com/yui_mama2020 を見た', 'url', 'instagram.com/yui_mama2020'],
  ['LINE ID: yuimama0401', 'sns_account', 'yuimama0401'],
  ['インスタ@yui_mama_tottori で発信', 'sns_account', '@yui_mama_tottori'],
  // Schools and classes
  ['就将小学校に通学中', 'school', '就将小学校'],
  ['県立皆生養護学校の小学部', 'school', '県立皆生養護学校'],
  ['ひまわり保育園さくら組', 'school', 'ひまわり保育園'],
  ['年長ぱんだ組に在籍', 'school', 'ぱんだ組'],
  ['２年３組の担任', 'school', '２年３組'],
  ['あおい保育園に入園', 'school', 'あおい保育園'],
  ['母（山田花子）より電話', 'name', '山田花子'],
  ['陽向（ひなた）の件', 'name', '陽向'],
  ['被保険者証 記号12 番号345', 'insurance_number', '12 番号345'],
  ['Twitter @mama_ikea_care', 'sns_account', '@mama_ikea_care'],
  ['米子市西福原二丁目1-10', 'address', '米子市西福原二丁目1-10'],
  ['鳥取市湖山町東4丁目101', 'address', '鳥取市湖山町東4丁目101'],
  ['療育手帳番号 第12345号', 'certificate_number', '12345'],
  ['記号：鳥12 番号：3456', 'insurance_number', '鳥12 番号：3456'],
  ['氏名 山田太郎', 'name', '山田太郎'],
  ['はるとくんが入院', 'name', 'はるとくん'],
  ['さとしくんの母', 'name', 'さとしくん'],
];

const negatives = [
  // Dosages, measures, vitals
  '注入量は100-150-200mlと段階的に増量',
  'ミルク120ml×6回、経管栄養200ml×4',
  '5mg/kgで開始、0.5-1.0mg/kg/dayに調整',
  '血圧100/60、脈拍120、SpO2 95%',
  'SpO2 90～95％で経過',
  '体重12.5kg、身長88.3cm',
  '気管カニューレ4.0mm、カフなし',
  '酸素0.5L/分、夜間1L/分',
  '体温37.5℃、呼吸数30回/分',
  '1日3回、朝・昼・夕に内服',
  '吸引は1日10〜20回',
  'カテーテル8Fr、10cm挿入',
  '水分800-1000ml/日を目標',
  '出生体重2500g、在胎38週',
  '血糖値80-120mg/dL',
  'エンシュア250ml 1日2本',
  // Dates and periods that identify nobody
  '令和6年度の予算で短期入所を拡充',
  '2024年4月から訪問看護を週3回',
  '平成30年度から開始した事業',
  '2023年度末に退院調整会議',
  '4月から就学予定',
  '10:30に訪問、11:15退出',
  '毎週火曜13:00-15:00にデイ利用',
  '3歳児健診で指摘あり',
  '5歳、医療的ケアあり',
  '生後6か月で気管切開',
  '2歳3か月、体重8kg',
  '6月に更新予定',
  'R6年度中に見直し',
  // Grades, classes of support
  '障害支援区分6、身体障害者手帳1級',
  '療育手帳A判定',
  '療育手帳B1を所持',
  '要介護3の祖母と同居',
  '受給者証の更新手続き中',
  '受給者証は来年3月更新',
  '保険証のコピーを提出',
  'カルテを確認した',
  // Roles and relations with honorifics
  'お母さんが疲れている。お父さんは単身赴任中。',
  '訪問看護師さんと主治医の先生に相談した',
  '担当の相談員さんと保健師さんが同席',
  'ヘルパーさんが週2回入っている',
  'お子さんの様子を確認',
  'きょうだいさんへの支援も必要',
  'おばあちゃんが日中見ている',
  '親御さんの負担が大きい',
  'ケアマネさんと調整',
  '訪看さんから報告',
  'たくさん話を聞いた',
  '薬はちゃんと飲めている',
  '毎日ちゃんと吸引できている',
  'ご家族様の意向を確認',
  'みなさんお疲れ様でした',
  'Aちゃん（5歳）は医療的ケアが必要',
  'Bくんの事例を参考に',
  '〇〇さんの件（仮名）',
  'MSWさんに相談',
  // Places and schools in general terms
  '西部圏域の短期入所が2か所しかない',
  '特別支援学校に通学',
  '地元の小学校への就学を希望',
  '市内の保育園では受け入れ困難',
  '県立特別支援学校の訪問学級',
  '医療的ケア児受入れ保育園を探している',
  '同じクラスの子と遊ぶ',
  '取り組みを共有した',
  '市外の病院に通院',
  // Other text that looks like numbers
  'X線で確認、異常なし',
  'LINEで連絡を取り合っている',
  '第2回連携推進会議',
  '送付数126件、回答数82件',
  '2019年には約2万人',
  '59.6％が課題と回答',
  '手順1-2-3の通り実施',
  'フォーム2-3を記入',
  'ID取得の手続き中',
  '看護師配置のある保育園の情報がほしい',
  '通えるいい保育園がない',
  '看護師が常駐していない保育所では難しい',
  '子どものママ友に相談',
  'ワーキングママとして復職',
  '緊急時は119番',
  '12:00-13:00は昼休み',
  '体重は3,200gで出生',
  'ベビーシッターさんの活用を検討',
  'お母様の体調が心配',
  'からだがちゃんと動く',
  'おとなしいこどもさん',
  'お母さんとおばあちゃんが交代で',
  'それとたくさんの支援者',
];

describe("findPersonalData on a coordinator's sentences", () => {
  it.each(positives)('catches %s (%s)', (text, kind, span) => {
    const findings = findPersonalData(text).map((f) => ({ kind: f.kind, text: [...text].slice(f.start, f.end).join('') }));
    expect(findings).toContainEqual({ kind, text: span });
  });

  it.each(negatives)('leaves alone: %s', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it('has at least 60 sentences each way', () => {
    expect(positives.length).toBeGreaterThanOrEqual(60);
    expect(negatives.length).toBeGreaterThanOrEqual(60);
  });
});
