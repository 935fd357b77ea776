import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@tsunagu/db';

const { organizationRequests: r, users, organizations } = schema;
const fromOrg = alias(organizations, 'from_org');
const toOrg = alias(organizations, 'to_org');

export type RequestRow = Awaited<ReturnType<typeof listRequests>>['rows'][number];

export async function listRequests(db: Db, where: SQL | undefined, page: number, pageSize: number) {
  const [rows, [total]] = await Promise.all([
    db
      .select({
        request: r,
        user: { id: users.id, displayName: users.displayName, role: users.role },
        from: { id: fromOrg.id, name: fromOrg.name },
        to: { id: toOrg.id, name: toOrg.name },
      })
      .from(r)
      .innerJoin(users, eq(users.id, r.userId))
      .leftJoin(fromOrg, eq(fromOrg.id, r.fromOrganizationId))
      .leftJoin(toOrg, eq(toOrg.id, r.toOrganizationId))
      .where(where)
      .orderBy(desc(r.createdAt), r.id)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(r).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export const findRequest = async (db: Db, id: string) => (await listRequests(db, eq(r.id, id), 1, 1)).rows[0];

/** Inserts a pending request; undefined when the user already has one (the partial unique index decides, race-safe). */
export async function insertPending(
  db: Db,
  values: {
    userId: string;
    fromOrganizationId: string | null;
    toOrganizationId: string | null;
    note: string;
  },
) {
  const [row] = await db.insert(r).values(values).onConflictDoNothing().returning({ id: r.id });
  return row?.id;
}

/** Moves a pending request to its outcome; only the first of concurrent deciders wins. */
export async function decide(
  db: Db,
  id: string,
  set: { state: 'approved' | 'rejected' | 'cancelled'; reason?: string; decidedBy: string | null },
) {
  const [row] = await db
    .update(r)
    .set({ state: set.state, reason: set.reason ?? '', decidedBy: set.decidedBy, decidedAt: new Date() })
    .where(and(eq(r.id, id), eq(r.state, 'pending')))
    .returning();
  return row;
}

export const organizationExists = async (db: Db, id: string) =>
  !!(
    await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, id)).limit(1)
  )[0];

/** Who decides requests: the centre's active staff. */
export async function centreStaffIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'center_staff'), eq(users.status, 'active')));
  return rows.map((u) => u.id);
}

export const findUser = async (db: Db, id: string) =>
  (await db.select().from(users).where(eq(users.id, id)).limit(1))[0];
