/**
 * Contact details, identifying numbers, dates and places, matched on the normalised view
 * (view.ts). Every quantifier is bounded and no group nests an unbounded one, so each start
 * position costs a bounded amount of work: the scan is linear in the text's length.
 * Where a pattern has a group `v`, only that part is flagged (the label stays readable).
 */
import type { PiiKind, Span } from './types.ts';

// A number is not an identifier when a unit or a counter follows it (200ml, 2024年, 3回).
const NOT_MEASURE =
  '(?![0-9]|[ ]?(?:[A-Za-zμµ%℃°円人回件個歳日時分秒度枚本床台名例倍錠包滴週月年号点割級種区]|か月|ヶ月|カ月|ｍ|ｇ))';
// Between a label and its value: 「受給者証番号：」「記号は」「No.」「（」.
const SEP = '(?:[ :=#は、の(「第]|No\\.?|NO\\.?|no\\.?|№|番号|ナンバー){0,4}';
// A number of 4+ characters, maybe after a short letter prefix (A-123456); digit count is checked after.
// After a label, 「第12345号」 is the number itself, not a count.
const NUMBER = `(?<v>(?:[A-Za-z]{1,4}[- ]?)?[0-9](?:[0-9-]| (?=[0-9])){2,24}[0-9])${NOT_MEASURE.replace('号', '')}`;

const labelled = (labels: string) => new RegExp(`(?:${labels})${SEP}${NUMBER}`, 'dg');

const CERTIFICATE =
  '通所受給者証番号|受給者証番号|受給資格者番号|受給者番号|受給者証|受給証|受給券|医療証番号|医療受給者証|医療証|公費負担者番号|公費番号|' +
  '身体障害者手帳|精神障害者保健福祉手帳|障害者手帳|療育手帳|愛の手帳|手帳番号|小慢番号|被保護者番号|ケース番号';
const INSURANCE =
  '被保険者証番号|被保険者番号|保険者番号|保険証番号|保険証|保険番号|記号・番号|記号番号|記号|基礎年金番号|年金番号';
const MEDICAL_RECORD =
  'カルテ番号|カルテNo|カルテID|カルテ|診察券番号|診察券|患者ID|患者番号|病歴番号|MRN|ID番号';
const OTHER_ID = '利用者番号|利用者ID|会員番号|口座番号|整理番号|登録番号';
const PHONE_LABEL = '電話番号|電話|携帯番号|携帯|ケータイ|TEL|Tel|tel|FAX|Fax|fax|ファックス|℡|連絡先';

// Dates: a month or day may be written in kanji with 十 (十二月, 三十一日 → 3十1 in the view).
const N = '(?:[0-9]?十[0-9]?|[0-9]{1,2})(?![0-9十])';
const YEAR =
  '(?:(?:19|20)[0-9]{2}|(?:令和|平成|昭和|(?<![A-Za-z])[RHSrhs]) ?(?:[0-9]?十[0-9]?|[0-9]{1,2}|元))';
const FULL_DATE = new RegExp(`${YEAR} ?[年/.-] ?${N} ?[月/.-] ?${N}(?: ?日)?(?![0-9])`, 'g');
const BORN_AFTER = '(?= ?(?:生まれ|産まれ|うまれ|出生|生(?![活命徒産理物体後存涯計保])|が誕生日|の誕生日))';
const BIRTH_MONTH = new RegExp(`${YEAR} ?[年/.-] ?${N}(?: ?月)?${BORN_AFTER}`, 'g');
const BIRTHDAY = new RegExp(
  `(?<![0-9])${N} ?(?:月 ?${N} ?日|/${N})${BORN_AFTER}|(?:誕生日|生年月日|バースデー|birthday|DOB)(?:[ :は、(「]){0,3}(?<v>${N} ?(?:月 ?${N} ?日?|/${N}))(?![0-9])`,
  'dg',
);
const BORN_NEXT = new RegExp(`^${BORN_AFTER}`);
// A full date of a rule, a meeting or a deadline identifies nobody: 「令和7年4月1日施行」「12/5の会議」.
const INSTITUTIONAL_NEXT =
  /^ ?(?:の|に|から|より|で|付け?|現在)? ?(?:施行|公布|改正|制度|会議|締切|締め切り|期限|時点|告示|通知|発出|開催|説明会|研修|法|現在)/;
const BIRTH_BEFORE = /(?:生年月日|誕生|生まれ|出生|DOB|birth)[^。\n]{0,6}$/i;

// Places. A place word, then a block number in one of the Japanese forms.
// Digits too: kanji digits in place names (八頭郡, 三朝町) are digits in the view.
const PLACE_CHARS = '[\\u4e00-\\u9fff々ヶ\\u30a1-\\u30fa\\u30fc\\u3041-\\u30960-9]';
const PLACE = `(?![0-9])${PLACE_CHARS}{1,8}(?:都|道|府|県|市|区|町|村|郡)${PLACE_CHARS}{0,8}`;
const BLOCK =
  '[0-9]{1,4} ?(?:丁目(?: ?[0-9]{1,4}(?: ?(?:番地?|-) ?[0-9]{0,4} ?号?)?)?|番地(?:の?[0-9]{1,4})?|番 ?[0-9]{1,4} ?号|-[0-9]{1,4}(?:-[0-9]{1,4})?)';
const ADDRESS = new RegExp(`(?:${PLACE} ?)?${BLOCK}`, 'g');
const RESIDENCE = new RegExp(
  `${PLACE_CHARS}{1,8}(?:都|道|府|県|市|区|町|村)(?= ?(?:在住|に在住|に住|に居住|居住|へ転居|に転居|に引っ越|へ引っ越|に転入|へ転入))`,
  'g',
);
const ROOM =
  /[\u4e00-\u9fff々\u30a1-\u30fa\u30fc]{0,14} ?(?:[0-9]{1,3} ?(?:号棟|棟|-) ?)?[0-9]{3,4} ?号室|[\u4e00-\u9fff々\u30a1-\u30fa\u30fc]{0,14} ?[0-9]{1,3} ?(?:号棟|棟) ?[0-9]{2,4} ?号室?/g;

const patterns: { kind: PiiKind; re: RegExp; accept?: (value: string, m: RegExpExecArray) => boolean }[] = [
  {
    kind: 'email',
    re: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}(?<at>@| {0,2}(?:[([<]at[)\]>]| at |アットマーク|あっとまーく) {0,2})[A-Za-z0-9-]{1,63}(?<dots>(?: {0,2}(?:\.|[([<]dot[)\]>]| dot |ドット|どっと) {0,2}[A-Za-z0-9-]{1,63}){0,5})/g,
    // "meet at noon" is English, not an address: the spelt-out " at " needs a domain with dots.
    accept: (_, m) => m.groups?.at?.trim() !== 'at' || Boolean(m.groups?.dots),
  },
  {
    kind: 'url',
    re: /(?<![A-Za-z0-9])(?:https?:\/\/|www\.|(?:instagram|facebook|twitter|x|tiktok|youtube|ameblo|note|lin)\.(?:com|me|jp|ee)\/)[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]{1,300}/gi,
  },
  {
    kind: 'sns_account',
    re: /(?:LINE|ライン|Instagram|インスタグラム|インスタ|Twitter|ツイッター|Facebook|フェイスブック|TikTok|ティックトック|YouTube|ユーチューブ|Threads|Xアカウント)(?: ?(?:ID|id|アカウント名|アカウント|名))?(?: ?[:は=] ?| )?(?<v>@?[A-Za-z0-9_][A-Za-z0-9_.-]{2,29})(?![A-Za-z0-9_])|(?<![A-Za-z0-9._%+-])(?<w>@[A-Za-z_][A-Za-z0-9_.]{2,29})/dg,
    accept: (value) =>
      /[A-Za-z]/.test(value) && !/^@?(?:id|dm|ok|ng|live|post|call|works|pay|group|talk|mail)$/i.test(value),
  },
  { kind: 'certificate_number', re: labelled(CERTIFICATE), accept: (v) => digits(v) >= 4 },
  // 「記号12 番号345」: the 記号 and the 番号 together identify the insured person.
  {
    kind: 'insurance_number',
    re: new RegExp(
      `記号${SEP}(?<v>[\\u4e00-\\u9fff]{0,3}[0-9A-Za-z-]{1,12}[ 、,・]{0,2}番号${SEP}[0-9-]{1,12}[0-9])(?![0-9])`,
      'dg',
    ),
    accept: (v) => digits(v) >= 3,
  },
  { kind: 'insurance_number', re: labelled(INSURANCE), accept: (v) => digits(v) >= 4 },
  { kind: 'medical_record_number', re: labelled(MEDICAL_RECORD), accept: (v) => digits(v) >= 3 },
  { kind: 'id_number', re: labelled(OTHER_ID), accept: (v) => digits(v) >= 4 },
  {
    kind: 'id_number',
    re: /(?<![A-Za-z])(?:ID|Id|id)(?: ?[:=#] ?| )(?<v>[A-Za-z0-9][A-Za-z0-9_-]{3,24})(?![A-Za-z0-9_])/dg,
  },
  {
    kind: 'my_number',
    re: new RegExp(`(?:マイナンバー|個人番号)${SEP}${NUMBER}`, 'dg'),
    accept: (v) => digits(v) === 12,
  },
  { kind: 'my_number', re: /(?<![0-9-])[0-9]{4}[- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9-])/g },
  { kind: 'birth_date', re: BIRTH_MONTH },
  { kind: 'birth_date', re: BIRTHDAY },
  { kind: 'date', re: FULL_DATE },
  {
    kind: 'postal_code',
    re: new RegExp(
      `〒 ?[0-9]{3}[- ]?[0-9]{4}(?![0-9])|郵便番号${SEP}(?<v>[0-9]{3}[- ]?[0-9]{4})(?![0-9])|(?<![0-9.~/-])[0-9]{3}-[0-9]{4}(?![-.])${NOT_MEASURE}`,
      'dg',
    ),
  },
  // Mobile and landline numbers, with or without separators, and +81 forms (10+ digits).
  {
    kind: 'phone',
    re: /(?<![0-9])(?:\+81[-\s.]?\(?0?|\(?0)[0-9]{1,4}\)?[-\s(.]?[0-9]{1,4}[-\s).]?[0-9]{3,4}(?![0-9])/g,
    accept: (v) => digits(v) >= 10,
  },
  // A labelled number without its area code: 「携帯 1234-5678」.
  {
    kind: 'phone',
    re: new RegExp(
      `(?:${PHONE_LABEL})${SEP}(?<v>\\+?[0-9](?:[0-9-]|[ ()](?=[0-9])){4,16}[0-9])${NOT_MEASURE}`,
      'dg',
    ),
    accept: (v) => digits(v) >= 6,
  },
  { kind: 'address', re: ADDRESS, accept: (v) => isAddress(v) },
  { kind: 'address', re: RESIDENCE },
  { kind: 'address', re: ROOM },
  {
    kind: 'school',
    re: /(?<![0-9])[0-9]{1,2}年 ?[0-9A-Za-z]{1,2}組|(?<![ぁ-ゖァ-ヺー])(?!この|その|あの|どの)[ぁ-ゖァ-ヺー]{2,6}(?:組|ぐみ)(?![みむんめまの])/g,
  },
];

function digits(value: string): number {
  let n = 0;
  for (const c of value) if (c >= '0' && c <= '9') n++;
  return n;
}

/** Address matches need a place word or a 丁目/番地 form: bare "3-2" is not an address; 区分3 is a grade. */
function isAddress(match: string): boolean {
  if (/区分|等級|級/.test(match)) return false;
  return /(都|道|府|県|市|区|町|村|郡)/.test(match) || /(丁目|番地|番\s*\d+\s*号)/.test(match);
}

/** Pattern findings of the view; `text` is the original (for the birth context before a date). */
export function findPatterns(text: string, view: string, out: Span[]) {
  for (const { kind, re, accept } of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(view); m; m = re.exec(view)) {
      const group = m.indices?.groups?.v ?? m.indices?.groups?.w;
      const [start, end] = group ?? [m.index, m.index + m[0].length];
      const value = view.slice(start, end).trimEnd();
      if (!value || (accept && !accept(value, m))) continue;
      if (kind === 'address') {
        // 「住所は倉吉市…」: the place starts after the last particle before it.
        const cut = /^.*[はのがをにでとへも、]/.exec(
          value.slice(0, value.search(/[都道府県市区町村郡丁番0-9]/) + 1),
        );
        if (cut) {
          out.push({ kind, start: start + cut[0].length, end: start + value.length });
          continue;
        }
      }
      let found = kind;
      if (kind === 'date') {
        if (
          BIRTH_BEFORE.test(text.slice(Math.max(0, start - 12), start)) ||
          BORN_NEXT.test(view.slice(end, end + 8))
        )
          found = 'birth_date';
        else if (INSTITUTIONAL_NEXT.test(view.slice(end, end + 10))) continue;
      }
      out.push({ kind: found, start, end: start + value.length });
    }
  }
}
