import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import type { ReferralMessageBody, ReferralMessagesResponse } from '@tsunagu/shared';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { now, visible, type ReferralContext } from './context.ts';
import { open, seal } from './crypto.ts';
import * as repo from './repository.ts';
import { partiesOf } from './transitions.ts';

const { referrals: r, referralEvents: events, referralMessages: messages } = schema;

export async function listMessages(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
): Promise<ReferralMessagesResponse> {
  const { row, relation } = await visible(ctx, actor, id);
  if (relation === 'centre')
    throw new AppError('forbidden', undefined, {
      ja: 'メッセージは紹介した人と紹介先だけが読めます。',
      en: 'Only the two sides read the thread.',
    });
  const rows = await repo.messagesOf(ctx.db, row.id);
  return {
    items: rows.map(({ message, authorName }) => ({
      id: message.id,
      author: { id: message.authorId, displayName: authorName },
      body: message.bodyCiphertext ? open(ctx.key, message.bodyCiphertext, `${row.id}:${message.id}`) : null,
      createdAt: message.createdAt.toISOString(),
    })),
  };
}

export async function addMessage(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
  body: ReferralMessageBody,
): Promise<ReferralMessagesResponse> {
  const { row, relation } = await visible(ctx, actor, id);
  if (relation === 'centre')
    throw new AppError('forbidden', undefined, {
      ja: 'メッセージは紹介した人と紹介先だけが書けます。',
      en: 'Only the two sides write in the thread.',
    });
  if (row.state === 'draft')
    throw new AppError('invalid_transition', undefined, {
      ja: '下書きの紹介にはメッセージを書けません。送ってから書いてください。',
      en: 'A draft has no thread yet: send the referral first.',
    });
  const at = now(ctx);
  const messageId = randomUUID();
  await ctx.events.transaction(ctx.db, async (tx) => {
    await tx.insert(messages).values({
      id: messageId,
      referralId: id,
      authorId: actor.userId,
      bodyCiphertext: seal(ctx.key, body.body, `${id}:${messageId}`),
      createdAt: at,
    });
    await tx.insert(events).values({ referralId: id, actorId: actor.userId, kind: 'message', at });
    await tx.update(r).set({ updatedAt: at }).where(eq(r.id, id));
    const parties = await partiesOf(tx, row);
    await ctx.events.publish(tx, 'referral.messaged', {
      referralId: id,
      actorId: actor.userId,
      recipients: parties.filter((u) => u !== actor.userId),
    });
    await ctx.events.publish(tx, 'referral.changed', {
      referralId: id,
      actorId: actor.userId,
      viewers: [...new Set([...parties, actor.userId])],
    });
  });
  return listMessages(ctx, actor, id);
}
