import { eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
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

/** The search's SQL, exported so the benchmark can run exactly the same statement through the driver. */
export function searchStatements(query: CoordinatorSearchQuery, page: number, pageSize: number) {
  const where = directoryWhere(query);
  return {
    items: sql`SELECT p.user_id, p.display_name, p.display_kana, p.qualifications, p.area_codes,
        p.municipality_codes, p.care_types, p.domains, p.accepting, p.training_year,
        o.id AS org_id, o.name AS org_name, o.kana AS org_kana, o.type AS org_type,
        o.municipality_code AS org_municipality
      FROM coordinator_profiles p LEFT JOIN organizations o ON o.id = p.organization_id
      WHERE ${where} ORDER BY ${directoryOrder(query)}
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    count: sql`SELECT count(*)::int AS total FROM coordinator_profiles p WHERE ${where}`,
  };
}

export async function searchProfiles(db: Db, query: CoordinatorSearchQuery, page: number, pageSize: number) {
  const statements = searchStatements(query, page, pageSize);
  const [items, count] = await Promise.all([
    db.execute<SummaryRow & Record<string, unknown>>(statements.items),
    db.execute<{ total: number }>(statements.count),
  ]);
  return { rows: items.rows, total: count.rows[0]?.total ?? 0 };
}

export async function findProfile(db: Db, userId: string) {
  const rows = await db
    .select({ profile: profiles, organization: organizations })
    .from(profiles)
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
