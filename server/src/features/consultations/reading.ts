import { and, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type {
  ConsultationDetail,
  ConsultationListQuery,
  ConsultationListResponse,
  ConsultationStatus,
  ConsultationSummary,
  Priority,
} from '@tsunagu/shared';
import { textArray } from '../../lib/sql.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { businessMsBetween } from './business-clock.ts';
import { freshClosureDays } from './closure-calendar.ts';
import { now, type ConsultationContext } from './context.ts';
import * as policy from './policy.ts';
import * as repo from './repository.ts';

// Reading consultations: the queue, one consultation as the caller may see it, who can help.

const { users } = schema;

/** Loads a consultation the actor may see, or answers 404 (existence must not leak). */
export async function visible(ctx: ConsultationContext, actor: Actor, id: string) {
  const consultation = await repo.findConsultation(ctx.db, id);
  if (!consultation) throw notFound();
  const relation = policy.relationOf(actor, consultation, await repo.isParticipant(ctx.db, id, actor.userId));
  if (!relation) throw notFound();
  return { consultation, relation };
}

function timing(row: repo.ConsultationRow, at: Date) {
  const open =
    row.status !== 'closed' && row.status !== 'draft' && !row.firstRespondedAt && row.firstResponseDueAt;
  const minutesLeft = open ? Math.round(businessMsBetween(at, row.firstResponseDueAt!) / 60000) : null;
  return { responseMinutesLeft: minutesLeft, overdue: !!open && +row.firstResponseDueAt! < +at };
}

function summaryOf(
  row: repo.ConsultationRow,
  names: { author: string; assignee: string | null },
  relation: policy.Relation,
  at: Date,
): ConsultationSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status as ConsultationStatus,
    priority: row.priority as Priority,
    urgency: row.urgency as Priority,
    categories: row.categories,
    ageBand: row.ageBand,
    careTypes: row.careTypes,
    area: row.areaCode,
    author: { id: row.authorId, displayName: names.author },
    assignee: row.assigneeId ? { id: row.assigneeId, displayName: names.assignee ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    postedAt: row.postedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    firstResponseDueAt: row.firstResponseDueAt?.toISOString() ?? null,
    firstRespondedAt: row.firstRespondedAt?.toISOString() ?? null,
    ...timing(row, at),
    relation,
    can: policy.consultationCan(relation, row.status as ConsultationStatus),
  };
}

export async function listConsultations(
  ctx: ConsultationContext,
  actor: Actor,
  query: ConsultationListQuery,
): Promise<ConsultationListResponse> {
  await freshClosureDays(ctx.db);
  const { rows, total, page, pageSize, participantOf } = await repo.listConsultations(ctx.db, actor, query);
  const at = now(ctx);
  return {
    items: rows.map((r) =>
      summaryOf(
        r.consultation,
        { author: r.authorName, assignee: r.assigneeName },
        r.consultation.authorId === actor.userId
          ? 'author'
          : actor.role === 'center_staff'
            ? 'centre'
            : participantOf.has(r.consultation.id)
              ? 'participant'
              : 'participant',
        at,
      ),
    ),
    total,
    page,
    pageSize,
  };
}

export async function getConsultation(
  ctx: ConsultationContext,
  actor: Actor,
  id: string,
): Promise<ConsultationDetail> {
  await freshClosureDays(ctx.db);
  const { consultation: row, relation } = await visible(ctx, actor, id);
  const [participantRows, replyRows, historyRows] = await Promise.all([
    repo.participantsOf(ctx.db, id),
    repo.repliesOf(ctx.db, id, policy.canWriteInternalNote(relation)),
    repo.historyOf(ctx.db, id),
  ]);
  const names = await repo.userNames(ctx.db, [row.authorId, ...(row.assigneeId ? [row.assigneeId] : [])]);
  return {
    ...summaryOf(
      row,
      {
        author: names.get(row.authorId) ?? '',
        assignee: row.assigneeId ? (names.get(row.assigneeId) ?? '') : null,
      },
      relation,
      now(ctx),
    ),
    livingSituation: row.livingSituation,
    tried: row.tried,
    asked: row.asked,
    body: row.body,
    participants: participantRows,
    replies: replyRows.map(({ reply, authorName, authorRole }) => ({
      id: reply.id,
      author: { id: reply.authorId, displayName: authorName },
      authorRole,
      body: reply.body,
      internal: reply.internal,
      isAnswer: reply.id === row.answerReplyId,
      createdAt: reply.createdAt.toISOString(),
    })),
    history: historyRows
      .filter(({ event }) => relation === 'centre' || event.kind !== 'pii_override')
      .map(({ event, actorName }) => ({
        kind: event.kind,
        from: event.fromValue,
        to: event.toValue,
        actor: event.actorId ? { id: event.actorId, displayName: actorName ?? '' } : null,
        at: event.at.toISOString(),
      })),
    piiOverride: relation === 'centre' ? (row.piiOverride ?? null) : null,
    answerReplyId: row.answerReplyId,
    allowedStatuses: policy.allowedStatuses(relation, row.status as ConsultationStatus),
  };
}

/** Coordinators with the right experience: same 圏域 first, then most care types in common. */
export async function suggestExperts(ctx: ConsultationContext, actor: Actor, id: string) {
  const { consultation: row, relation } = await visible(ctx, actor, id);
  if (!policy.canTriage(relation)) throw new AppError('forbidden');
  const careArray = textArray(row.careTypes.length ? row.careTypes : ['__none__']);
  const result = await ctx.db.execute<{
    user_id: string;
    display_name: string;
    qualifications: { code: string; years: number }[];
    matched: string[];
    same_area: boolean;
    accepting: boolean;
    org_name: string | null;
  }>(sql`
    SELECT p.user_id, p.display_name, p.qualifications, p.accepting, o.name AS org_name,
      ARRAY(SELECT unnest(p.care_types) INTERSECT SELECT unnest(${careArray})) AS matched,
      ${row.areaCode ? sql`${row.areaCode} = ANY(p.area_codes)` : sql`false`} AS same_area
    FROM coordinator_profiles p LEFT JOIN organizations o ON o.id = p.organization_id
    WHERE p.listed AND p.user_id <> ${row.authorId}
      AND (p.care_types && ${careArray} ${row.areaCode ? sql`OR ${row.areaCode} = ANY(p.area_codes)` : sql``})
      AND NOT EXISTS (SELECT 1 FROM consultation_participants cp WHERE cp.consultation_id = ${id} AND cp.user_id = p.user_id)
    ORDER BY same_area DESC, cardinality(ARRAY(SELECT unnest(p.care_types) INTERSECT SELECT unnest(${careArray}))) DESC, p.accepting DESC, p.display_kana
    LIMIT 10`);
  return {
    items: result.rows.map((r) => ({
      id: r.user_id,
      displayName: r.display_name,
      organizationName: r.org_name,
      qualifications: r.qualifications,
      careTypesMatched: r.matched,
      sameArea: r.same_area,
      accepting: r.accepting,
    })),
  };
}

export async function centreStaff(db: Db) {
  const rows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(and(eq(users.role, 'center_staff'), eq(users.status, 'active')))
    .orderBy(users.displayKana);
  return { items: rows };
}
