import { and, eq, sql } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import type { ConsultationStatus, ConsultationTextField, RedactBody, ReplyBody } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { audienceOf, publishChanged } from './audience.ts';
import { now, type ConsultationContext } from './context.ts';
import { refuseUnlessOverridden, checkTexts } from './pii-gate.ts';
import * as policy from './policy.ts';
import { getConsultation, visible } from './reading.ts';

// The conversation on a consultation: replies and internal notes, and the centre's redaction.

const { consultations: c, consultationEvents: events, consultationReplies: replies, users } = schema;

const REDACTED = '［削除］';

/** A reply (seen by the author and participants) or an internal note (centre staff only). */
export async function addReply(ctx: ConsultationContext, actor: Actor, id: string, body: ReplyBody) {
  const { consultation: row, relation } = await visible(ctx, actor, id);
  const can = policy.consultationCan(relation, row.status as ConsultationStatus);
  if (body.internal && !can.note)
    throw new AppError('forbidden', undefined, {
      ja: '内部メモはセンター職員だけが書けます。',
      en: 'Only centre staff write internal notes.',
    });
  if (!can.reply)
    throw new AppError('invalid_transition', undefined, {
      ja: '完了した相談には返信できません。再開してから返信してください。',
      en: 'The consultation is closed: reopen it to reply.',
    });
  if (body.markAsAnswer && (body.internal || !can.note))
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
  const { consultation, relation } = await visible(ctx, actor, id);
  if (!policy.consultationCan(relation, consultation.status as ConsultationStatus).redact)
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
      const field = body.target as ConsultationTextField;
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
