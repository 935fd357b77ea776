import { asc, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { normalizeForSearch, schema, type Db } from '@tsunagu/db';
import { RESOURCE_STALE_DAYS, type ResourceSearchQuery } from '@tsunagu/shared';
import { escapeLike, textArray } from '../../lib/sql.ts';

const { resources: r, organizations: o, resourceRevisions: revisions, users } = schema;
export type ResourceRow = typeof r.$inferSelect;
export type OrganizationRow = typeof o.$inferSelect;

/**
 * The search's conditions. Within a filter any value matches (西部 or 中部), except care types:
 * every one asked for must be accepted, and with `age`, accepted at that age (a care type may
 * have its own age range). Each condition is served by an index (GIN over the code arrays).
 */
const katakana = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x30a1 + i)).join(
  '',
);
const hiragana = Array.from({ length: 0x30f6 - 0x30a1 + 1 }, (_, i) => String.fromCharCode(0x3041 + i)).join(
  '',
);

/** normalizeForSearch in SQL: NFKC, lower case, katakana as hiragana, no white space. */
const normalized = (column: AnyColumn) =>
  sql`regexp_replace(translate(lower(normalize(${column}, NFKC)), ${katakana}, ${hiragana}), '\s+', '', 'g')`;

export function resourceWhere(query: ResourceSearchQuery, now: Date): SQL {
  // Closed resources leave search (and so the referral recipients); they stay readable by link.
  const conditions: SQL[] = [sql`${r.archivedAt} IS NULL`];
  if (query.area?.length) conditions.push(sql`${r.areaCodes} && ${textArray(query.area)}`);
  if (query.municipality?.length)
    conditions.push(sql`${r.municipalityCodes} && ${textArray(query.municipality)}`);
  if (query.serviceType?.length) conditions.push(inArray(r.serviceType, query.serviceType));
  if (query.capacity?.length) conditions.push(inArray(r.capacity, query.capacity));
  if (query.organizationId) conditions.push(eq(r.organizationId, query.organizationId));
  const careTypes = [...new Set(query.careType ?? [])];
  if (careTypes.length) conditions.push(sql`${r.careTypes} @> ${textArray(careTypes)}`);
  if (query.age !== undefined) {
    const age = query.age;
    conditions.push(
      sql`(${r.ageMin} IS NULL OR ${r.ageMin} <= ${age}) AND (${r.ageMax} IS NULL OR ${r.ageMax} >= ${age})`,
    );
    if (careTypes.length)
      conditions.push(sql`NOT EXISTS (
        SELECT 1 FROM jsonb_array_elements(${r.careAccepted}) AS e
        WHERE e->>'code' = ANY(${textArray(careTypes)})
          AND ((e->>'minAge')::int > ${age} OR (e->>'maxAge')::int < ${age}))`);
  }
  const staleBefore = new Date(+now - RESOURCE_STALE_DAYS * 86_400_000);
  if (query.stale === true) conditions.push(sql`${r.confirmedAt} < ${staleBefore}`);
  if (query.stale === false) conditions.push(sql`${r.confirmedAt} >= ${staleBefore}`);
  const q = normalizeForSearch(query.q ?? '');
  if (q) {
    const like = `%${escapeLike(q)}%`;
    const own =
      [...q].length <= 2 ? sql`${r.searchGrams} @> ${textArray([q])}` : sql`${r.searchText} LIKE ${like}`;
    // The organisation by its current name and kana, read at query time: a renamed organisation
    // is found by its new name at once, and no longer by the old one.
    conditions.push(
      sql`(${own} OR ${normalized(o.name)} LIKE ${like} OR ${normalized(o.kana)} LIKE ${like})`,
    );
  }
  return sql.join(conditions, sql` AND `);
}

function resourceOrder(query: ResourceSearchQuery): SQL[] {
  switch (query.sort) {
    case 'name':
      return [asc(r.name)];
    case 'confirmed':
      return [sql`${r.confirmedAt} ASC`];
    case '-confirmed':
      return [sql`${r.confirmedAt} DESC`];
    default:
      // Services that can take the child now first, then those with a waitlist.
      return [
        sql`CASE ${r.capacity} WHEN 'available' THEN 0 WHEN 'waitlist' THEN 1 ELSE 2 END`,
        sql`${r.confirmedAt} DESC`,
        asc(r.name),
      ];
  }
}

export async function searchResources(
  db: Db,
  query: ResourceSearchQuery,
  page: number,
  pageSize: number,
  now: Date,
) {
  const where = resourceWhere(query, now);
  const rows = await db
    .select({ resource: r, organization: o, total: sql<number>`count(*) OVER ()` })
    .from(r)
    .innerJoin(o, eq(o.id, r.organizationId))
    .where(where)
    .orderBy(...resourceOrder(query), r.id)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  let total = rows[0]?.total ?? 0;
  if (!rows.length && page > 1)
    total =
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(r)
          .innerJoin(o, eq(o.id, r.organizationId))
          .where(where)
      )[0]?.n ?? 0;
  return { rows, total: Number(total) };
}

export async function findResource(db: Db, id: string) {
  const [row] = await db
    .select({ resource: r, organization: o })
    .from(r)
    .innerJoin(o, eq(o.id, r.organizationId))
    .where(eq(r.id, id))
    .limit(1);
  return row;
}

export const findOrganization = async (db: Db, id: string) =>
  (await db.select().from(o).where(eq(o.id, id)).limit(1))[0];

export const historyOf = (db: Db, resourceId: string) =>
  db
    .select({ revision: revisions, actorName: users.displayName })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.actorId))
    .where(eq(revisions.resourceId, resourceId))
    .orderBy(sql`${revisions.at} DESC`, sql`${revisions.id} DESC`);
