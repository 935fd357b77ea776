import { findCode, vocabularies, type VocabularyName } from '@tsunagu/shared';

/** The fields of a coordinator list, with the header names accepted for each (Japanese or English). */
export const columnSpecs = [
  {
    field: 'name',
    ja: '氏名',
    en: 'name',
    required: true,
    aliases: ['名前', '氏名（漢字）', 'full_name', 'fullname', 'display_name'],
  },
  {
    field: 'kana',
    ja: 'ふりがな',
    en: 'kana',
    required: false,
    aliases: ['フリガナ', 'よみがな', 'ヨミガナ', 'かな', 'カナ', 'furigana', 'name_kana'],
  },
  {
    field: 'email',
    ja: 'メールアドレス',
    en: 'email',
    required: true,
    aliases: ['メール', 'e-mail', 'e_mail', 'mail', 'email_address', 'eメール', 'eメールアドレス'],
  },
  {
    field: 'organization',
    ja: '所属機関',
    en: 'organization',
    required: true,
    aliases: [
      '所属',
      '所属機関名',
      '所属先',
      '勤務先',
      'organisation',
      'organization_name',
      'organisation_name',
    ],
  },
  {
    field: 'organizationType',
    ja: '機関種別',
    en: 'organization_type',
    required: false,
    aliases: ['所属機関種別', '機関の種別', '種別', 'organisation_type', 'org_type'],
  },
  {
    field: 'municipality',
    ja: '所在市町村',
    en: 'municipality',
    required: false,
    aliases: ['所属機関所在市町村', '所在地', '市町村', 'municipality_code', 'organization_municipality'],
  },
  {
    field: 'qualifications',
    ja: '資格',
    en: 'qualifications',
    required: false,
    aliases: ['保有資格', '基礎資格', '職種', 'qualification'],
  },
  {
    field: 'trainingYear',
    ja: '研修修了年度',
    en: 'training_year',
    required: false,
    aliases: ['修了年度', '研修修了年', '養成研修修了年度', 'training_completed'],
  },
  {
    field: 'municipalitiesCovered',
    ja: '担当市町村',
    en: 'municipalities_covered',
    required: false,
    aliases: ['担当地域', '活動市町村', '対応市町村', 'municipalities', 'covered_municipalities'],
  },
  {
    field: 'careTypes',
    ja: '医療的ケア',
    en: 'care_types',
    required: false,
    aliases: ['対応可能な医療的ケア', '医療的ケアの経験', 'care_type', 'medical_care'],
  },
  {
    field: 'domains',
    ja: '支援領域',
    en: 'domains',
    required: false,
    aliases: ['領域', 'support_domains', 'domain'],
  },
  {
    field: 'accepting',
    ja: '相談受付',
    en: 'accepting',
    required: false,
    aliases: ['相談受付可否', '相談の受付', '受付', 'accepting_consultations'],
  },
  {
    field: 'phone',
    ja: '電話',
    en: 'phone',
    required: false,
    aliases: ['電話番号', 'tel', 'telephone', 'phone_number'],
  },
  {
    field: 'contact',
    ja: '連絡方法',
    en: 'contact',
    required: false,
    aliases: ['連絡先', '連絡方法・連絡先', 'contact_method'],
  },
] as const;

export type Field = (typeof columnSpecs)[number]['field'];

/** For comparing names: full-width → half-width, case and every kind of space ignored. */
export const fold = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-‐・.()（）*＊※]/g, '');

const headerIndex = new Map<string, Field>(
  columnSpecs.flatMap((c) => [c.ja, c.en, ...c.aliases].map((name) => [fold(name), c.field] as const)),
);

export interface HeaderMap {
  /** field → column index in the file */
  index: Partial<Record<Field, number>>;
  /** field → the header as written in the file (named in row errors) */
  label: Partial<Record<Field, string>>;
  width: number;
  missing: Field[];
  duplicate: string[];
  ignored: string[];
}

/** Recognises the header row. Marks like "（必須）" or "*" after a name are tolerated. */
export function mapHeader(header: string[]): HeaderMap {
  const map: HeaderMap = {
    index: {},
    label: {},
    width: header.length,
    missing: [],
    duplicate: [],
    ignored: [],
  };
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (!name) return;
    const field =
      headerIndex.get(fold(name)) ??
      headerIndex.get(fold(name.replace(/[（(]\s*(必須|任意|required|optional)\s*[)）]/giu, '')));
    if (!field) return void map.ignored.push(name);
    if (map.index[field] !== undefined) return void map.duplicate.push(name);
    map.index[field] = i;
    map.label[field] = name;
  });
  map.missing = columnSpecs.filter((c) => c.required && map.index[c.field] === undefined).map((c) => c.field);
  return map;
}

export const specOf = (field: Field) => columnSpecs.find((c) => c.field === field)!;
export const headerName = (field: Field) => `${specOf(field).ja}/${specOf(field).en}`;

/** A cell's text: trimmed (full-width spaces too); a lone dash means "nothing". */
export function cell(value: string | undefined): string {
  const text = (value ?? '').replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  return /^[-－―‐ー−]$/.test(text) ? '' : text;
}

/** Splits a list cell on 、 , ; / (and their full-width forms, and line breaks), not inside brackets. */
export function splitList(value: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of value) {
    if ('(（[［【'.includes(c)) depth++;
    else if (')）]］】'.includes(c)) depth = Math.max(0, depth - 1);
    if (depth === 0 && '、,，;；/／\n'.includes(c)) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')).filter(Boolean);
}

const withoutBrackets = (s: string) => s.replace(/[（(][^）)]*[）)]/g, '');

/**
 * A code from a code or a label in either language, tolerant of width, case and spacing, of the
 * bracketed part of a label ("吸引" for 吸引（口鼻腔・気管内）) and of "の管理" ("人工呼吸器").
 */
export function matchTerm(name: VocabularyName, input: string): string | undefined {
  const direct = findCode(name, input);
  if (direct) return direct;
  const needle = fold(input);
  if (!needle) return undefined;
  const terms = vocabularies[name];
  const exact = terms.find((t) => fold(t.code) === needle || fold(t.ja) === needle || fold(t.en) === needle);
  if (exact) return exact.code;
  const loose = terms.filter((t) => {
    const ja = withoutBrackets(t.ja);
    return (
      fold(ja) === needle ||
      fold(ja.replace(/の管理$/, '')) === needle ||
      fold(withoutBrackets(t.en)) === needle
    );
  });
  return loose.length === 1 ? loose[0]!.code : undefined;
}

const truthy = new Set([
  '可',
  '受付可',
  '受付中',
  '○',
  '〇',
  '◯',
  'はい',
  '有',
  'あり',
  'yes',
  'y',
  'true',
  '1',
  'ok',
]);
const falsy = new Set([
  '否',
  '不可',
  '受付不可',
  '停止中',
  '×',
  '✕',
  '✖',
  'いいえ',
  '無',
  'なし',
  'no',
  'n',
  'false',
  '0',
]);

export function parseAccepting(value: string): boolean | undefined {
  const v = value.normalize('NFKC').trim().toLowerCase();
  if (truthy.has(v) || truthy.has(value.trim())) return true;
  if (falsy.has(v) || falsy.has(value.trim())) return false;
  return undefined;
}

/** "看護師", "看護師:10", "看護師（10年）", "nurse 10y" → label and years. */
export function splitQualification(
  item: string,
): { label: string; years: number | undefined } | { label: string; badYears: string } {
  const text = item.trim();
  const colon = /^(.*?)[:：]\s*([^:：]*)$/u.exec(text);
  if (colon) {
    const years = yearsOf(colon[2]!);
    return years === undefined
      ? { label: colon[1]!.trim(), badYears: colon[2]! }
      : { label: colon[1]!.trim(), years };
  }
  const bracket = /^(.*?)\s*[（(]\s*([^（()）]*)\s*[)）]$/u.exec(text);
  if (bracket) {
    const years = yearsOf(bracket[2]!);
    // A bracket that is not a number of years belongs to the label (心理職（公認心理師・臨床心理士）).
    if (years !== undefined) return { label: bracket[1]!.trim(), years };
  }
  return { label: text, years: undefined };
}

function yearsOf(s: string): number | undefined {
  const m = /^(\d{1,3})\s*(?:年|年目|years?|yrs?|y)?$/i.exec(s.normalize('NFKC').trim());
  return m ? Number(m[1]) : undefined;
}

export const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
export const KANA = /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s\u3000]*$/u;
export const PHONE = /^[0-9０-９+()\-－ ]*$/;
