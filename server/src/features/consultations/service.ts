import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import {
  consultationTextFields,
  type ConsultationCreateBody,
  type ConsultationDetail,
  type ConsultationListQuery,
  type ConsultationListResponse,
  type ConsultationPatchBody,
  type ConsultationStatus,
  type ConsultationSummary,
  type FieldPiiFinding,
  type Priority,
  type RedactBody,
  type ReplyBody,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { textArray } from '../../lib/sql.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import type { EventBus } from '../../lib/events.ts';
import { statusLabels } from './labels.ts';
import type { AreaDirectory } from '../reference/service.ts';
import { getResponseTargets } from '../settings/service.ts';
import { addBusinessTime, businessMsBetween } from './business-clock.ts';
import { findPersonalData } from './pii.ts';
import * as policy from './policy.ts';
import * as repo from './repository.ts';

const {
  consultations: c,
  consultationEvents: events,
  consultationParticipants: participants,
  consultationReplies: replies,
  users,
} = schema;

export interface ConsultationContext {
  db: Db;
  areas: AreaDirectory;
  events: EventBus;
  ip: string | null;
  now?: () => Date;
}

const REDACTED = '［削除］';
type TextField = (typeof consultationTextFields)[number];

/** Personal-data findings in each text field; an override with a reason lets the author post anyway. */
export function checkTexts(texts: Partial<Record<string, string>>): FieldPiiFinding[] {
  return Object.entries(texts).flatMap(([field, text]) =>
    text ? findPersonalData(text).map((f) => ({ field, ...f })) : [],
  );
}

function refuseUnlessOverridden(findings: FieldPiiFinding[], override: { reason: string } | undefined) {
  if (findings.length && !override)
    throw new AppError(
      'pii_found',
      findings.map((f) => ({ field: f.field, message: `${f.kind} ${f.start}-${f.end}` })),
      undefined,
      { findings },
    );
}

function requirePostable(values: {
  title: string;
  categories: string[];
  asked: string;
  ageBand: string | null;
  areaCode: string | null;
}) {
  const missing: [string, string, string][] = [];
  if (!values.title.trim()) missing.push(['title', '件名', 'title']);
  if (!values.categories.length) missing.push(['categories', '相談の分類', 'categories']);
  if (!values.asked.trim()) missing.push(['asked', 'センターに聞きたいこと', 'what you ask']);
  if (!values.ageBand) missing.push(['ageBand', '年齢区分', 'age band']);
  if (!values.areaCode) missing.push(['area', '圏域', 'area']);
  if (missing.length)
    throw new AppError(
      'validation',
      missing.map(([field, ja, en]) => ({ field, message: `${ja}を入力してください / enter the ${en}` })),
      {
        ja: `投稿するには次の項目が必要です: ${missing.map((m) => m[1]).join('、')}`,
        en: `To post, fill in: ${missing.map((m) => m[2]).join(', ')}`,
      },
    );
}

async function checkArea(ctx: ConsultationContext, area: string | null | undefined) {
  if (!area) return;
  const { areas } = await ctx.areas.all();
  if (!areas.some((a) => a.code === area))
    throw new AppError('validation', [
      { field: 'area', message: `圏域「${area}」はありません / there is no area "${area}"` },
    ]);
}

const now = (ctx: ConsultationContext) => ctx.now?.() ?? new Date();

/** Creates a draft or posts a consultation (checked for personal data). */
export async function createConsultation(
  ctx: ConsultationContext,
  actor: Actor,
  body: ConsultationCreateBody,
) {
  await checkArea(ctx, body.area);
  const values = {
    title: body.title ?? '',
    categories: [...new Set(body.categories ?? [])],
    ageBand: body.ageBand ?? null,
    careTypes: [...new Set(body.careTypes ?? [])],
    areaCode: body.area ?? null,
    livingSituation: body.livingSituation ?? '',
    tried: body.tried ?? '',
    asked: body.asked ?? '',
    body: body.body ?? '',
    urgency: body.urgency ?? 'normal',
  };
  if (!body.draft) return post(ctx, actor, null, values, body.piiOverride);
  const [row] = await ctx.db
    .insert(c)
    .values({ ...values, authorId: actor.userId, status: 'draft', priority: values.urgency })
    .returning();
  return getConsultation(ctx, actor, row!.id);
}

/** Edits a draft (author only); with `draft: false` it is posted. */
export async function updateDraft(
  ctx: ConsultationContext,
  actor: Actor,
  id: string,
  body: ConsultationCreateBody,
) {
  const existing = await repo.findConsultation(ctx.db, id);
  if (!existing || existing.authorId !== actor.userId) throw notFound();
  if (existing.status !== 'draft')
    throw new AppError('invalid_transition', undefined, {
      ja: '投稿済みの相談は下書きとして編集できません。',
      en: 'A posted consultation is no longer a draft.',
    });
  await checkArea(ctx, body.area);
  const values = {
    title: body.title ?? existing.title,
    categories: body.categories ? [...new Set(body.categories)] : existing.categories,
    ageBand: body.ageBand !== undefined ? body.ageBand : existing.ageBand,
    careTypes: body.careTypes ? [...new Set(body.careTypes)] : existing.careTypes,
    areaCode: body.area !== undefined ? body.area : existing.areaCode,
    livingSituation: body.livingSituation ?? existing.livingSituation,
    tried: body.tried ?? existing.tried,
    asked: body.asked ?? existing.asked,
    body: body.body ?? existing.body,
    urgency: body.urgency ?? (existing.urgency as Priority),
  };
  if (body.draft === false) return post(ctx, actor, id, values, body.piiOverride);
  await ctx.db
    .update(c)
    .set({ ...values, priority: values.urgency, updatedAt: new Date() })
    .where(eq(c.id, id));
  return getConsultation(ctx, actor, id);
}

async function post(
  ctx: ConsultationContext,
  actor: Actor,
  draftId: string | null,
  values: Omit<typeof c.$inferInsert, 'authorId'> & {
    title: string;
    categories: string[];
    asked: string;
    ageBand: string | null;
    areaCode: string | null;
    urgency: string;
  },
  override: { reason: string } | undefined,
) {
  requirePostable(values);
  const findings = checkTexts(
    Object.fromEntries(
      consultationTextFields.map((f) => [f, (values as Record<string, unknown>)[f] as string]),
    ),
  );
  refuseUnlessOverridden(findings, override);
  const postedAt = now(ctx);
  const priority = values.urgency as Priority;
  const targets = await getResponseTargets(ctx.db);
  const record = {
    ...values,
    status: 'new',
    priority,
    postedAt,
    firstResponseDueAt: addBusinessTime(postedAt, targets[priority]),
    piiOverride: findings.length && override ? { reason: override.reason, findings } : null,
    updatedAt: postedAt,
  };
  const id = await ctx.events.transaction(ctx.db, async (tx) => {
    const [row] = draftId
      ? await tx.update(c).set(record).where(eq(c.id, draftId)).returning({ id: c.id })
      : await tx
          .insert(c)
          .values({ ...record, authorId: actor.userId })
          .returning({ id: c.id });
    await tx.insert(events).values({
      consultationId: row!.id,
      actorId: actor.userId,
      kind: 'status',
      fromValue: 'draft',
      toValue: 'new',
    });
    if (record.piiOverride)
      await tx.insert(events).values({
        consultationId: row!.id,
        actorId: actor.userId,
        kind: 'pii_override',
        toValue: String(findings.length),
      });
    const centre = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'center_staff'), eq(users.status, 'active')));
    await ctx.events.publish(tx, 'consultation.posted', {
      consultationId: row!.id,
      actorId: actor.userId,
      recipients: centre.map((u) => u.id).filter((u) => u !== actor.userId),
    });
    return row!.id;
  });
  return getConsultation(ctx, actor, id);
}

/** Loads a consultation the actor may see, or answers 404 (existence must not leak). */
async function visible(ctx: ConsultationContext, actor: Actor, id: string) {
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
  };
}

export async function listConsultations(
  ctx: ConsultationContext,
  actor: Actor,
  query: ConsultationListQuery,
): Promise<ConsultationListResponse> {
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

/** Everyone who may see the consultation now hears that it changed (their open pages refresh). */
async function publishChanged(ctx: ConsultationContext, tx: Db, consultationId: string, actorId: string) {
  await ctx.events.publish(tx, 'consultation.changed', {
    consultationId,
    actorId,
    viewers: await repo.viewersOf(tx, consultationId),
  });
}

/** Everyone on the consultation who should hear of a change, except whoever made it. */
async function audienceOf(db: Db, row: repo.ConsultationRow, except: string) {
  const invited = await db
    .select({ id: participants.userId })
    .from(participants)
    .where(eq(participants.consultationId, row.id));
  return [row.authorId, ...invited.map((p) => p.id), ...(row.assigneeId ? [row.assigneeId] : [])].filter(
    (id) => id !== except,
  );
}

/** Triage by the centre (status, priority, assignee, invited experts), or reopen/close by the author. */
export async function patchConsultation(
  ctx: ConsultationContext,
  actor: Actor,
  id: string,
  body: ConsultationPatchBody,
) {
  const { consultation: row, relation } = await visible(ctx, actor, id);
  const triageFields = (['priority', 'assigneeId', 'inviteUserIds', 'removeUserIds'] as const).filter(
    (f) => body[f] !== undefined,
  );
  if (triageFields.length && !policy.canTriage(relation))
    throw new AppError('forbidden', undefined, {
      ja: '受付・担当・優先度の変更はセンター職員だけができます。',
      en: 'Only centre staff triage consultations.',
    });
  if (body.answerReplyId !== undefined && !policy.canMarkAnswer(relation)) throw new AppError('forbidden');
  if (
    body.status &&
    body.status !== row.status &&
    !policy.allowedStatuses(relation, row.status as ConsultationStatus).includes(body.status)
  )
    throw new AppError(
      'invalid_transition',
      [{ field: 'status', message: `${row.status} → ${body.status}` }],
      {
        ja: `「${statusLabels[row.status]?.[0] ?? row.status}」から「${statusLabels[body.status]?.[0] ?? body.status}」には変更できません。`,
        en: `The status cannot change from ${row.status} to ${body.status}.`,
      },
    );
  if (body.assigneeId) {
    const [assignee] = await ctx.db.select().from(users).where(eq(users.id, body.assigneeId));
    if (!assignee || assignee.role !== 'center_staff' || assignee.status !== 'active')
      throw new AppError('validation', [
        {
          field: 'assigneeId',
          message: '担当者はセンター職員から選んでください / the assignee must be centre staff',
        },
      ]);
  }
  if (body.inviteUserIds?.length) {
    const invitees = await ctx.db.select().from(users).where(inArray(users.id, body.inviteUserIds));
    const bad = body.inviteUserIds.filter(
      (uid) =>
        !invitees.some((u) => u.id === uid && u.role === 'coordinator' && u.status === 'active') ||
        uid === row.authorId,
    );
    if (bad.length)
      throw new AppError('validation', [
        {
          field: 'inviteUserIds',
          message: `招待できるのは投稿者以外の有効なコーディネーターです / only active coordinators other than the author can be invited (${bad.join(', ')})`,
        },
      ]);
  }
  if (body.answerReplyId) {
    const [reply] = await ctx.db
      .select()
      .from(replies)
      .where(and(eq(replies.id, body.answerReplyId), eq(replies.consultationId, id)));
    if (!reply || reply.internal)
      throw new AppError('validation', [
        {
          field: 'answerReplyId',
          message: 'この相談の返信を選んでください / choose a reply of this consultation',
        },
      ]);
  }

  const at = now(ctx);
  await ctx.events.transaction(ctx.db, async (tx) => {
    const set: Partial<typeof c.$inferInsert> = { updatedAt: at };
    const log = (kind: string, from: string | null, to: string | null) =>
      tx
        .insert(events)
        .values({ consultationId: id, actorId: actor.userId, kind, fromValue: from, toValue: to, at });
    let status = body.status ?? (row.status as ConsultationStatus);
    if (body.answerReplyId !== undefined && body.answerReplyId !== row.answerReplyId) {
      set.answerReplyId = body.answerReplyId;
      await log('answer', row.answerReplyId, body.answerReplyId);
      if (body.answerReplyId && !body.status && policy.allowedStatuses('centre', status).includes('answered'))
        status = 'answered';
    }
    if (status !== row.status) {
      set.status = status;
      await log('status', row.status, status);
      await ctx.events.publish(tx, 'consultation.status', {
        consultationId: id,
        actorId: actor.userId,
        status,
        recipients: await audienceOf(tx, row, actor.userId),
      });
    }
    if (body.priority && body.priority !== row.priority) {
      set.priority = body.priority;
      // The first-response target follows the priority until someone has responded.
      if (!row.firstRespondedAt && row.postedAt)
        set.firstResponseDueAt = addBusinessTime(
          row.postedAt,
          (await getResponseTargets(tx as unknown as Db))[body.priority],
        );
      await log('priority', row.priority, body.priority);
    }
    if (body.assigneeId !== undefined && body.assigneeId !== row.assigneeId) {
      set.assigneeId = body.assigneeId;
      await log('assignee', row.assigneeId, body.assigneeId);
      if (body.assigneeId)
        await ctx.events.publish(tx, 'consultation.assigned', {
          consultationId: id,
          actorId: actor.userId,
          assigneeId: body.assigneeId,
        });
    }
    for (const userId of body.inviteUserIds ?? []) {
      const added = await tx
        .insert(participants)
        .values({ consultationId: id, userId, invitedBy: actor.userId })
        .onConflictDoNothing()
        .returning();
      if (added.length) {
        await log('invited', null, userId);
        await ctx.events.publish(tx, 'consultation.invited', {
          consultationId: id,
          actorId: actor.userId,
          userId,
        });
      }
    }
    for (const userId of body.removeUserIds ?? []) {
      const removed = await tx
        .delete(participants)
        .where(and(eq(participants.consultationId, id), eq(participants.userId, userId)))
        .returning();
      if (removed.length) await log('removed', userId, null);
    }
    await tx.update(c).set(set).where(eq(c.id, id));
    await publishChanged(ctx, tx, id, actor.userId);
  });
  return getConsultation(ctx, actor, id);
}

/** A reply (seen by the author and participants) or an internal note (centre staff only). */
export async function addReply(ctx: ConsultationContext, actor: Actor, id: string, body: ReplyBody) {
  const { consultation: row, relation } = await visible(ctx, actor, id);
  if (body.internal && !policy.canWriteInternalNote(relation))
    throw new AppError('forbidden', undefined, {
      ja: '内部メモはセンター職員だけが書けます。',
      en: 'Only centre staff write internal notes.',
    });
  if (!policy.canReply(relation, row.status as ConsultationStatus))
    throw new AppError('invalid_transition', undefined, {
      ja: '完了した相談には返信できません。再開してから返信してください。',
      en: 'The consultation is closed: reopen it to reply.',
    });
  if (body.markAsAnswer && (body.internal || relation !== 'centre'))
    throw new AppError('forbidden', undefined, {
      ja: '回答として登録できるのはセンター職員の返信です。',
      en: 'Only a centre reply can be marked as the answer.',
    });
  refuseUnlessOverridden(checkTexts({ body: body.body }), body.piiOverride);
  const at = now(ctx);
  await ctx.events.transaction(ctx.db, async (tx) => {
    const [reply] = await tx
      .insert(replies)
      .values({
        consultationId: id,
        authorId: actor.userId,
        body: body.body,
        internal: body.internal ?? false,
        createdAt: at,
      })
      .returning();
    const set: Partial<typeof c.$inferInsert> = { updatedAt: at };
    if (!body.internal) {
      if (!row.firstRespondedAt && actor.userId !== row.authorId) set.firstRespondedAt = at;
      if (row.status === 'new' || row.status === 'triaged' || row.status === 'reopened') {
        if (actor.userId !== row.authorId) {
          set.status = body.markAsAnswer ? 'answered' : 'in_progress';
          await tx.insert(events).values({
            consultationId: id,
            actorId: actor.userId,
            kind: 'status',
            fromValue: row.status,
            toValue: set.status,
            at,
          });
        }
      } else if (body.markAsAnswer && row.status === 'in_progress') {
        set.status = 'answered';
        await tx.insert(events).values({
          consultationId: id,
          actorId: actor.userId,
          kind: 'status',
          fromValue: row.status,
          toValue: 'answered',
          at,
        });
      }
      if (body.markAsAnswer) {
        set.answerReplyId = reply!.id;
        await tx.insert(events).values({
          consultationId: id,
          actorId: actor.userId,
          kind: 'answer',
          fromValue: row.answerReplyId,
          toValue: reply!.id,
          at,
        });
      }
      await ctx.events.publish(tx, 'consultation.replied', {
        consultationId: id,
        actorId: actor.userId,
        answer: body.markAsAnswer === true,
        recipients: await audienceOf(tx, row, actor.userId),
      });
    } else {
      const centre = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'center_staff'), eq(users.status, 'active')));
      const recipients = row.assigneeId ? [row.assigneeId] : centre.map((u) => u.id);
      await ctx.events.publish(tx, 'consultation.noted', {
        consultationId: id,
        actorId: actor.userId,
        recipients: recipients.filter((u) => u !== actor.userId),
      });
    }
    await tx.update(c).set(set).where(eq(c.id, id));
    await publishChanged(ctx, tx, id, actor.userId);
  });
  return getConsultation(ctx, actor, id);
}

/** Centre staff remove a span of text; the original is overwritten, not hidden. */
export async function redact(ctx: ConsultationContext, actor: Actor, id: string, body: RedactBody) {
  const { relation } = await visible(ctx, actor, id);
  if (!policy.canRedact(relation))
    throw new AppError('forbidden', undefined, {
      ja: '伏せ字にできるのはセンター職員だけです。',
      en: 'Only centre staff redact text.',
    });
  const cut = (text: string) => {
    const chars = [...text];
    if (body.end > chars.length || body.start >= body.end)
      throw new AppError('validation', [
        {
          field: 'end',
          message: `範囲は0〜${chars.length}文字の中で指定してください / the range must lie within 0–${chars.length}`,
        },
      ]);
    return chars.slice(0, body.start).join('') + REDACTED + chars.slice(body.end).join('');
  };
  await ctx.events.transaction(ctx.db, async (tx) => {
    if (body.target === 'reply') {
      if (!body.replyId)
        throw new AppError('validation', [
          { field: 'replyId', message: '返信を指定してください / give the reply id' },
        ]);
      const [reply] = await tx
        .select()
        .from(replies)
        .where(and(eq(replies.id, body.replyId), eq(replies.consultationId, id)));
      if (!reply) throw notFound();
      await tx
        .update(replies)
        .set({ body: cut(reply.body) })
        .where(eq(replies.id, reply.id));
    } else {
      const field = body.target as TextField;
      const [row] = await tx.select().from(c).where(eq(c.id, id));
      await tx
        .update(c)
        .set({ [field]: cut(row![field]), updatedAt: new Date() })
        .where(eq(c.id, id));
    }
    // The log says that and where, never what: the removed text must not survive anywhere.
    await tx
      .insert(events)
      .values({ consultationId: id, actorId: actor.userId, kind: 'redacted', toValue: body.target });
    await audit(tx, {
      actorId: actor.userId,
      action: 'consultation.redacted',
      targetType: 'consultation',
      targetId: id,
      detail: { target: body.target, length: body.end - body.start },
      ip: ctx.ip,
    });
    // Open pages still show the original text: they reload once the redaction commits.
    await publishChanged(ctx, tx, id, actor.userId);
  });
  // Old row versions linger until vacuumed; reclaim them now so the original is really gone.
  await ctx.db
    .execute(sql.raw(`VACUUM ${body.target === 'reply' ? 'consultation_replies' : 'consultations'}`))
    .catch(() => undefined);
  return getConsultation(ctx, actor, id);
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
