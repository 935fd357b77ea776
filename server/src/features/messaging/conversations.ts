import type { Db } from '@tsunagu/db';
import type { ConversationDetail, MessagingPeopleQuery } from '@tsunagu/shared';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { recordDeparture } from './channel-repository.ts';
import { announceAdded, requireMembership, summaryFor, withCan, type MessagingContext } from './context.ts';
import { canJoin, canManageMembers, canPreview, canRemove, MAX_GROUP_MEMBERS } from './policy.ts';
import * as repo from './repository.ts';

/** Conversations one belongs to: the list, one with its members, and who belongs to it. */

export async function listConversations(ctx: MessagingContext, actor: Actor) {
  const items = await repo.conversationSummaries(ctx.db, actor.userId);
  return { items: items.map((s) => withCan(actor.userId, s)) };
}

export async function getConversation(
  ctx: MessagingContext,
  actor: Pick<Actor, 'userId'>,
  conversationId: string,
): Promise<ConversationDetail> {
  const mine = await requireMembership(ctx.db, conversationId, actor.userId);
  const [summary, members] = await Promise.all([
    summaryFor(ctx.db, actor.userId, conversationId),
    repo.membersOf(ctx.db, conversationId),
  ]);
  const presence = await ctx.presenceOf(members.map((m) => m.userId));
  return {
    ...summary,
    members: members.map((m) => ({
      ...m,
      presence: presence.get(m.userId) ?? 'offline',
      can: {
        remove: m.userId !== actor.userId && canRemove(mine.conversation, actor.userId, mine.role, m.userId),
      },
    })),
  };
}

export const tooManyMembers = (field: string) =>
  invalid(
    field,
    `メンバーは${MAX_GROUP_MEMBERS}人までです（作成者を含む）。人数を減らしてください`,
    `at most ${MAX_GROUP_MEMBERS} members (the creator included): choose fewer people`,
  );

export const unknownUsers = (field: string) =>
  invalid(field, '見つからない利用者が含まれています', 'some of these users do not exist or are not active');

export async function addMembers(
  ctx: MessagingContext,
  actor: Actor,
  conversationId: string,
  userIds: string[],
) {
  const m = await requireMembership(ctx.db, conversationId, actor.userId);
  if (!canManageMembers(m.conversation, actor.userId, m.role))
    throw new AppError('forbidden', undefined, {
      ja: 'メンバーを追加できるのは作成者か管理者です。',
      en: 'Only its creator or one of its admins adds members.',
    });
  const overCap = async (db: Db) =>
    new Set([...(await repo.memberIds(db, conversationId)), ...userIds]).size > MAX_GROUP_MEMBERS;
  if (await overCap(ctx.db)) throw tooManyMembers('userIds');
  const found = await repo.activeUsers(ctx.db, userIds);
  if (found.length !== userIds.length) throw unknownUsers('userIds');
  // Counted again under the conversation's row lock: two concurrent additions cannot pass the cap together.
  const added = await ctx.db.transaction(async (tx) => {
    await repo.lockConversation(tx, conversationId);
    if (await overCap(tx as unknown as Db)) throw tooManyMembers('userIds');
    return repo.addMembers(tx, conversationId, userIds);
  });
  await announceAdded(ctx, conversationId, added, actor.userId);
  return getConversation(ctx, actor, conversationId);
}

/** Removes a member (or oneself: leaving). Their sockets stop receiving the conversation at once. */
export async function removeMember(
  ctx: MessagingContext,
  actor: Actor,
  conversationId: string,
  userId: string,
) {
  const m = await requireMembership(ctx.db, conversationId, actor.userId);
  if (!canRemove(m.conversation, actor.userId, m.role, userId))
    throw new AppError('forbidden', undefined, {
      ja:
        m.conversation.kind === 'direct'
          ? '1対1の会話からは退出できません。'
          : 'メンバーを外せるのは作成者か管理者です。',
      en:
        m.conversation.kind === 'direct'
          ? 'A direct conversation cannot be left.'
          : 'Only its creator or one of its admins removes members.',
    });
  const { kind, inviteOnly } = m.conversation;
  const removed = await ctx.db.transaction(async (tx) => {
    const done = await repo.removeMember(tx, conversationId, userId);
    // Whoever manages members keeps someone to do it.
    if (done && (kind === 'group' || inviteOnly)) await repo.ensureAdmin(tx, conversationId);
    // Left (or was removed from) a channel: it is not joined again for them automatically.
    if (done && kind === 'channel') await recordDeparture(tx, conversationId, userId);
    return done;
  });
  if (!removed) throw notFound();
  await ctx.events.publish(ctx.db, 'conversation.membersRemoved', { conversationId, userIds: [userId] });
}

export async function joinChannel(ctx: MessagingContext, actor: Actor, conversationId: string) {
  const c = await repo.findConversation(ctx.db, conversationId);
  const mine = c && (await repo.membership(ctx.db, conversationId, actor.userId));
  // An invite-only channel is not revealed to outsiders.
  if (!c || (c.kind === 'channel' && !canPreview(c, mine?.role))) throw notFound();
  if (!mine && !canJoin(c))
    throw new AppError('forbidden', undefined, {
      ja: '参加できるのは公開チャンネルだけです。',
      en: 'Only open channels can be joined.',
    });
  if (c.kind !== 'channel')
    throw new AppError('forbidden', undefined, {
      ja: '参加できるのはチャンネルだけです。',
      en: 'Only channels can be joined.',
    });
  const added = mine ? [] : await repo.addMembers(ctx.db, conversationId, [actor.userId]);
  await announceAdded(ctx, conversationId, added, actor.userId);
  return getConversation(ctx, actor, conversationId);
}

export const leaveConversation = (ctx: MessagingContext, actor: Actor, conversationId: string) =>
  removeMember(ctx, actor, conversationId, actor.userId);

/** People to write to or add: active users of every role (coordinators, supporters, the centre). */
export async function searchPeople(db: Db, actor: Actor, q: MessagingPeopleQuery) {
  const text = q.q.trim();
  if (!text) throw invalid('q', '名前を入力してください', 'enter a name to search for');
  return { items: await repo.searchPeople(db, actor.userId, text, q.limit ?? 20) };
}
