import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { ConsultationPatchBody, ConsultationStatus } from '@tsunagu/shared';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { getResponseTargets } from '../settings/service.ts';
import { audienceOf, publishChanged } from './audience.ts';
import { addBusinessTime } from './business-clock.ts';
import { freshClosureDays } from './closure-calendar.ts';
import { now, type ConsultationContext } from './context.ts';
import { statusLabels } from './labels.ts';
import * as policy from './policy.ts';
import { getConsultation, visible } from './reading.ts';

const {
  consultations: c,
  consultationEvents: events,
  consultationParticipants: participants,
  consultationReplies: replies,
  users,
} = schema;

/** Triage by the centre (status, priority, assignee, invited experts), or reopen/close by the author. */
export async function patchConsultation(
  ctx: ConsultationContext,
  actor: Actor,
  id: string,
  body: ConsultationPatchBody,
) {
  await freshClosureDays(ctx.db);
  const { consultation: row, relation } = await visible(ctx, actor, id);
  const can = policy.consultationCan(relation, row.status as ConsultationStatus);
  const triageFields = (['priority', 'assigneeId', 'inviteUserIds', 'removeUserIds'] as const).filter(
    (f) => body[f] !== undefined,
  );
  if (triageFields.length && !can.triage)
    throw new AppError('forbidden', undefined, {
      ja: '受付・担当・優先度の変更はセンター職員だけができます。',
      en: 'Only centre staff triage consultations.',
    });
  if (body.assigneeId !== undefined && !can.assign) throw new AppError('forbidden');
  if (body.inviteUserIds?.length && !can.invite)
    throw new AppError('invalid_transition', undefined, {
      ja: '完了した相談には招待できません。再開してから招待してください。',
      en: 'The consultation is closed: reopen it to invite.',
    });
  if (body.answerReplyId !== undefined && !can.markAnswer) throw new AppError('forbidden');
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
