import { and, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import {
  codesOf,
  findCode,
  type AcceptedCare,
  type CapacityState,
  type ResourceImportReport,
  type WaitEstimate,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { CsvFileError, decodeCsv, type RequestedEncoding } from '../import/csv-decode.ts';
import { readRecords } from '../import/csv-records.ts';
import type { AreaDirectory } from '../reference/service.ts';
import { checkFacts, diffFacts, projectResource, type ResourceFacts } from './service.ts';

const { resources, resourceRevisions, organizations } = schema;

/** The most rows a resource list may have (a prefecture's list is a few hundred). */
export const MAX_RESOURCE_ROWS = 5000;
export const MAX_RESOURCE_IMPORT_BYTES = 5 * 1024 * 1024;

type Field =
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

const split = (value: string) =>
  value
    .split(/[、,，;；/／|｜\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const capacityWords: Record<string, CapacityState> = {
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
const waitWords: Record<string, WaitEstimate> = {
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
const lookup = <T>(words: Record<string, T>, value: string): T | undefined => {
  const v = value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  return words[v] ?? Object.entries(words).find(([k]) => k.normalize('NFKC').toLowerCase() === v)?.[1];
};

/** "人工呼吸器の管理(0-6)", "ventilator:0-6", "気管切開（3〜18歳）": a care type with an optional age range. */
function parseCare(item: string): AcceptedCare | { error: string } {
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

function parseAge(value: string): number | null | 'bad' {
  const v = value.normalize('NFKC').trim().replace(/歳$/, '');
  if (!v) return null;
  if (!/^\d{1,2}$/.test(v)) return 'bad';
  return Number(v);
}

function parseDate(value: string): Date | null | 'bad' {
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

interface ValidRow {
  line: number;
  organization: { name: string; municipalityCode: string | null; type: string };
  facts: ResourceFacts;
  confirmedAt: Date | null;
}

export interface ResourceImportContext {
  db: Db;
  areas: AreaDirectory;
  ip: string | null;
  now?: () => Date;
}

/** Reads, checks and (unless a dry run) writes a resource list. Safe to run twice: rows are matched by organisation, type and name. */
export async function importResources(
  ctx: ResourceImportContext,
  actor: Actor,
  input: { bytes: Uint8Array; dryRun: boolean; encoding: RequestedEncoding },
): Promise<ResourceImportReport> {
  let text: string;
  let encoding: string;
  let records;
  let header: Map<Field, { index: number; name: string }>;
  try {
    ({ text, encoding } = decodeCsv(input.bytes, input.encoding));
    records = await readRecords(text);
    if (!records.length) throw new CsvFileError('ファイルが空です。', 'The file is empty.');
    header = mapHeader(records[0]!.fields);
  } catch (e) {
    if (e instanceof CsvFileError)
      throw new AppError('bad_csv', [{ message: e.text }], { ja: e.ja, en: e.en });
    throw e;
  }
  const rows = records.slice(1).filter((r) => r.fields.some((f) => f.trim()));
  if (rows.length > MAX_RESOURCE_ROWS)
    throw new AppError('bad_csv', undefined, {
      ja: `行数が多すぎます（最大${MAX_RESOURCE_ROWS}行）。ファイルを分けてください。`,
      en: `Too many rows (at most ${MAX_RESOURCE_ROWS}). Split the file.`,
    });

  const { areas, prefecture } = await ctx.areas.all();
  const areaOf = await ctx.areas.areaOfMunicipality();
  const municipalityByName = new Map(
    areas.flatMap((a) =>
      a.municipalities.flatMap(
        (m) =>
          [
            [m.name, m.code],
            [m.code, m.code],
            [`${prefecture.name}${m.name}`, m.code],
          ] as const,
      ),
    ),
  );
  const areaByName = new Map(
    areas.flatMap(
      (a) =>
        [
          [a.name, a],
          [a.name.replace(/圏域$/, ''), a],
          [a.code, a],
          [a.nameEn.toLowerCase(), a],
        ] as const,
    ),
  );
  const errors: ResourceImportReport['errors'] = [];
  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();

  for (const record of rows) {
    const get = (field: Field) => {
      const col = header.get(field);
      return col ? (record.fields[col.index] ?? '').trim() : '';
    };
    const rowErrors: ResourceImportReport['errors'] = [];
    const fail = (field: Field, ja: string, en: string) =>
      rowErrors.push({
        line: record.line,
        column: header.get(field)?.name ?? field,
        reason: ja,
        reasonEn: en,
      });
    const tooLong = (field: Field, max: number) => {
      if (get(field).length > max)
        fail(field, `${max}文字以内にしてください`, `must be at most ${max} characters`);
    };
    (
      [
        ['organization', 200],
        ['name', 200],
        ['description', 4000],
        ['contact', 500],
        ['notes', 2000],
      ] as const
    ).forEach(([f, max]) => tooLong(f, max));

    const orgName = get('organization');
    if (!orgName) fail('organization', '事業所名が空です', 'the organisation name is empty');
    const serviceType = findCode('serviceTypes', get('serviceType'));
    if (!serviceType)
      fail(
        'serviceType',
        `サービス種別「${get('serviceType')}」がわかりません（例: 短期入所（レスパイト）, short_stay）`,
        `unknown service type "${get('serviceType')}" (e.g. short_stay)`,
      );
    let orgMunicipality: string | null = null;
    if (get('organizationMunicipality')) {
      orgMunicipality = municipalityByName.get(get('organizationMunicipality').normalize('NFKC')) ?? null;
      if (!orgMunicipality)
        fail(
          'organizationMunicipality',
          `市町村「${get('organizationMunicipality')}」はこの県にありません`,
          `municipality "${get('organizationMunicipality')}" is not in this prefecture`,
        );
    }
    let orgType = 'other';
    if (get('organizationType')) {
      const t = findCode('organizationTypes', get('organizationType'));
      if (!t)
        fail(
          'organizationType',
          `機関種別「${get('organizationType')}」がわかりません`,
          `unknown organisation type "${get('organizationType')}"`,
        );
      else orgType = t;
    } else if (serviceType && codesOf('organizationTypes').includes(serviceType)) orgType = serviceType;

    const municipalities: string[] = [];
    for (const item of split(get('municipalities'))) {
      const n = item.normalize('NFKC');
      const m = municipalityByName.get(n);
      const area = areaByName.get(n) ?? areaByName.get(n.toLowerCase());
      if (m) municipalities.push(m);
      else if (area) municipalities.push(...area.municipalities.map((x) => x.code));
      else
        fail(
          'municipalities',
          `市町村・圏域「${item}」はこの県にありません`,
          `"${item}" is not a municipality or area of this prefecture`,
        );
    }
    const careAccepted: AcceptedCare[] = [];
    for (const item of split(get('careTypes'))) {
      const care = parseCare(item);
      if ('error' in care)
        fail(
          'careTypes',
          `医療的ケア「${care.error}」がわかりません（例: 人工呼吸器の管理, ventilator, 気管切開の管理(0-6)）`,
          `unknown care type "${care.error}" (e.g. ventilator, tracheostomy:0-6)`,
        );
      else careAccepted.push(care);
    }
    const ageMin = parseAge(get('ageMin'));
    if (ageMin === 'bad')
      fail(
        'ageMin',
        `年齢「${get('ageMin')}」は0〜99の整数で書いてください`,
        `age "${get('ageMin')}" must be a whole number 0–99`,
      );
    const ageMax = parseAge(get('ageMax'));
    if (ageMax === 'bad')
      fail(
        'ageMax',
        `年齢「${get('ageMax')}」は0〜99の整数で書いてください`,
        `age "${get('ageMax')}" must be a whole number 0–99`,
      );
    let capacity: CapacityState = 'available';
    if (get('capacity')) {
      const c = lookup(capacityWords, get('capacity'));
      if (!c)
        fail(
          'capacity',
          `受け入れ状況「${get('capacity')}」がわかりません（空きあり・待機あり・受け入れ停止）`,
          `unknown capacity "${get('capacity')}" (available, waitlist, not_accepting)`,
        );
      else capacity = c;
    }
    let waitEstimate: WaitEstimate | null = null;
    if (get('waitEstimate')) {
      const w = lookup(waitWords, get('waitEstimate'));
      if (!w)
        fail(
          'waitEstimate',
          `待機期間「${get('waitEstimate')}」がわかりません（1か月未満・1〜3か月・3か月以上）`,
          `unknown wait "${get('waitEstimate')}" (under_1m, 1_3m, over_3m)`,
        );
      else waitEstimate = w;
    }
    const confirmedAt = parseDate(get('confirmedAt'));
    if (confirmedAt === 'bad')
      fail(
        'confirmedAt',
        `日付「${get('confirmedAt')}」は 2026-04-01 の形で書いてください`,
        `date "${get('confirmedAt')}" must look like 2026-04-01`,
      );

    if (!rowErrors.length && serviceType) {
      const facts: ResourceFacts = {
        serviceType,
        name: get('name') || orgName,
        description: get('description'),
        municipalities: [...new Set(municipalities)],
        careAccepted,
        ageMin: ageMin as number | null,
        ageMax: ageMax as number | null,
        capacity,
        waitEstimate,
        contact: get('contact'),
        notes: get('notes'),
      };
      for (const p of checkFacts(facts, areaOf)) {
        const field =
          (
            {
              careAccepted: 'careTypes',
              ageMax: 'ageMax',
              waitEstimate: 'waitEstimate',
              municipalities: 'municipalities',
            } as Record<string, Field>
          )[p.field] ?? 'name';
        fail(field, p.ja, p.en);
      }
      const key = `${orgName}\u0000${orgMunicipality ?? ''}\u0000${serviceType}\u0000${facts.name}`;
      const earlier = seen.get(key);
      if (earlier)
        fail(
          'name',
          `${earlier}行目と同じ事業所・種別・サービス名です`,
          `same organisation, service type and name as line ${earlier}`,
        );
      if (!rowErrors.length) {
        seen.set(key, record.line);
        valid.push({
          line: record.line,
          organization: { name: orgName, municipalityCode: orgMunicipality, type: orgType },
          facts,
          confirmedAt: confirmedAt as Date | null,
        });
      }
    }
    errors.push(...rowErrors);
  }

  const report: ResourceImportReport = {
    dryRun: input.dryRun,
    encoding,
    totalRows: rows.length,
    validRows: valid.length,
    errors,
    organizationsCreated: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
  };
  if (!input.dryRun && errors.length)
    throw new AppError('import_has_errors', undefined, undefined, { report });

  const at = ctx.now?.() ?? new Date();
  const run = async (db: Db, write: boolean) => {
    const orgIds = new Map<string, string | null>();
    for (const row of valid) {
      const orgKey = `${row.organization.name}\u0000${row.organization.municipalityCode ?? ''}`;
      let orgId = orgIds.get(orgKey);
      if (orgId === undefined) {
        const [existing] = await db
          .select()
          .from(organizations)
          .where(
            and(
              eq(organizations.name, row.organization.name),
              sql`coalesce(${organizations.municipalityCode}, '') = ${row.organization.municipalityCode ?? ''}`,
            ),
          )
          .limit(1);
        orgId = existing?.id ?? null;
        if (!orgId) {
          report.organizationsCreated++;
          if (write) {
            const [created] = await db
              .insert(organizations)
              .values({
                name: row.organization.name,
                type: row.organization.type,
                municipalityCode: row.organization.municipalityCode,
              })
              .returning({ id: organizations.id });
            orgId = created!.id;
          }
        }
        orgIds.set(orgKey, orgId);
      }
      const [existing] = orgId
        ? await db
            .select()
            .from(resources)
            .where(
              and(
                eq(resources.organizationId, orgId),
                eq(resources.serviceType, row.facts.serviceType),
                eq(resources.name, row.facts.name),
              ),
            )
            .limit(1)
        : [];
      const orgName = { name: row.organization.name, kana: '' };
      if (!existing) {
        report.created++;
        if (write && orgId) {
          const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
          const [created] = await db
            .insert(resources)
            .values({
              ...row.facts,
              ...projectResource(row.facts, org ?? orgName, areaOf),
              organizationId: orgId,
              confirmedAt: row.confirmedAt ?? at,
              confirmedBy: actor.userId,
              createdBy: actor.userId,
              createdAt: at,
              updatedAt: at,
            })
            .returning({ id: resources.id });
          await db.insert(resourceRevisions).values({
            resourceId: created!.id,
            actorId: actor.userId,
            action: 'imported',
            previous: {},
            changes: { ...row.facts, line: row.line },
            at,
          });
        }
        continue;
      }
      const before: ResourceFacts = {
        serviceType: existing.serviceType,
        name: existing.name,
        description: existing.description,
        municipalities: existing.municipalityCodes,
        careAccepted: existing.careAccepted,
        ageMin: existing.ageMin,
        ageMax: existing.ageMax,
        capacity: existing.capacity as CapacityState,
        waitEstimate: existing.waitEstimate as WaitEstimate | null,
        contact: existing.contact,
        notes: existing.notes,
      };
      const { previous, changes } = diffFacts(before, row.facts);
      if (row.confirmedAt && +row.confirmedAt !== +existing.confirmedAt) {
        previous.confirmedAt = existing.confirmedAt.toISOString();
        changes.confirmedAt = row.confirmedAt.toISOString();
      }
      if (!Object.keys(changes).length) {
        report.unchanged++;
        continue;
      }
      report.updated++;
      if (write) {
        const [org] = await db
          .select()
          .from(organizations)
          .where(eq(organizations.id, existing.organizationId));
        await db
          .update(resources)
          .set({
            ...row.facts,
            ...projectResource(row.facts, org ?? orgName, areaOf),
            ...(row.confirmedAt ? { confirmedAt: row.confirmedAt, confirmedBy: actor.userId } : {}),
            updatedAt: at,
          })
          .where(eq(resources.id, existing.id));
        await db.insert(resourceRevisions).values({
          resourceId: existing.id,
          actorId: actor.userId,
          action: 'imported',
          previous,
          changes,
          at,
        });
      }
    }
  };
  if (input.dryRun) await run(ctx.db, false);
  else
    await ctx.db.transaction(async (tx) => {
      await run(tx as unknown as Db, true);
      await audit(tx, {
        actorId: actor.userId,
        action: 'resource.imported',
        targetType: 'resource',
        detail: {
          rows: report.totalRows,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          organizationsCreated: report.organizationsCreated,
        },
        ip: ctx.ip,
      });
    });
  return report;
}
