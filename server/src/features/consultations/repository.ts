import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@tsunagu/db';
import type { ConsultationListQuery } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';
import { containsPattern, textArray } from '../../lib/sql.ts';

const {
  consultations: c,
  consultationParticipants: participants,
  consultationReplies: replies,
  consultationEvents: events,
  users,
} = schema;
const authors = alias(users, 'authors');
const assignees = alias(users, 'assignees');

export type ConsultationRow = typeof c.$inferSelect;

export const findConsultation = async (db: Db, id: string) =>
  (await db.select().from(c).where(eq(c.id, id)).limit(1))[0];

export async function isParticipant(db: Db, consultationId: string, userId: string) {
  const rows = await db
    .select({ userId: participants.userId })
    .from(participants)
    .where(and(eq(participants.consultationId, consultationId), eq(participants.userId, userId)))
    .limit(1);
  return rows.length > 0;
}

export const participantsOf = (db: Db, consultationId: string) =>
  db
    .select({ id: users.id, displayName: users.displayName })
    .from(participants)
    .innerJoin(users, eq(users.id, participants.userId))
    .where(eq(participants.consultationId, consultationId))
    .orderBy(asc(participants.invitedAt));

export const repliesOf = (db: Db, consultationId: string, includeInternal: boolean) =>
  db
    .select({ reply: replies, authorName: users.displayName, authorRole: users.role })
    .from(replies)
    .innerJoin(users, eq(users.id, replies.authorId))
    .where(
      includeInternal
        ? eq(replies.consultationId, consultationId)
        : and(eq(replies.consultationId, consultationId), eq(replies.internal, false)),
    )
    .orderBy(asc(replies.createdAt), asc(replies.id));

export const historyOf = (db: Db, consultationId: string) =>
  db
    .select({ event: events, actorName: users.displayName })
    .from(events)
    .leftJoin(users, eq(users.id, events.actorId))
    .where(eq(events.consultationId, consultationId))
    .orderBy(asc(events.at), asc(events.id));

/** The queue: everything posted for the centre; one's own and invited ones for a coordinator. */
export async function listConsultations(db: Db, actor: Actor, query: ConsultationListQuery) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const conditions: SQL[] = [];
  if (actor.role === 'center_staff')
    conditions.push(sql`(${c.status} <> 'draft' OR ${c.authorId} = ${actor.userId})`);
  else
    conditions.push(
      sql`(${c.authorId} = ${actor.userId} OR (${c.status} <> 'draft' AND EXISTS (SELECT 1 FROM consultation_participants p WHERE p.consultation_id = ${c.id} AND p.user_id = ${actor.userId})))`,
    );
  if (query.status?.length) conditions.push(inArray(c.status, query.status));
  if (query.priority?.length) conditions.push(inArray(c.priority, query.priority));
  if (query.category?.length) conditions.push(sql`${c.categories} && ${textArray(query.category)}`);
  if (query.area?.length) conditions.push(inArray(c.areaCode, query.area));
  if (query.assignee === 'me') conditions.push(eq(c.assigneeId, actor.userId));
  else if (query.assignee === 'none') conditions.push(sql`${c.assigneeId} IS NULL`);
  else if (query.assignee) conditions.push(eq(c.assigneeId, query.assignee));
  const overdueSql = sql`(${c.firstRespondedAt} IS NULL AND ${c.status} NOT IN ('draft', 'closed') AND ${c.firstResponseDueAt} < now())`;
  if (query.overdue === true) conditions.push(overdueSql);
  if (query.overdue === false) conditions.push(sql`NOT ${overdueSql}`);
  if (query.q?.trim()) conditions.push(sql`${c.title} ILIKE ${containsPattern(query.q.trim())}`);
  const where = and(...conditions);
  const priorityRank = sql`CASE ${c.priority} WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`;
  const waiting = sql`CASE WHEN ${c.firstRespondedAt} IS NULL AND ${c.status} NOT IN ('draft', 'closed') THEN 0 ELSE 1 END`;
  const order = {
    due: [
      sql`${overdueSql} DESC`,
      waiting,
      sql`${c.firstResponseDueAt} ASC NULLS LAST`,
      sql`${c.updatedAt} DESC`,
    ],
    priority: [priorityRank, sql`${c.firstResponseDueAt} ASC NULLS LAST`],
    created: [sql`${c.createdAt} ASC`],
    '-created': [sql`${c.createdAt} DESC`],
    '-updated': [sql`${c.updatedAt} DESC`],
  }[query.sort ?? 'due'];
  const rows = await db
    .select({
      consultation: c,
      authorName: authors.displayName,
      assigneeName: assignees.displayName,
      total: sql<number>`count(*) OVER ()`,
    })
    .from(c)
    .innerJoin(authors, eq(authors.id, c.authorId))
    .leftJoin(assignees, eq(assignees.id, c.assigneeId))
    .where(where)
    .orderBy(...order, c.id)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const participantOf = rows.length
    ? new Set(
        (
          await db
            .select({ id: participants.consultationId })
            .from(participants)
            .where(
              and(
                eq(participants.userId, actor.userId),
                inArray(
                  participants.consultationId,
                  rows.map((r) => r.consultation.id),
                ),
              ),
            )
        ).map((r) => r.id),
      )
    : new Set<string>();
  return {
    rows,
    total: rows[0]?.total ?? (page > 1 ? await countOnly(db, where) : 0),
    page,
    pageSize,
    participantOf,
  };
}

async function countOnly(db: Db, where: SQL | undefined) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(c)
    .where(where);
  return row?.n ?? 0;
}

export const userNames = async (db: Db, ids: string[]) =>
  new Map(
    ids.length
      ? (
          await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids))
        ).map((u) => [u.id, u.name] as const)
      : [],
  );

/** Everyone who may open the consultation now: its author, its participants and the active centre staff (see policy.relationOf). */
export async function viewersOf(db: Db, consultationId: string): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
    SELECT author_id AS id FROM consultations WHERE id = ${consultationId}
    UNION SELECT user_id FROM consultation_participants WHERE consultation_id = ${consultationId}
    UNION SELECT id FROM users WHERE role = 'center_staff' AND status = 'active'`);
  return rows.map((r) => r.id);
}
