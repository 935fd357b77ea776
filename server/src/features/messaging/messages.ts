import { sql } from 'drizzle-orm';
import { normalizeForSearch, type Db } from '@tsunagu/db';
import type {
  Message,
  MessageListQuery,
  MessageSearchQuery,
  SendMessagePayload,
  SyncResult,
} from '@tsunagu/shared';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { notMember, refusal, requireMembership, type Author, type MessagingContext } from './context.ts';
import * as repo from './repository.ts';
import * as store from './message-repository.ts';
import { toMessage } from './sql-values.ts';
import type { Actor } from '../../types.ts';

/** Messages: history, search, sending, editing and deleting, and what a reconnecting client missed. */

export async function history(
  ctx: MessagingContext,
  actor: Actor,
  conversationId: string,
  q: MessageListQuery,
) {
  await requireMembership(ctx.db, conversationId, actor.userId);
  return store.history(ctx.db, conversationId, {
    limit: q.limit ?? 50,
    ...(q.before !== undefined ? { before: q.before } : {}),
    ...(q.threadRootId ? { threadRootId: q.threadRootId } : {}),
  });
}

export async function search(ctx: MessagingContext, actor: Actor, q: MessageSearchQuery) {
  const needle = normalizeForSearch(q.q);
  if (!needle) throw invalid('q', '検索する言葉を入力してください', 'enter words to search for');
  if (q.conversationId) await requireMembership(ctx.db, q.conversationId, actor.userId);
  return { items: await store.searchMessages(ctx.db, actor.userId, needle, q.limit ?? 30, q.conversationId) };
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
      ? (await store.membersNamed(ctx.db, payload.conversationId, names)).filter((u) => u !== author.userId)
      : [];
    const values: store.StoreMessage = {
      id: payload.clientId,
      conversationId: payload.conversationId,
      authorId: author.userId,
      body: payload.text,
      searchText: normalizeForSearch(payload.text),
      threadRootId: payload.threadRootId ?? null,
      mentions,
    };
    const asMessage = (row: Record<string, unknown>) =>
      toMessage({ ...row, author_name: author.displayName, reply_count: 0 });
    let message: Message | undefined;
    try {
      if (mentions.length === 0) {
        const row = await store.storeMessage(ctx.db, values);
        if (row) await ctx.events.publish(ctx.db, 'message.created', { message: (message = asMessage(row)) });
      } else
        message = await ctx.events.transaction(ctx.db, async (tx) => {
          const row = await store.storeMessage(tx, values);
          if (!row) return undefined;
          const stored = asMessage(row);
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
  const stored = await store.findMessage(ctx.db, payload.clientId);
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
  const row = await store.findMessageRow(ctx.db, messageId);
  if (!row) throw notFound();
  const deleted = change.text === undefined;
  return ctx.sequencer.run(row.conversationId, async () => {
    const names = !deleted && change.text!.includes('@') ? mentionedNames(change.text!) : [];
    const mentions = names.length
      ? (await store.membersNamed(ctx.db, row.conversationId, names)).filter((u) => u !== author.userId)
      : [];
    const ok = await store.updateOwnMessage(ctx.db, messageId, author.userId, {
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
    const message = (await store.findMessage(ctx.db, messageId))!;
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
  const { byConversation, changed, member } = await store.missedMessages(ctx.db, userId, positions, limit);
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
  const result = await store.markRead(ctx.db, conversationId, userId, seq);
  if (!result) throw notMember();
  return result;
}

/** Membership now (for typing and other events that store nothing). */
export async function requireMember(ctx: MessagingContext, userId: string, conversationId: string) {
  const m = await repo.membership(ctx.db, conversationId, userId);
  if (!m) throw notMember();
  return m;
}
