import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { normalizeForSearch, schema, type Db } from '@tsunagu/db';
import {
  labelOf,
  vocabularies,
  type AreasResponse,
  type HsdsListQuery,
  type HsdsPage,
} from '@tsunagu/shared';
import { notFound } from '../../lib/errors.ts';
import type { AreaDirectory } from '../reference/service.ts';

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

type Json = { id: string; [key: string]: unknown };
type ResourceRow = typeof schema.resources.$inferSelect;
type OrganizationRow = typeof schema.organizations.$inferSelect;

const taxonomySpecs = {
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
type TaxonomyName = keyof typeof taxonomySpecs;

const taxonomyId = (name: TaxonomyName) => stableUuid(`taxonomy:${name}`);
const termId = (name: TaxonomyName, code: string) => stableUuid(`taxonomy_term:${name}:${code}`);

export function taxonomies(): Json[] {
  return (Object.keys(taxonomySpecs) as TaxonomyName[]).map((name) => ({
    id: taxonomyId(name),
    name: taxonomySpecs[name].name,
    description: taxonomySpecs[name].description,
    version: taxonomySpecs[name].version,
  }));
}

function term(name: TaxonomyName, code: string): Json {
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

interface Directory {
  resources: ResourceRow[];
  organizations: Map<string, OrganizationRow>;
  areas: AreasResponse;
}

function organizationFlat(o: OrganizationRow, d: Directory): Json {
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

const locationId = (organizationId: string) => stableUuid(`location:${organizationId}`);

function location(o: OrganizationRow, d: Directory): Json {
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

function organizationFull(o: OrganizationRow, d: Directory): Json {
  return {
    ...organizationFlat(o, d),
    ...(o.phone
      ? { phones: [{ id: stableUuid(`phone:organization:${o.id}`), organization_id: o.id, number: o.phone }] }
      : {}),
    locations: [location(o, d)],
  };
}

const salId = (resourceId: string) => stableUuid(`service_at_location:${resourceId}`);

function serviceAtLocation(r: ResourceRow, d: Directory, withLocation: boolean): Json {
  const o = d.organizations.get(r.organizationId)!;
  return {
    id: salId(r.id),
    service_id: r.id,
    location_id: locationId(o.id),
    ...(withLocation ? { location: location(o, d) } : {}),
  };
}

function serviceFlat(r: ResourceRow, d: Directory): Json {
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
    status: 'active',
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

function serviceFull(r: ResourceRow, d: Directory): Json {
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

export interface HsdsContext {
  db: Db;
  areas: AreaDirectory;
}

async function load(ctx: HsdsContext): Promise<Directory> {
  const rows = await ctx.db
    .select({ resource: schema.resources, organization: schema.organizations })
    .from(schema.resources)
    .innerJoin(schema.organizations, eq(schema.organizations.id, schema.resources.organizationId))
    .orderBy(asc(schema.resources.name), asc(schema.resources.id));
  return {
    resources: rows.map((r) => r.resource),
    organizations: new Map(rows.map((r) => [r.organization.id, r.organization])),
    areas: await ctx.areas.all(),
  };
}

function page(items: Json[], query: HsdsListQuery): HsdsPage {
  const perPage = query.per_page ?? 50;
  const pageNumber = query.page ?? 1;
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const contents = items.slice((pageNumber - 1) * perPage, pageNumber * perPage) as HsdsPage['contents'];
  return {
    total_items: items.length,
    total_pages: totalPages,
    page_number: pageNumber,
    size: perPage,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

function filterResources(d: Directory, query: HsdsListQuery): ResourceRow[] {
  const q = normalizeForSearch(query.search ?? '');
  const modifiedAfter = query.modified_after ? Date.parse(query.modified_after) : null;
  return d.resources.filter((r) => {
    if (query.organization_id && r.organizationId !== query.organization_id) return false;
    if (modifiedAfter !== null && +r.updatedAt <= modifiedAfter) return false;
    if (
      query.taxonomy_term_id &&
      ![
        termId('serviceTypes', r.serviceType),
        ...r.careTypes.map((c) => termId('medicalCareTypes', c)),
      ].includes(query.taxonomy_term_id)
    )
      return false;
    if (
      query.taxonomy_id &&
      query.taxonomy_id !== taxonomyId('serviceTypes') &&
      !(query.taxonomy_id === taxonomyId('medicalCareTypes') && r.careTypes.length)
    )
      return false;
    if (q && !r.searchText.includes(q) && !normalizeForSearch(r.description).includes(q)) return false;
    return true;
  });
}

export async function listServices(ctx: HsdsContext, query: HsdsListQuery): Promise<HsdsPage> {
  const d = await load(ctx);
  return page(
    filterResources(d, query).map((r) => (query.full ? serviceFull(r, d) : serviceFlat(r, d))),
    query,
  );
}

export async function getService(ctx: HsdsContext, id: string): Promise<Json> {
  const d = await load(ctx);
  const r = d.resources.find((x) => x.id === id);
  if (!r) throw notFound();
  return serviceFull(r, d);
}

/** Only organisations with at least one service in the directory are published. */
export async function listOrganizations(ctx: HsdsContext, query: HsdsListQuery): Promise<HsdsPage> {
  const d = await load(ctx);
  const q = normalizeForSearch(query.search ?? '');
  const orgs = [...d.organizations.values()]
    .filter((o) => !q || normalizeForSearch(`${o.name}${o.kana}`).includes(q))
    .sort((a, b) => a.name.localeCompare(b.name, 'ja') || a.id.localeCompare(b.id));
  return page(
    orgs.map((o) => organizationFlat(o, d)),
    query,
  );
}

export async function getOrganization(ctx: HsdsContext, id: string): Promise<Json> {
  const d = await load(ctx);
  const o = d.organizations.get(id);
  if (!o) throw notFound();
  return organizationFull(o, d);
}

export async function listServiceAtLocations(ctx: HsdsContext, query: HsdsListQuery): Promise<HsdsPage> {
  const d = await load(ctx);
  return page(
    filterResources(d, query).map((r) => serviceAtLocation(r, d, true)),
    query,
  );
}

export const listTaxonomies = (query: HsdsListQuery) => page(taxonomies(), query);

export function listTaxonomyTerms(query: HsdsListQuery): HsdsPage {
  const q = normalizeForSearch(query.search ?? '');
  return page(
    taxonomyTerms().filter(
      (t) =>
        (!query.taxonomy_id || t.taxonomy_id === query.taxonomy_id) &&
        (!q || normalizeForSearch(`${t.name}${t.code}${t.description}`).includes(q)),
    ),
    query,
  );
}

/** The whole directory in one document. */
export async function exportAll(ctx: HsdsContext) {
  const d = await load(ctx);
  const orgs = [...d.organizations.values()];
  return {
    organizations: orgs.map((o) => organizationFull(o, d)),
    services: d.resources.map((r) => serviceFull(r, d)),
    locations: orgs.map((o) => location(o, d)),
    service_at_locations: d.resources.map((r) => serviceAtLocation(r, d, false)),
    taxonomies: taxonomies(),
    taxonomy_terms: taxonomyTerms(),
  };
}
