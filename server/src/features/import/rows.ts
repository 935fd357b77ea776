import type { ImportRowError, ProfileUpdateBody, QualificationWithYears } from '@tsunagu/shared';
import {
  EMAIL,
  KANA,
  PHONE,
  cell,
  fold,
  matchTerm,
  parseAccepting,
  splitList,
  splitQualification,
  type Field,
  type HeaderMap,
} from './columns.ts';
import type { CsvRecord } from './csv-records.ts';
import { municipalityCode, type Places } from './places.ts';
import { parseYear } from './wareki.ts';

/** The profile fields a list row can set (only those whose cell is filled in). */
export type RowProfile = Pick<
  ProfileUpdateBody,
  'qualifications' | 'trainingYear' | 'municipalities' | 'careTypes' | 'domains' | 'accepting' | 'contact'
>;

/** A row that passed validation: what the import writes. */
export interface CoordinatorRow {
  line: number;
  email: string;
  /** lower-cased e-mail: how accounts are matched */
  emailKey: string;
  displayName: string;
  displayKana: string | undefined;
  organization: {
    name: string;
    /** normalised name + municipality: how organisations are matched */
    key: string;
    type: string;
    municipalityCode: string | null;
    phone: string;
  };
  profile: RowProfile;
}

/** Normalised organisation name: width, case and spaces do not make a different organisation. */
export const organizationKey = (name: string, municipality: string | null) =>
  `${name.normalize('NFKC').toLowerCase().replace(/\s+/g, '')}|${municipality ?? ''}`;

const collapse = (s: string) => s.replace(/[\s\u3000]+/g, ' ').trim();

const currentYear = () => new Date().getFullYear();

export interface RowResult {
  errors: ImportRowError[];
  row?: CoordinatorRow;
}

/**
 * Checks one data row and turns it into what the import writes. Every problem of the row is
 * reported, each with the column as the file names it and a reason in Japanese and English.
 * `seenEmails` (e-mail → first line) finds addresses repeated within the file.
 */
export function validateRow(
  record: CsvRecord,
  header: HeaderMap,
  places: Places,
  seenEmails: Map<string, number>,
): RowResult {
  const { line, fields } = record;
  const errors: ImportRowError[] = [];
  const fail = (field: Field | undefined, reason: string, reasonEn: string) =>
    errors.push({ line, ...(field ? { column: header.label[field] } : {}), reason, reasonEn });

  const extra = fields.slice(header.width);
  if (fields.length < header.width || extra.some((f) => cell(f) !== '')) {
    fail(
      undefined,
      `列の数がヘッダーと違います（ヘッダー ${header.width} 列、この行 ${fields.length} 列）。セル内のコンマは "…" で囲んでください。`,
      `The row has ${fields.length} columns but the header has ${header.width}. Quote cells that contain commas.`,
    );
    return { errors };
  }
  const value = (field: Field) => {
    const i = header.index[field];
    return i === undefined ? '' : cell(fields[i]);
  };
  const required = (field: Field, ja: string, en: string) => {
    const v = value(field);
    if (!v) fail(field, `${ja}が入力されていません（必須）。`, `${en} is missing (required).`);
    return v;
  };
  const tooLong = (field: Field, v: string, max: number) => {
    if (v.length <= max) return false;
    fail(
      field,
      `${max} 文字以内にしてください（${v.length} 文字）。`,
      `Must be at most ${max} characters (has ${v.length}).`,
    );
    return true;
  };

  // Name, kana, e-mail
  const displayName = collapse(required('name', '氏名', 'The name'));
  tooLong('name', displayName, 100);
  const kanaRaw = value('kana');
  const displayKana = kanaRaw ? collapse(kanaRaw.normalize('NFKC')) : undefined;
  if (displayKana !== undefined && !tooLong('kana', displayKana, 100) && !KANA.test(displayKana))
    fail(
      'kana',
      `ふりがなはひらがなかカタカナで書いてください（「${kanaRaw}」）。`,
      `The kana reading must be hiragana or katakana ("${kanaRaw}").`,
    );

  const emailRaw = required('email', 'メールアドレス', 'The e-mail address');
  const email = emailRaw.normalize('NFKC').trim();
  const emailKey = email.toLowerCase();
  if (emailRaw) {
    if (email.length > 254 || !EMAIL.test(email)) {
      fail(
        'email',
        `メールアドレスの形式が正しくありません（「${emailRaw}」）。`,
        `"${emailRaw}" is not a valid e-mail address.`,
      );
    } else {
      const first = seenEmails.get(emailKey);
      if (first !== undefined)
        fail(
          'email',
          `メールアドレス「${email}」は ${first} 行目と重複しています。1 人 1 行にしてください。`,
          `The e-mail address "${email}" already appears on line ${first}: one row per person.`,
        );
      else seenEmails.set(emailKey, line);
    }
  }

  // Organisation
  const organizationName = collapse(required('organization', '所属機関', 'The organisation'));
  tooLong('organization', organizationName, 200);
  const typeRaw = value('organizationType');
  const organizationType = typeRaw ? matchTerm('organizationTypes', typeRaw) : 'other';
  if (!organizationType)
    fail(
      'organizationType',
      `機関種別「${typeRaw}」は一覧にありません。`,
      `Unknown organisation type "${typeRaw}".`,
    );
  const municipalityRaw = value('municipality');
  const orgMunicipality = municipalityRaw ? municipalityCode(places, municipalityRaw) : null;
  if (orgMunicipality === undefined)
    fail(
      'municipality',
      `市町村「${municipalityRaw}」は${places.prefectureName}にありません。`,
      `Municipality "${municipalityRaw}" is not in this prefecture.`,
    );

  // Profile
  const profile: RowProfile = {};
  const qualificationsRaw = value('qualifications');
  if (qualificationsRaw) {
    const list: QualificationWithYears[] = [];
    for (const item of splitList(qualificationsRaw)) {
      const parts = splitQualification(item);
      const code = matchTerm('qualifications', parts.label);
      if (!code) {
        fail(
          'qualifications',
          `資格「${parts.label}」は一覧にありません。`,
          `Unknown qualification "${parts.label}".`,
        );
        continue;
      }
      if ('badYears' in parts || (parts.years !== undefined && parts.years > 70)) {
        const shown = 'badYears' in parts ? parts.badYears : String(parts.years);
        fail(
          'qualifications',
          `資格「${parts.label}」の経験年数「${shown}」は 0〜70 の整数で書いてください。`,
          `Years of experience for "${parts.label}" must be a whole number from 0 to 70 ("${shown}").`,
        );
        continue;
      }
      const years = parts.years ?? 0;
      const same = list.find((q) => q.code === code);
      if (same) same.years = Math.max(same.years, years);
      else list.push({ code, years });
    }
    if (list.length > 20) fail('qualifications', '資格は 20 件までです。', 'At most 20 qualifications.');
    profile.qualifications = list;
  }

  const yearRaw = value('trainingYear');
  if (yearRaw) {
    const year = parseYear(yearRaw);
    if (year === undefined)
      fail(
        'trainingYear',
        `研修修了年度「${yearRaw}」を読めません。2021 や R3・令和3 のように書いてください。`,
        `Cannot read the training year "${yearRaw}": write 2021, R3 or 令和3.`,
      );
    else if (year < 2010 || year > currentYear() + 1)
      fail(
        'trainingYear',
        `研修修了年度 ${year} 年はありえません（2010〜${currentYear() + 1}）。`,
        `Training year ${year} is out of range (2010–${currentYear() + 1}).`,
      );
    else profile.trainingYear = year;
  }

  const coveredRaw = value('municipalitiesCovered');
  if (coveredRaw) {
    const codes = new Set<string>();
    for (const item of splitList(coveredRaw)) {
      const area = places.areas.get(fold(item));
      const code = area ? undefined : municipalityCode(places, item);
      if (area) area.forEach((c) => codes.add(c));
      else if (code) codes.add(code);
      else
        fail(
          'municipalitiesCovered',
          `担当市町村「${item}」は${places.prefectureName}にありません。`,
          `Covered municipality "${item}" is not in this prefecture.`,
        );
    }
    profile.municipalities = [...codes];
  }

  const terms = (
    field: 'careTypes' | 'domains',
    vocabulary: 'medicalCareTypes' | 'supportDomains',
    ja: string,
    en: string,
  ) => {
    const raw = value(field);
    if (!raw) return undefined;
    const codes = new Set<string>();
    for (const item of splitList(raw)) {
      const code = matchTerm(vocabulary, item);
      if (code) codes.add(code);
      else fail(field, `${ja}「${item}」は一覧にありません。`, `Unknown ${en} "${item}".`);
    }
    return [...codes];
  };
  const careTypes = terms('careTypes', 'medicalCareTypes', '医療的ケア', 'medical care type');
  if (careTypes) profile.careTypes = careTypes;
  const domains = terms('domains', 'supportDomains', '支援領域', 'support domain');
  if (domains) profile.domains = domains;

  const acceptingRaw = value('accepting');
  if (acceptingRaw) {
    const accepting = parseAccepting(acceptingRaw);
    if (accepting === undefined)
      fail(
        'accepting',
        `相談受付「${acceptingRaw}」は 可／否（○／×、はい／いいえ）で書いてください。`,
        `Consultations accepted "${acceptingRaw}": write 可/否, ○/×, はい/いいえ or true/false.`,
      );
    else profile.accepting = accepting;
  }

  const phone = value('phone');
  if (phone && (phone.length > 30 || !PHONE.test(phone)))
    fail(
      'phone',
      `電話番号「${phone}」には数字・ハイフン・括弧だけを使ってください。`,
      `The phone number "${phone}" may contain only digits, hyphens and brackets.`,
    );
  const contactRaw = value('contact');
  const contact = [contactRaw, phone && !contactRaw.includes(phone) ? `電話: ${phone}` : '']
    .filter(Boolean)
    .join(' / ');
  if (contact && !tooLong('contact', contact, 500)) profile.contact = contact;

  if (errors.length) return { errors };
  return {
    errors,
    row: {
      line,
      email,
      emailKey,
      displayName,
      displayKana,
      organization: {
        name: organizationName,
        key: organizationKey(organizationName, orgMunicipality ?? null),
        type: organizationType!,
        municipalityCode: orgMunicipality ?? null,
        phone,
      },
      profile,
    },
  };
}
