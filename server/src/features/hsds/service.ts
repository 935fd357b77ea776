import { asc, eq } from 'drizzle-orm';
import { normalizeForSearch, schema, type Db } from '@tsunagu/db';
import type { HsdsListQuery, HsdsPage } from '@tsunagu/shared';
import { notFound } from '../../lib/errors.ts';
import type { AreaDirectory } from '../reference/service.ts';
import {
  location,
  organizationFlat,
  organizationFull,
  serviceAtLocation,
  serviceFlat,
  serviceFull,
  taxonomies,
  taxonomyId,
  taxonomyTerms,
  termId,
  type Directory,
  type Json,
  type ResourceRow,
} from './objects.ts';

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
    const o = d.organizations.get(r.organizationId);
    const text = `${r.searchText} ${normalizeForSearch(`${o?.name ?? ''} ${o?.kana ?? ''} ${r.description}`)}`;
    if (q && !text.includes(q)) return false;
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
