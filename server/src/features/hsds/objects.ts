import { createHash } from 'node:crypto';
import type { schema } from '@tsunagu/db';
import { labelOf, vocabularies, type AreasResponse } from '@tsunagu/shared';

/**
 * The resource directory as Open Referral HSDS 3.0: organizations, services, locations,
 * service_at_locations, and two taxonomies (the medical-care types of the 医療的ケア判定スコア
 * and the service types). Only published service information: never notes, never referrals.
 * Services and organisations keep their own ids; every derived object has a UUID v5 computed
 * from what it stands for, so ids are stable from one export to the next.
 */
const NAMESPACE = Buffer.from('6f1d3c52a4e94b0e8a1b2f0c7d9e5a31', 'hex');

export function stableUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type Json = { id: string; [key: string]: unknown };
export type ResourceRow = typeof schema.resources.$inferSelect;
export type OrganizationRow = typeof schema.organizations.$inferSelect;

export const taxonomySpecs = {
  medicalCareTypes: {
    name: '医療的ケア (医療的ケア判定スコア)',
    description:
      '医療的ケア判定スコア（障害福祉サービス等報酬、2021年）の14項目。サービスが受け入れる医療的ケアを表す。 / The 14 medical-care items of the Japanese medical-care score (disability-welfare fee schedule, 2021): the care a service accepts.',
    version: '2021',
    linkType: 'medical_care_accepted',
  },
  serviceTypes: {
    name: 'サービス種別 (障害福祉・医療・保育等)',
    description:
      '医療的ケア児と家族が利用するサービスの種別。 / Kinds of service used by children with medical care needs and their families.',
    version: '1',
    linkType: 'service_type',
  },
} as const;
export type TaxonomyName = keyof typeof taxonomySpecs;

export const taxonomyId = (name: TaxonomyName) => stableUuid(`taxonomy:${name}`);
export const termId = (name: TaxonomyName, code: string) => stableUuid(`taxonomy_term:${name}:${code}`);

export function taxonomies(): Json[] {
  return (Object.keys(taxonomySpecs) as TaxonomyName[]).map((name) => ({
    id: taxonomyId(name),
    name: taxonomySpecs[name].name,
    description: taxonomySpecs[name].description,
    version: taxonomySpecs[name].version,
  }));
}

export function term(name: TaxonomyName, code: string): Json {
  const t = vocabularies[name].find((x) => x.code === code);
  return {
    id: termId(name, code),
    code,
    name: t?.ja ?? code,
    description: t?.en ?? code,
    taxonomy: taxonomySpecs[name].name,
    taxonomy_id: taxonomyId(name),
    language: 'ja',
  };
}

export function taxonomyTerms(): Json[] {
  return (Object.keys(taxonomySpecs) as TaxonomyName[]).flatMap((name) =>
    vocabularies[name].map((t) => term(name, t.code)),
  );
}

const capacityText: Record<string, string> = {
  available: '受け入れ可能',
  waitlist: '待機あり',
  not_accepting: '現在受け入れ停止',
};
const waitText: Record<string, string> = { under_1m: '1か月未満', '1_3m': '1〜3か月', over_3m: '3か月以上' };
const ageRange = (min: number | null, max: number | null) =>
  min === null && max === null
    ? ''
    : `${min ?? 0}〜${max === null ? '' : `${max}歳`}`.replace(/〜$/, '歳以上');
const isUri = (s: string) => /^https?:\/\/\S+$/.test(s);
const jstDate = (d: Date) => new Date(+d + 9 * 3_600_000).toISOString().slice(0, 10);

export interface Directory {
  resources: ResourceRow[];
  organizations: Map<string, OrganizationRow>;
  areas: AreasResponse;
}

export function organizationFlat(o: OrganizationRow, d: Directory): Json {
  const municipality = d.areas.areas
    .flatMap((a) => a.municipalities)
    .find((m) => m.code === o.municipalityCode);
  return {
    id: o.id,
    name: o.name,
    ...(o.kana ? { alternate_name: o.kana } : {}),
    description: `${labelOf('organizationTypes', o.type)}${municipality ? `（${d.areas.prefecture.name}${municipality.name}）` : ''}`,
    ...(isUri(o.website) ? { website: o.website } : {}),
  };
}

export const locationId = (organizationId: string) => stableUuid(`location:${organizationId}`);

export function location(o: OrganizationRow, d: Directory): Json {
  const municipality = d.areas.areas
    .flatMap((a) => a.municipalities)
    .find((m) => m.code === o.municipalityCode);
  const id = locationId(o.id);
  return {
    id,
    location_type: 'physical',
    organization_id: o.id,
    name: o.name,
    ...(municipality || o.address
      ? {
          addresses: [
            {
              id: stableUuid(`address:${o.id}`),
              location_id: id,
              address_1: o.address || municipality?.name || '',
              city: municipality?.name ?? '',
              state_province: d.areas.prefecture.name,
              postal_code: '',
              country: 'JP',
              address_type: 'physical',
            },
          ],
        }
      : {}),
    ...(o.phone
      ? { phones: [{ id: stableUuid(`phone:location:${o.id}`), location_id: id, number: o.phone }] }
      : {}),
  };
}

export function organizationFull(o: OrganizationRow, d: Directory): Json {
  return {
    ...organizationFlat(o, d),
    ...(o.phone
      ? { phones: [{ id: stableUuid(`phone:organization:${o.id}`), organization_id: o.id, number: o.phone }] }
      : {}),
    locations: [location(o, d)],
  };
}

export const salId = (resourceId: string) => stableUuid(`service_at_location:${resourceId}`);

export function serviceAtLocation(r: ResourceRow, d: Directory, withLocation: boolean): Json {
  const o = d.organizations.get(r.organizationId)!;
  return {
    id: salId(r.id),
    service_id: r.id,
    location_id: locationId(o.id),
    ...(withLocation ? { location: location(o, d) } : {}),
  };
}

export function serviceFlat(r: ResourceRow, d: Directory): Json {
  const o = d.organizations.get(r.organizationId)!;
  const care = r.careAccepted.map(
    (c) =>
      `${labelOf('medicalCareTypes', c.code)}${c.minAge !== null || c.maxAge !== null ? `（${ageRange(c.minAge, c.maxAge)}）` : ''}`,
  );
  const ages = ageRange(r.ageMin, r.ageMax);
  return {
    id: r.id,
    organization_id: r.organizationId,
    name: r.name,
    alternate_name: labelOf('serviceTypes', r.serviceType),
    description: r.description || `${labelOf('serviceTypes', r.serviceType)}（${o.name}）`,
    // A closed (archived) resource is published as defunct rather than dropped: links to it keep working.
    status: r.archivedAt ? 'defunct' : 'active',
    eligibility_description: [
      ages ? `対象年齢: ${ages}` : '',
      care.length ? `受け入れ可能な医療的ケア: ${care.join('、')}` : '',
    ]
      .filter(Boolean)
      .join('。'),
    ...(r.ageMin !== null ? { minimum_age: r.ageMin } : {}),
    ...(r.ageMax !== null ? { maximum_age: r.ageMax } : {}),
    ...(r.contact ? { application_process: `連絡先: ${r.contact}` } : {}),
    alert: `受け入れ状況: ${capacityText[r.capacity] ?? r.capacity}${r.capacity === 'waitlist' && r.waitEstimate ? `（待機の目安 ${waitText[r.waitEstimate] ?? r.waitEstimate}）` : ''}`,
    assured_date: jstDate(r.confirmedAt),
    last_modified: r.updatedAt.toISOString(),
    organization: organizationFlat(o, d),
  };
}

export function serviceFull(r: ResourceRow, d: Directory): Json {
  const municipalities = new Map(
    d.areas.areas.flatMap((a) =>
      a.municipalities.map((m) => [m.code, { name: m.name, area: a.name }] as const),
    ),
  );
  const attribute = (name: TaxonomyName, code: string, value: string) => ({
    id: stableUuid(`attribute:${r.id}:${name}:${code}`),
    link_id: r.id,
    link_type: taxonomySpecs[name].linkType,
    link_entity: 'service',
    taxonomy_term_id: termId(name, code),
    value,
    taxonomy_term: term(name, code),
  });
  return {
    ...serviceFlat(r, d),
    organization: organizationFull(d.organizations.get(r.organizationId)!, d),
    service_areas: r.municipalityCodes.map((code) => ({
      id: stableUuid(`service_area:${r.id}:${code}`),
      service_id: r.id,
      name: municipalities.get(code)?.name ?? code,
      description: municipalities.get(code)?.area ?? '',
      extent_type: 'municipality',
      uri: `jis:${code}`,
    })),
    service_at_locations: [serviceAtLocation(r, d, true)],
    attributes: [
      attribute('serviceTypes', r.serviceType, ''),
      ...r.careAccepted.map((c) => attribute('medicalCareTypes', c.code, ageRange(c.minAge, c.maxAge))),
    ],
  };
}
