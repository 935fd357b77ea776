import { codesOf, findCode, type AcceptedCare, type CapacityState, type WaitEstimate } from '@tsunagu/shared';
import { CsvFileError } from '../import/csv-decode.ts';

/** The columns of a resource list and the words of its cells (Japanese or English). */
export type Field =
  | 'organization'
  | 'organizationMunicipality'
  | 'organizationType'
  | 'serviceType'
  | 'name'
  | 'description'
  | 'municipalities'
  | 'careTypes'
  | 'ageMin'
  | 'ageMax'
  | 'capacity'
  | 'waitEstimate'
  | 'confirmedAt'
  | 'contact'
  | 'notes';

/** The columns of a resource list, with the header names accepted for each (Japanese or English). */
export const resourceColumns: { field: Field; ja: string; required: boolean; aliases: string[] }[] = [
  {
    field: 'organization',
    ja: '事業所名',
    required: true,
    aliases: [
      '機関名',
      '法人・事業所名',
      '事業所',
      '所属機関',
      'organization',
      'organisation',
      'organization_name',
    ],
  },
  {
    field: 'organizationMunicipality',
    ja: '所在市町村',
    required: false,
    aliases: ['所在地', '事業所所在市町村', 'municipality', 'organization_municipality'],
  },
  {
    field: 'organizationType',
    ja: '機関種別',
    required: false,
    aliases: ['事業所種別', 'organization_type', 'org_type'],
  },
  {
    field: 'serviceType',
    ja: 'サービス種別',
    required: true,
    aliases: ['サービスの種類', '種別', 'service_type'],
  },
  {
    field: 'name',
    ja: 'サービス名',
    required: false,
    aliases: ['名称', 'サービス名称', 'name', 'service_name'],
  },
  { field: 'description', ja: '説明', required: false, aliases: ['内容', 'サービス内容', 'description'] },
  {
    field: 'municipalities',
    ja: '対象市町村',
    required: false,
    aliases: ['対象地域', '実施地域', 'サービス提供地域', '対応地域', 'municipalities', 'service_area'],
  },
  {
    field: 'careTypes',
    ja: '医療的ケア',
    required: false,
    aliases: ['対応可能な医療的ケア', '受け入れ可能な医療的ケア', 'care_types', 'medical_care'],
  },
  { field: 'ageMin', ja: '対象年齢下限', required: false, aliases: ['年齢下限', 'age_min', 'minimum_age'] },
  { field: 'ageMax', ja: '対象年齢上限', required: false, aliases: ['年齢上限', 'age_max', 'maximum_age'] },
  { field: 'capacity', ja: '受け入れ状況', required: false, aliases: ['受入状況', '空き状況', 'capacity'] },
  {
    field: 'waitEstimate',
    ja: '待機期間',
    required: false,
    aliases: ['待機期間の目安', 'wait', 'wait_estimate'],
  },
  {
    field: 'confirmedAt',
    ja: '最終確認日',
    required: false,
    aliases: ['確認日', 'confirmed', 'confirmed_at', 'last_confirmed'],
  },
  { field: 'contact', ja: '連絡先', required: false, aliases: ['問い合わせ先', 'contact'] },
  { field: 'notes', ja: '備考', required: false, aliases: ['メモ', 'notes'] },
];

const norm = (s: string) =>
  s
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-・（）()]/g, '');

/** Finds each known column in the header; refuses the file when a required one is missing. */
export function mapHeader(header: string[]): Map<Field, { index: number; name: string }> {
  const map = new Map<Field, { index: number; name: string }>();
  header.forEach((raw, index) => {
    const h = norm(raw.replace(/^\uFEFF/, ''));
    const spec = resourceColumns.find((c) => [c.ja, c.field, ...c.aliases].some((n) => norm(n) === h));
    if (spec && !map.has(spec.field)) map.set(spec.field, { index, name: raw.trim() });
  });
  const missing = resourceColumns.filter((c) => c.required && !map.has(c.field));
  if (missing.length)
    throw new CsvFileError(
      `1行目（見出し）に必要な列がありません: ${missing.map((c) => c.ja).join('、')}。見出しの例: ${resourceColumns.map((c) => c.ja).join(',')}`,
      `The header (line 1) lacks required columns: ${missing.map((c) => c.field).join(', ')}. Example header: ${resourceColumns.map((c) => c.ja).join(',')}`,
    );
  return map;
}

export const split = (value: string) =>
  value
    .split(/[、,，;；/／|｜\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export const capacityWords: Record<string, CapacityState> = {
  available: 'available',
  空きあり: 'available',
  受入可: 'available',
  受け入れ可: 'available',
  可: 'available',
  あり: 'available',
  waitlist: 'waitlist',
  待機あり: 'waitlist',
  空き待ち: 'waitlist',
  待機: 'waitlist',
  キャンセル待ち: 'waitlist',
  not_accepting: 'not_accepting',
  notaccepting: 'not_accepting',
  受け入れ停止: 'not_accepting',
  受入停止: 'not_accepting',
  停止中: 'not_accepting',
  不可: 'not_accepting',
  受け入れ不可: 'not_accepting',
};
export const waitWords: Record<string, WaitEstimate> = {
  under_1m: 'under_1m',
  under1m: 'under_1m',
  '1か月未満': 'under_1m',
  '1ヶ月未満': 'under_1m',
  '1カ月未満': 'under_1m',
  '1_3m': '1_3m',
  '13m': '1_3m',
  '1〜3か月': '1_3m',
  '1~3か月': '1_3m',
  '1〜3ヶ月': '1_3m',
  '1~3ヶ月': '1_3m',
  '1-3か月': '1_3m',
  over_3m: 'over_3m',
  over3m: 'over_3m',
  '3か月以上': 'over_3m',
  '3ヶ月以上': 'over_3m',
  '3カ月以上': 'over_3m',
};
export const lookup = <T>(words: Record<string, T>, value: string): T | undefined => {
  const v = value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  return words[v] ?? Object.entries(words).find(([k]) => k.normalize('NFKC').toLowerCase() === v)?.[1];
};

/** "人工呼吸器の管理(0-6)", "ventilator:0-6", "気管切開（3〜18歳）": a care type with an optional age range. */
export function parseCare(item: string): AcceptedCare | { error: string } {
  const text = item.normalize('NFKC').trim();
  const m = /^(.*?)(?:[(:](\d{1,2})?\s*[-~〜]\s*(\d{1,2})?\s*歳?\)?)?$/.exec(text);
  const label = (m?.[1] ?? text).trim();
  const code =
    findCode('medicalCareTypes', label) ??
    findCode('medicalCareTypes', item.trim()) ??
    codesOf('medicalCareTypes').find((c) => c === label.toLowerCase());
  if (!code) return { error: label };
  return {
    code,
    minAge: m?.[2] !== undefined ? Number(m[2]) : null,
    maxAge: m?.[3] !== undefined ? Number(m[3]) : null,
  };
}

export function parseAge(value: string): number | null | 'bad' {
  const v = value.normalize('NFKC').trim().replace(/歳$/, '');
  if (!v) return null;
  if (!/^\d{1,2}$/.test(v)) return 'bad';
  return Number(v);
}

export function parseDate(value: string): Date | null | 'bad' {
  const v = value.normalize('NFKC').trim();
  if (!v) return null;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  if (!m) return 'bad';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d) - 9 * 3_600_000);
  const check = new Date(+date + 9 * 3_600_000);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    return 'bad';
  return date;
}
