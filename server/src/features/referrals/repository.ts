import { and, asc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@tsunagu/db';
import type { ReferralListQuery } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

const {
  referrals: r,
  referralEvents: events,
  referralMessages: messages,
  resources,
  organizations,
  users,
} = schema;
const senders = alias(users, 'senders');
const recipientUsers = alias(users, 'recipient_users');
const senderOrgs = alias(organizations, 'sender_orgs');
const recipientOrgs = alias(organizations, 'recipient_orgs');

export type ReferralRow = typeof r.$inferSelect;

const joined = {
  referral: r,
  senderName: senders.displayName,
  senderOrgName: senderOrgs.name,
  resourceName: resources.name,
  resourceServiceType: resources.serviceType,
  recipientOrgName: recipientOrgs.name,
  recipientUserName: recipientUsers.displayName,
};
export interface JoinedReferral {
  referral: ReferralRow;
  senderName: string;
  senderOrgName: string | null;
  resourceName: string | null;
  resourceServiceType: string | null;
  recipientOrgName: string | null;
  recipientUserName: string | null;
}

const base = (db: Db) =>
  db
    .select(joined)
    .from(r)
    .innerJoin(senders, eq(senders.id, r.senderId))
    .leftJoin(senderOrgs, eq(senderOrgs.id, r.senderOrganizationId))
    .leftJoin(resources, eq(resources.id, r.resourceId))
    .leftJoin(recipientOrgs, eq(recipientOrgs.id, r.recipientOrganizationId))
    .leftJoin(recipientUsers, eq(recipientUsers.id, r.recipientUserId));

export const findReferral = async (db: Db, id: string) =>
  (await db.select().from(r).where(eq(r.id, id)).limit(1))[0];
export const findJoined = async (db: Db, id: string): Promise<JoinedReferral | undefined> =>
  (await base(db).where(eq(r.id, id)).limit(1))[0];

/** What a user received: referrals to their organisation's resources, or to them as a coordinator. */
function received(actor: Actor): SQL {
  const toMe = eq(r.recipientUserId, actor.userId);
  const toMyOrg = actor.organizationId
    ? and(eq(r.recipientType, 'resource'), eq(r.recipientOrganizationId, actor.organizationId))
    : undefined;
  return and(ne(r.state, 'draft'), toMyOrg ? or(toMe, toMyOrg) : toMe)!;
}

export async function listReferrals(db: Db, actor: Actor, query: ReferralListQuery, now: Date) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const conditions: SQL[] = [];
  if (actor.role === 'center_staff') conditions.push(ne(r.state, 'draft'));
  else if (query.direction === 'sent') conditions.push(eq(r.senderId, actor.userId));
  else if (query.direction === 'received') conditions.push(received(actor));
  else conditions.push(or(eq(r.senderId, actor.userId), received(actor))!);
  if (query.state?.length) conditions.push(inArray(r.state, query.state));
  const overdue = sql`(${r.state} = 'sent' AND ${r.responseDueAt} <= ${now})`;
  if (query.overdue === true) conditions.push(overdue);
  if (query.overdue === false) conditions.push(sql`NOT ${overdue}`);
  const where = and(...conditions);
  const [rows, [count]] = await Promise.all([
    base(db)
      .where(where)
      .orderBy(sql`${r.updatedAt} DESC`, r.id)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(r)
      .where(where),
  ]);
  return { rows, total: count?.n ?? 0, page, pageSize };
}

export const historyOf = (db: Db, referralId: string) =>
  db
    .select({ event: events, actorName: users.displayName })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(eq(events.referralId, referralId))
    .orderBy(asc(events.at), asc(events.id));

export const messagesOf = (db: Db, referralId: string) =>
  db
    .select({ message: messages, authorName: users.displayName })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.authorId))
    .where(eq(messages.referralId, referralId))
    .orderBy(asc(messages.createdAt), asc(messages.id));

/** The active users on the receiving side of a referral. */
export async function recipientUserIds(
  db: Db,
  row: Pick<ReferralRow, 'recipientType' | 'recipientOrganizationId' | 'recipientUserId'>,
): Promise<string[]> {
  if (row.recipientType === 'coordinator') return row.recipientUserId ? [row.recipientUserId] : [];
  if (!row.recipientOrganizationId) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.organizationId, row.recipientOrganizationId),
        eq(users.status, 'active'),
        inArray(users.role, ['coordinator', 'supporter']),
      ),
    );
  return rows.map((u) => u.id);
}

export async function centreStaffIds(db: Db): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'center_staff'), eq(users.status, 'active')));
  return rows.map((u) => u.id);
}
