import type { Db } from '@tsunagu/db';
import { vocabularies, type ChannelListResponse, type ChannelSummary } from '@tsunagu/shared';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import * as channels from './channel-repository.ts';
import { announceAdded, type MessagingContext } from './context.ts';
import { canCreateChannel, canPreview, channelCan } from './policy.ts';

/** Channels: the list, a channel before joining it, the generated ones, and joining people to theirs. */

const withCan = (c: channels.ChannelRow): ChannelSummary => ({
  ...c,
  can: channelCan({ kind: 'channel', inviteOnly: c.inviteOnly, createdBy: null }, c.joined),
});

export async function listChannels(ctx: MessagingContext, actor: Actor): Promise<ChannelListResponse> {
  const rows = await channels.listChannels(
    ctx.db,
    actor.userId,
    vocabularies.qualifications.map((q) => q.code),
  );
  return { items: rows.map(withCan), can: { createChannel: canCreateChannel(actor) } };
}

/** What a non-member sees of an open channel (name, description, members, join); others: 404. */
export async function getChannel(ctx: MessagingContext, actor: Actor, id: string): Promise<ChannelSummary> {
  const c = await channels.findChannel(ctx.db, id, actor.userId);
  if (
    !c ||
    !canPreview(
      { kind: 'channel', inviteOnly: c.inviteOnly, createdBy: null },
      c.joined ? 'member' : undefined,
    )
  )
    throw notFound();
  return withCan(c);
}

/** One open channel per 圏域 and per qualification (profession), from the areas and the vocabulary; safe to run at every start. */
export async function ensureOpenChannels(db: Db) {
  const areas = await channels.areasForChannels(db);
  await channels.ensureChannels(db, [
    ...areas.map((a) => ({
      channelKind: 'area' as const,
      channelKey: a.code,
      name: a.name,
      description: `${a.name}のコーディネーターの広場`,
    })),
    ...vocabularies.qualifications.map((q) => ({
      channelKind: 'profession' as const,
      channelKey: q.code,
      name: q.ja,
      description: `${q.ja}の資格を持つ人の広場`,
    })),
  ]);
}

/**
 * Joins a user to the open channels of their 圏域 and qualifications — except those they left —
 * and tells their open sockets. Run when the account becomes active and when they save their profile.
 */
export async function joinOwnChannels(ctx: MessagingContext, userId: string) {
  const added = await channels.joinUserToAudienceChannels(ctx.db, userId);
  for (const { conversationId } of added) await announceAdded(ctx, conversationId, [userId], userId);
  return added.map((a) => a.conversationId);
}
