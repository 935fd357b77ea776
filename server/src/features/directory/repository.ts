import { eq, sql, type SQL } from 'drizzle-orm';
import { normalizeForSearch, schema, type Db } from '@tsunagu/db';
import type { CoordinatorSearchQuery } from '@tsunagu/shared';
import { directoryOrder, directoryWhere } from './search-query.ts';

const { coordinatorProfiles: profiles, organizations } = schema;

export interface SummaryRow {
  user_id: string;
  display_name: string;
  display_kana: string;
  qualifications: { code: string; years: number }[];
  area_codes: string[];
  municipality_codes: string[];
  care_types: string[];
  domains: string[];
  accepting: boolean;
  training_year: number | null;
  org_id: string | null;
  org_name: string | null;
  org_kana: string | null;
  org_type: string | null;
  org_municipality: string | null;
}

/**
 * The total is counted up to this many matches; beyond it the answer is "more than 1,000"
 * (`totalCapped`). Chosen by measurement (bench/README-figures.md): counting 1,001 matches costs
 * about as much as fetching one page, while an exact count of a broad search reads every match.
 */
export const SEARCH_COUNT_CAP = 1000;
/** How many rows, in sort order, a broad search looks through for its page before sorting every match instead. */
export const SEARCH_WALK_ROWS = 4000;
/** The sort orders served by an index (`profiles_kana_idx`, read forwards or backwards). */
const WALKABLE_SORTS = new Set<string>(['kana', '-kana', 'relevance']);

const summaryColumns = sql`p.user_id, p.display_name, p.display_kana, p.qualifications, p.area_codes,
  p.municipality_codes, p.care_types, p.domains, p.accepting, p.training_year,
  o.id AS org_id, o.name AS org_name, o.kana AS org_kana, o.type AS org_type,
  o.municipality_code AS org_municipality`;

/**
 * The statements of a search, in the order they may run. Which run is decided by the size of the
 * match set (a rule, not the planner's guess: the planner assumes matches are spread evenly in
 * kana order, but the matches of a name sit together, which made 山田 walk 450k rows):
 *
 * 1. `counted`, always: the matches, at most SEARCH_COUNT_CAP + 1 of them and in no order, found
 *    through the GIN indexes. That is the (capped) count, and when it is every match, the page is
 *    sorted from them in the same statement. Most searches (any name, any area) end here.
 * 2. `walk`, more matches than that: look through the first SEARCH_WALK_ROWS listed rows in sort
 *    order (an index), keeping the matches. A broad search (no filter, 受付中, 山) fills its page
 *    within a few dozen rows.
 * 3. `sorted`, when the walk did not fill the page (a common family name: thousands of matches, all
 *    in one place in kana order) or when ranking by similarity: sort every match, found through the
 *    GIN indexes — work proportional to the matches, never to the table.
 *
 * Separate statements (not one with gated branches) so that a statement's estimated cost is only
 * its own, and PostgreSQL never JIT-compiles a search (that alone cost 30 ms per query).
 */
export function searchStatements(query: CoordinatorSearchQuery, page: number, pageSize: number) {
  const where = directoryWhere(query);
  const order = directoryOrder(query);
  const offset = (page - 1) * pageSize;
  // Only the kana orders have an index to walk (bench/proposed-migration.sql adds the others);
  // ranking by trigram similarity never has one. Those always sort the matches.
  const ranked = query.sort === 'relevance' && !!normalizeForSearch(query.q ?? '');
  const walkable = !ranked && WALKABLE_SORTS.has(query.sort ?? 'kana');
  const keys = sql.raw(
    `p.user_id, p.display_kana, p.training_year, p.updated_at${ranked ? ', p.search_text' : ''}`,
  );
  const walkRows = Math.max(SEARCH_WALK_ROWS, (offset + pageSize) * 4);
  return {
    ranked,
    walkable,
    counted: sql`WITH m AS MATERIALIZED (SELECT ${keys} FROM coordinator_profiles p WHERE ${where} LIMIT ${SEARCH_COUNT_CAP + 1}),
        n AS MATERIALIZED (SELECT count(*)::int AS total FROM m)
      SELECT n.total, r.* FROM n LEFT JOIN (
        SELECT ${summaryColumns}, row_number() OVER (ORDER BY ${order}) AS ordinal
        FROM (SELECT p.user_id FROM m p WHERE (SELECT total FROM n) <= ${SEARCH_COUNT_CAP} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset}) top
          JOIN coordinator_profiles p ON p.user_id = top.user_id LEFT JOIN organizations o ON o.id = p.organization_id
      ) r ON true ORDER BY r.ordinal`,
    walk: sql`SELECT ${summaryColumns}
      FROM (SELECT p.* FROM coordinator_profiles p WHERE p.listed ORDER BY ${order} LIMIT ${walkRows}) p
        LEFT JOIN organizations o ON o.id = p.organization_id
      WHERE ${where} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset}`,
    sorted: sql`WITH a AS MATERIALIZED (SELECT ${keys} FROM coordinator_profiles p WHERE ${where})
      SELECT ${summaryColumns}
      FROM (SELECT p.user_id FROM a p ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset}) top
        JOIN coordinator_profiles p ON p.user_id = top.user_id LEFT JOIN organizations o ON o.id = p.organization_id
      ORDER BY ${order}`,
  };
}

type Row = SummaryRow & Record<string, unknown>;

/**
 * One search: the page and the total (capped). `trace`, when given, receives each statement run,
 * with the step's name (the benchmark explains them).
 */
export async function searchProfiles(
  db: Db,
  query: CoordinatorSearchQuery,
  page: number,
  pageSize: number,
  trace?: (step: 'counted' | 'walk' | 'sorted', statement: SQL) => void,
) {
  const s = searchStatements(query, page, pageSize);
  trace?.('counted', s.counted);
  const first = await db.execute<Row & { total: number }>(s.counted);
  const counted = first.rows[0]?.total ?? 0;
  const totals = { total: Math.min(counted, SEARCH_COUNT_CAP), totalCapped: counted > SEARCH_COUNT_CAP };
  if (!totals.totalCapped) return { rows: first.rows.filter((r) => r.user_id !== null), ...totals };
  if (s.walkable) {
    trace?.('walk', s.walk);
    const walked = await db.execute<Row>(s.walk);
    if (walked.rows.length === pageSize) return { rows: walked.rows, ...totals };
  }
  trace?.('sorted', s.sorted);
  return { rows: (await db.execute<Row>(s.sorted)).rows, ...totals };
}

export async function findProfile(db: Db, userId: string) {
  const rows = await db
    .select({
      profile: profiles,
      organization: organizations,
      account: { role: schema.users.role, status: schema.users.status },
    })
    .from(profiles)
    .innerJoin(schema.users, eq(schema.users.id, profiles.userId))
    .leftJoin(organizations, eq(organizations.id, profiles.organizationId))
    .where(eq(profiles.userId, userId))
    .limit(1);
  return rows[0];
}

export const findOrganization = async (db: Db, id: string) =>
  (await db.select().from(organizations).where(eq(organizations.id, id)).limit(1))[0];

export async function upsertProfile(db: Db, values: typeof profiles.$inferInsert) {
  await db
    .insert(profiles)
    .values(values)
    .onConflictDoUpdate({ target: profiles.userId, set: { ...values, updatedAt: sql`now()` } });
}
