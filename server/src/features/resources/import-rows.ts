import {
  codesOf,
  findCode,
  type AcceptedCare,
  type AreasResponse,
  type CapacityState,
  type ResourceImportReport,
  type WaitEstimate,
} from '@tsunagu/shared';
import type { CsvRecord } from '../import/csv-records.ts';
import { checkFacts, type ResourceFacts } from './facts.ts';
import {
  lookup,
  parseAge,
  parseCare,
  parseDate,
  split,
  capacityWords,
  waitWords,
  type Field,
} from './import-columns.ts';

export interface ValidRow {
  line: number;
  organization: { name: string; municipalityCode: string | null; type: string };
  facts: ResourceFacts;
  confirmedAt: Date | null;
}

/** Checks every row of a resource list: the rows that may be written, and every problem by line and column. */
export function readResourceRows(
  rows: CsvRecord[],
  header: Map<Field, { index: number; name: string }>,
  directory: AreasResponse,
  areaOf: ReadonlyMap<string, string>,
) {
  const { areas, prefecture } = directory;
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
  return { errors, valid };
}
