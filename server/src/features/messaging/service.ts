import type { JobQueue } from '../../lib/jobs.ts';
import { sql } from 'drizzle-orm';
import { normalizeForSearch, type Db } from '@tsunagu/db';
import {
  vocabularies,
  type ChannelListResponse,
  type ConversationCreateBody,
  type ConversationDetail,
  type ConversationSummary,
  type Message,
  type MessageListQuery,
  type MessageSearchQuery,
  type PresenceStatus,
  type SendMessagePayload,
  type SyncResult,
} from '@tsunagu/shared';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import type { Actor } from '../../types.ts';
import type { Sequencer } from './sequencer.ts';
import { canCreateChannel, canJoin, canManageMembers, canRemove, MAX_GROUP_MEMBERS } from './policy.ts';
import * as repo from './repository.ts';

export interface MessagingContext {
  db: Db;
  events: EventBus;
  sequencer: Sequencer;
  /** Presence of users across every server process (from the socket layer). */
  presenceOf: (userIds: string[]) => Promise<Map<string, PresenceStatus>>;
  /** The job queue (the clean-up after deletions). */
  jobs: Pick<JobQueue, 'send'>;
}

/** Who sends: the user and the name shown with their messages. */
export interface Author {
  userId: string;
  displayName: string;
}

const notMember = () => new AppError('not_member');
/** Direct and group conversations do not reveal that they exist to outsiders; channels are public. */
const refusal = (c: repo.ConversationRow | undefined) => (c?.kind === 'channel' ? notMember() : notFound());

async function requireMembership(db: Db, conversationId: string, userId: string) {
  const m = await repo.membership(db, conversationId, userId);
  if (!m) throw refusal(await repo.findConversation(db, conversationId));
  return m;
}

// ── Conversations ──

export async function listConversations(ctx: MessagingContext, actor: Actor) {
  return { items: await repo.conversationSummaries(ctx.db, actor.userId) };
}

async function summaryFor(db: Db, userId: string, conversationId: string): Promise<ConversationSummary> {
  const [summary] = await repo.conversationSummaries(db, userId, conversationId);
  if (!summary) throw notFound();
  return summary;
}

export async function getConversation(
  ctx: MessagingContext,
  actor: Actor,
  conversationId: string,
): Promise<ConversationDetail> {
  await requireMembership(ctx.db, conversationId, actor.userId);
  const [summary, members] = await Promise.all([
    summaryFor(ctx.db, actor.userId, conversationId),
    repo.membersOf(ctx.db, conversationId),
  ]);
  const presence = await ctx.presenceOf(members.map((m) => m.userId));
  return {
    ...summary,
    members: members.map((m) => ({ ...m, presence: presence.get(m.userId) ?? 'offline' })),
  };
}

/**
 * Tells the added users' open sockets (and joins them to the room): the actor gets their own
 * summary; in a direct conversation the other person gets theirs (its name is the actor's);
 * others get the summary a new member sees (everything so far counts as read).
 */
async function announceAdded(
  ctx: MessagingContext,
  conversationId: string,
  userIds: string[],
  actorId: string,
) {
  if (userIds.length === 0) return;
  const own = await summaryFor(ctx.db, actorId, conversationId);
  if (userIds.includes(actorId))
    await ctx.events.publish(ctx.db, 'conversation.membersAdded', { summary: own, userIds: [actorId] });
  const others = userIds.filter((u) => u !== actorId);
  if (others.length === 0) return;
  if (own.kind === 'direct') {
    for (const u of others)
      await ctx.events.publish(ctx.db, 'conversation.membersAdded', {
        summary: await summaryFor(ctx.db, u, conversationId),
        userIds: [u],
      });
    return;
  }
  await ctx.events.publish(ctx.db, 'conversation.membersAdded', {
    summary: { ...own, myRole: 'member', unread: 0, lastReadSeq: own.lastSeq },
    userIds: others,
  });
}

export async function createConversation(
  ctx: MessagingContext,
  actor: Actor,
  body: ConversationCreateBody,
): Promise<{ created: boolean; detail: ConversationDetail }> {
  const stray = (field: keyof ConversationCreateBody) => {
    if (body[field] !== undefined)
      throw invalid(field, `${body.kind} では指定できません`, `is not used for a ${body.kind} conversation`);
  };
  let id: string;
  let created = true;
  let added: string[] = [];
  if (body.kind === 'direct') {
    stray('name');
    stray('description');
    stray('memberIds');
    if (!body.userId) throw invalid('userId', '相手を選んでください', 'choose the person to message');
    if (body.userId === actor.userId)
      throw invalid(
        'userId',
        '自分自身とは会話を始められません',
        'you cannot start a conversation with yourself',
      );
    if ((await repo.activeUsers(ctx.db, [body.userId])).length === 0)
      throw invalid('userId', 'この利用者は見つかりません', 'no active user has this id');
    const directKey = [actor.userId, body.userId].sort().join(':');
    const result = await ctx.db.transaction(async (tx) => {
      const newId = await repo.insertConversation(tx, { kind: 'direct', directKey, createdBy: actor.userId });
      if (!newId)
        return { id: (await repo.findDirect(tx, directKey))!, created: false, added: [] as string[] };
      return {
        id: newId,
        created: true,
        added: await repo.addMembers(tx, newId, [actor.userId, body.userId!]),
      };
    });
    ({ id, created, added } = result);
  } else if (body.kind === 'group') {
    stray('userId');
    if (!body.name?.trim()) throw invalid('name', 'グループ名を入力してください', 'give the group a name');
    const others = (body.memberIds ?? []).filter((u) => u !== actor.userId);
    if (others.length + 1 > MAX_GROUP_MEMBERS)
      throw invalid(
        'memberIds',
        `メンバーは${MAX_GROUP_MEMBERS}人までです`,
        `a group has at most ${MAX_GROUP_MEMBERS} members`,
      );
    const found = await repo.activeUsers(ctx.db, others);
    if (found.length !== others.length)
      throw invalid(
        'memberIds',
        '見つからない利用者が含まれています',
        'some of these users do not exist or are not active',
      );
    ({ id, added } = await ctx.db.transaction(async (tx) => {
      const newId = (await repo.insertConversation(tx, {
        kind: 'group',
        name: body.name!.trim(),
        description: body.description ?? '',
        createdBy: actor.userId,
      }))!;
      await repo.addMembers(tx, newId, [actor.userId], 'admin');
      return { id: newId, added: [actor.userId, ...(await repo.addMembers(tx, newId, others))] };
    }));
  } else {
    stray('userId');
    stray('memberIds');
    if (!canCreateChannel(actor))
      throw new AppError('forbidden', undefined, {
        ja: 'チャンネルを作成できるのはセンター職員です。',
        en: 'Only centre staff create channels.',
      });
    if (!body.name?.trim())
      throw invalid('name', 'チャンネル名を入力してください', 'give the channel a name');
    ({ id, added } = await ctx.db.transaction(async (tx) => {
      const newId = (await repo.insertConversation(tx, {
        kind: 'channel',
        channelKind: 'custom',
        name: body.name!.trim(),
        description: body.description ?? '',
        createdBy: actor.userId,
      }))!;
      return { id: newId, added: await repo.addMembers(tx, newId, [actor.userId], 'admin') };
    }));
  }
  await announceAdded(ctx, id, added, actor.userId);
  return { created, detail: await getConversation(ctx, actor, id) };
}

export async function addMembers(
  ctx: MessagingContext,
  actor: Actor,
  conversationId: string,
  userIds: string[],
) {
  const m = await requireMembership(ctx.db, conversationId, actor.userId);
  if (!canManageMembers(m.conversation, actor.userId, m.role))
    throw new AppError('forbidden', undefined, {
      ja: 'メンバーを追加できるのはグループの作成者か管理者です。',
      en: "Only the group's creator or an admin of the group adds members.",
    });
  const found = await repo.activeUsers(ctx.db, userIds);
  if (found.length !== userIds.length)
    throw invalid(
      'userIds',
      '見つからない利用者が含まれています',
      'some of these users do not exist or are not active',
    );
  const current = await repo.memberIds(ctx.db, conversationId);
  const total = new Set([...current, ...userIds]).size;
  if (total > MAX_GROUP_MEMBERS)
    throw invalid(
      'userIds',
      `メンバーは${MAX_GROUP_MEMBERS}人までです`,
      `a group has at most ${MAX_GROUP_MEMBERS} members`,
    );
  const added = await repo.addMembers(ctx.db, conversationId, userIds);
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
          : 'メンバーを外せるのはグループの作成者か管理者です。',
      en:
        m.conversation.kind === 'direct'
          ? 'A direct conversation cannot be left.'
          : "Only the group's creator or an admin of the group removes members.",
    });
  const removed = await ctx.db.transaction(async (tx) => {
    const done = await repo.removeMember(tx, conversationId, userId);
    if (done && m.conversation.kind === 'group') await repo.ensureAdmin(tx, conversationId);
    return done;
  });
  if (!removed) throw notFound();
  await ctx.events.publish(ctx.db, 'conversation.membersRemoved', { conversationId, userIds: [userId] });
}

export async function joinChannel(ctx: MessagingContext, actor: Actor, conversationId: string) {
  const c = await repo.findConversation(ctx.db, conversationId);
  if (!c) throw notFound();
  if (!canJoin(c))
    throw new AppError('forbidden', undefined, {
      ja: '参加できるのはチャンネルだけです。',
      en: 'Only channels can be joined.',
    });
  const added = await repo.addMembers(ctx.db, conversationId, [actor.userId]);
  await announceAdded(ctx, conversationId, added, actor.userId);
  return getConversation(ctx, actor, conversationId);
}

export const leaveConversation = (ctx: MessagingContext, actor: Actor, conversationId: string) =>
  removeMember(ctx, actor, conversationId, actor.userId);

export async function listChannels(ctx: MessagingContext, actor: Actor): Promise<ChannelListResponse> {
  return {
    items: await repo.listChannels(
      ctx.db,
      actor.userId,
      vocabularies.qualifications.map((q) => q.code),
    ),
  };
}

/** One open channel per 圏域 and per qualification (profession), from the areas and the vocabulary; safe to run at every start. */
export async function ensureOpenChannels(db: Db) {
  const areas = await repo.areasForChannels(db);
  await repo.ensureChannels(db, [
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

// ── Messages ──

export async function history(
  ctx: MessagingContext,
  actor: Actor,
  conversationId: string,
  q: MessageListQuery,
) {
  await requireMembership(ctx.db, conversationId, actor.userId);
  return repo.history(ctx.db, conversationId, {
    limit: q.limit ?? 50,
    ...(q.before !== undefined ? { before: q.before } : {}),
    ...(q.threadRootId ? { threadRootId: q.threadRootId } : {}),
  });
}

export async function search(ctx: MessagingContext, actor: Actor, q: MessageSearchQuery) {
  const needle = normalizeForSearch(q.q);
  if (!needle) throw invalid('q', '検索する言葉を入力してください', 'enter words to search for');
  if (q.conversationId) await requireMembership(ctx.db, q.conversationId, actor.userId);
  return { items: await repo.searchMessages(ctx.db, actor.userId, needle, q.limit ?? 30, q.conversationId) };
}

/** `@name` tokens: the name as written without spaces (山田花子 for 山田 花子). */
export function mentionedNames(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(/@([^\s@、。,.!?！？:：;；()（）「」]{1,40})/gu)) names.add(match[1]!);
  return [...names].slice(0, 20);
}

const blank = (text: string) => text.trim().length === 0;

/**
 * Stores a message, then announces it — one at a time per conversation in this process, so
 * announcements follow the sequence. A resent id is answered with the stored message.
 */
export function sendMessage(
  ctx: MessagingContext,
  author: Author,
  payload: SendMessagePayload,
): Promise<{ message: Message; duplicate: boolean }> {
  if (blank(payload.text))
    return Promise.reject(invalid('text', '空のメッセージは送れません', 'a message cannot be empty'));
  return ctx.sequencer.run(payload.conversationId, async () => {
    const names = payload.text.includes('@') ? mentionedNames(payload.text) : [];
    const mentions = names.length
      ? (await repo.membersNamed(ctx.db, payload.conversationId, names)).filter((u) => u !== author.userId)
      : [];
    const values: repo.StoreMessage = {
      id: payload.clientId,
      conversationId: payload.conversationId,
      authorId: author.userId,
      body: payload.text,
      searchText: normalizeForSearch(payload.text),
      threadRootId: payload.threadRootId ?? null,
      mentions,
    };
    const toMessage = (row: Record<string, unknown>) =>
      repo.toMessage({ ...row, author_name: author.displayName, reply_count: 0 });
    let message: Message | undefined;
    try {
      if (mentions.length === 0) {
        const row = await repo.storeMessage(ctx.db, values);
        if (row) await ctx.events.publish(ctx.db, 'message.created', { message: (message = toMessage(row)) });
      } else
        message = await ctx.events.transaction(ctx.db, async (tx) => {
          const row = await repo.storeMessage(tx, values);
          if (!row) return undefined;
          const stored = toMessage(row);
          await ctx.events.publish(tx, 'message.created', { message: stored });
          await ctx.events.publish(tx, 'message.mentioned', {
            conversationId: payload.conversationId,
            messageId: payload.clientId,
            authorName: author.displayName,
            recipients: mentions,
          });
          return stored;
        });
    } catch (error) {
      if (isUniqueViolation(error)) return resent(ctx, author, payload);
      throw error;
    }
    if (!message) throw await whyNotStored(ctx.db, author.userId, payload);
    return { message, duplicate: false };
  });
}

function isUniqueViolation(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === '23505') return true;
  return false;
}

/** The id exists: the same author's resend of the same message is acknowledged with what was stored. */
async function resent(ctx: MessagingContext, author: Author, payload: SendMessagePayload) {
  const stored = await repo.findMessage(ctx.db, payload.clientId);
  if (!stored || stored.authorId !== author.userId || stored.conversationId !== payload.conversationId)
    throw new AppError(
      'conflict',
      [
        {
          field: 'clientId',
          message: 'このIDは別のメッセージに使われています / this id belongs to another message',
        },
      ],
      {
        ja: 'このメッセージIDはすでに使われています。新しいIDで送ってください。',
        en: 'This message id is already used. Send with a new id.',
      },
    );
  return { message: stored, duplicate: true };
}

async function whyNotStored(db: Db, userId: string, payload: SendMessagePayload) {
  const m = await repo.membership(db, payload.conversationId, userId);
  if (!m) return refusal(await repo.findConversation(db, payload.conversationId));
  return invalid(
    'threadRootId',
    'この会話のスレッドの最初のメッセージを指定してください',
    'must be the first message of a thread in this conversation',
  );
}

async function changeOwnMessage(
  ctx: MessagingContext,
  author: Author,
  messageId: string,
  change: { text?: string },
) {
  const row = await repo.findMessageRow(ctx.db, messageId);
  if (!row) throw notFound();
  const deleted = change.text === undefined;
  return ctx.sequencer.run(row.conversationId, async () => {
    const names = !deleted && change.text!.includes('@') ? mentionedNames(change.text!) : [];
    const mentions = names.length
      ? (await repo.membersNamed(ctx.db, row.conversationId, names)).filter((u) => u !== author.userId)
      : [];
    const ok = await repo.updateOwnMessage(ctx.db, messageId, author.userId, {
      body: change.text ?? '',
      searchText: deleted ? '' : normalizeForSearch(change.text!),
      mentions,
      deleted,
    });
    if (!ok) {
      if (!(await repo.membership(ctx.db, row.conversationId, author.userId)))
        throw refusal(await repo.findConversation(ctx.db, row.conversationId));
      if (row.authorId !== author.userId)
        throw new AppError('forbidden', undefined, {
          ja: '編集・削除できるのは自分のメッセージだけです。',
          en: 'You can edit or delete only your own messages.',
        });
      throw new AppError('conflict', undefined, {
        ja: 'このメッセージは削除されています。',
        en: 'This message has been deleted.',
      });
    }
    const message = (await repo.findMessage(ctx.db, messageId))!;
    await ctx.events.publish(ctx.db, 'message.updated', { message });
    if (deleted) scheduleVacuum(ctx);
    return { message };
  });
}

export function editMessage(ctx: MessagingContext, author: Author, messageId: string, text: string) {
  if (blank(text))
    return Promise.reject(
      invalid(
        'text',
        '空のメッセージにはできません（削除してください）',
        'a message cannot be empty (delete it instead)',
      ),
    );
  return changeOwnMessage(ctx, author, messageId, { text });
}

export const deleteMessage = (ctx: MessagingContext, author: Author, messageId: string) =>
  changeOwnMessage(ctx, author, messageId, {});

/** The job that makes a deleted message's text gone from the database, not only hidden. */
export const VACUUM_JOB = 'messaging.vacuum';

/**
 * VACUUM removes the old row versions (and their index entries) of deleted messages: queued
 * 2 s after a deletion, one waiting at a time, so a burst of deletions costs one vacuum.
 */
function scheduleVacuum(ctx: MessagingContext) {
  ctx.jobs.send(VACUUM_JOB, {}, { singletonKey: VACUUM_JOB, startAfter: 2 }).catch(() => undefined);
}

/** What the vacuum job does. */
export const vacuumMessages = (db: Db) => db.execute(sql.raw('VACUUM messages'));

/**
 * What a reconnecting client missed, per conversation it belongs to: new messages in sequence
 * order, and (with `changesAfter`) the held messages edited or deleted since that change.
 */
export async function sync(
  ctx: MessagingContext,
  userId: string,
  positions: { conversationId: string; after: number; changesAfter?: number }[],
  limit = 200,
) {
  const { byConversation, changed, member } = await repo.missedMessages(ctx.db, userId, positions, limit);
  const results: SyncResult[] = [];
  const refused: string[] = [];
  for (const p of positions) {
    const lastSeq = member.get(p.conversationId);
    if (lastSeq === undefined) {
      refused.push(p.conversationId);
      continue;
    }
    const messages = byConversation.get(p.conversationId) ?? [];
    const edits = changed.get(p.conversationId) ?? [];
    results.push({
      conversationId: p.conversationId,
      messages: messages.slice(0, limit),
      changed: edits.slice(0, limit),
      hasMore: messages.length > limit || edits.length > limit,
      lastSeq,
    });
  }
  return { results, refused };
}

export async function markRead(ctx: MessagingContext, userId: string, conversationId: string, seq: number) {
  const result = await repo.markRead(ctx.db, conversationId, userId, seq);
  if (!result) throw notMember();
  return result;
}

/** Membership now (for typing and other events that store nothing). */
export async function requireMember(ctx: MessagingContext, userId: string, conversationId: string) {
  const m = await repo.membership(ctx.db, conversationId, userId);
  if (!m) throw notMember();
  return m;
}
