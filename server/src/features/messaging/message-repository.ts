import { sql, type SQL } from 'drizzle-orm';
import type { ConversationKind, Message } from '@tsunagu/shared';
import { containsPattern } from '../../lib/sql.ts';
import {
  int,
  messageColumns,
  toMessage,
  UNREAD_CAP,
  uuidList,
  uuidListOrEmpty,
  type Executor,
  type Row,
} from './sql-values.ts';

/**
 * The queries of messages. The hot path (storing a message) is one statement; a conversation's
 * row lock orders its messages and changes.
 */

export interface StoreMessage {
  id: string;
  conversationId: string;
  authorId: string;
  body: string;
  searchText: string;
  threadRootId: string | null;
  mentions: string[];
}

/**
 * Stores a message in one statement — atomic on its own: the conversation's row is locked
 * and its counter incremented (so concurrent senders get 1, 2, 3 … in commit order), the
 * author's membership and the thread root are checked at this moment, and the message is
 * inserted with the new position. A message id that exists already fails the whole
 * statement (unique violation), so the counter never skips. No row: not a member (or a bad
 * thread root); the caller finds out which.
 */
export async function storeMessage(db: Executor, m: StoreMessage): Promise<Row | undefined> {
  const { rows } = await db.execute(sql`
    WITH s AS (
      UPDATE conversations c SET last_seq = c.last_seq + 1, last_change = c.last_change + 1, last_message_at = now()
      WHERE c.id = ${m.conversationId}
        AND EXISTS (SELECT 1 FROM conversation_members cm WHERE cm.conversation_id = ${m.conversationId} AND cm.user_id = ${m.authorId})
        ${m.threadRootId ? sql`AND EXISTS (SELECT 1 FROM messages t WHERE t.id = ${m.threadRootId} AND t.conversation_id = ${m.conversationId} AND t.thread_root_id IS NULL)` : sql``}
      RETURNING c.last_seq, c.last_change)
    INSERT INTO messages (id, conversation_id, seq, author_id, body, search_text, thread_root_id, mentions, change_seq)
    SELECT ${m.id}, ${m.conversationId}, s.last_seq, ${m.authorId}, ${m.body}, ${m.searchText}, ${m.threadRootId}, ${uuidListOrEmpty(m.mentions)}, s.last_change FROM s
    RETURNING id, conversation_id, seq, author_id, body, thread_root_id, mentions, created_at, edited_at, deleted_at, change_seq`);
  return rows[0];
}

export async function findMessage(db: Executor, id: string): Promise<Message | undefined> {
  const { rows } = await db.execute(
    sql`SELECT ${messageColumns} FROM messages m LEFT JOIN users u ON u.id = m.author_id WHERE m.id = ${id}`,
  );
  return rows[0] ? toMessage(rows[0]) : undefined;
}

export async function findMessageRow(db: Executor, id: string) {
  const { rows } = await db.execute(
    sql`SELECT id, conversation_id, author_id, thread_root_id, deleted_at FROM messages WHERE id = ${id}`,
  );
  const r = rows[0];
  return r
    ? {
        id: String(r.id),
        conversationId: String(r.conversation_id),
        authorId: (r.author_id as string | null) ?? null,
        threadRootId: (r.thread_root_id as string | null) ?? null,
        deleted: r.deleted_at != null,
      }
    : undefined;
}

/** Members whose name, written without spaces, is one of these (for @mentions). */
export async function membersNamed(db: Executor, conversationId: string, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const { rows } = await db.execute(sql`
    SELECT m.user_id FROM conversation_members m JOIN users u ON u.id = m.user_id
    WHERE m.conversation_id = ${conversationId}
      AND regexp_replace(u.display_name, '[[:space:]\\u3000]', '', 'g') = ANY(ARRAY[${sql.join(
        names.map((n) => sql`${n}`),
        sql`, `,
      )}]::text[])`);
  return rows.map((r) => String(r.user_id));
}

/**
 * Edit or delete by the author, while a member; false when nothing matched. The change takes
 * the conversation's next change number (the row lock orders them), so a client's sync
 * replays every edit and deletion after the last change it saw.
 */
export async function updateOwnMessage(
  db: Executor,
  id: string,
  authorId: string,
  change: { body: string; searchText: string; mentions: string[]; deleted: boolean },
) {
  const set = change.deleted
    ? sql`body = '', search_text = '', mentions = '{}', deleted_at = now()`
    : sql`body = ${change.body}, search_text = ${change.searchText}, mentions = ${uuidListOrEmpty(change.mentions)}, edited_at = now()`;
  const allowed = sql`m.id = ${id} AND m.author_id = ${authorId} AND m.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM conversation_members cm WHERE cm.conversation_id = m.conversation_id AND cm.user_id = ${authorId})`;
  const { rows } = await db.execute(sql`
    WITH c AS (
      UPDATE conversations c SET last_change = c.last_change + 1
      WHERE c.id = (SELECT m.conversation_id FROM messages m WHERE ${allowed})
      RETURNING c.id, c.last_change)
    UPDATE messages m SET ${set}, change_seq = c.last_change FROM c
    WHERE m.conversation_id = c.id AND ${allowed}
    RETURNING m.id`);
  return rows.length > 0;
}

/** History newest first: messages before a position, optionally one thread (its root and replies). */
export async function history(
  db: Executor,
  conversationId: string,
  q: { before?: number; limit: number; threadRootId?: string },
) {
  const conditions: SQL[] = [sql`m.conversation_id = ${conversationId}`];
  if (q.before !== undefined) conditions.push(sql`m.seq < ${q.before}`);
  if (q.threadRootId)
    conditions.push(sql`(m.id = ${q.threadRootId} OR m.thread_root_id = ${q.threadRootId})`);
  const { rows } = await db.execute(sql`
    SELECT ${messageColumns} FROM messages m LEFT JOIN users u ON u.id = m.author_id
    WHERE ${sql.join(conditions, sql` AND `)} ORDER BY m.seq DESC LIMIT ${q.limit + 1}`);
  return { items: rows.slice(0, q.limit).map(toMessage), hasMore: rows.length > q.limit };
}

/** What the user missed in each conversation they belong to, in sequence order (one statement for all). */
export async function missedMessages(
  db: Executor,
  userId: string,
  positions: { conversationId: string; after: number; changesAfter?: number }[],
  limit: number,
) {
  if (positions.length === 0)
    return {
      byConversation: new Map<string, Message[]>(),
      changed: new Map<string, Message[]>(),
      member: new Map<string, number>(),
    };
  const ids = positions.map((p) => p.conversationId);
  const afters = sql`ARRAY[${sql.join(
    positions.map((p) => sql`${p.after}`),
    sql`, `,
  )}]::bigint[]`;
  const since = positions.filter((p) => p.changesAfter !== undefined);
  const [members, missed, edits] = await Promise.all([
    db.execute(sql`
      SELECT c.id, c.last_seq FROM conversations c JOIN conversation_members cm ON cm.conversation_id = c.id AND cm.user_id = ${userId}
      WHERE c.id = ANY(${uuidList(ids)})`),
    db.execute(sql`
      SELECT ${messageColumns} FROM unnest(${uuidList(ids)}, ${afters}) AS p(cid, after)
      JOIN conversation_members cm ON cm.conversation_id = p.cid AND cm.user_id = ${userId}
      JOIN LATERAL (SELECT * FROM messages x WHERE x.conversation_id = p.cid AND x.seq > p.after ORDER BY x.seq LIMIT ${limit + 1}) m ON true
      LEFT JOIN users u ON u.id = m.author_id
      ORDER BY m.conversation_id, m.seq`),
    // Messages the client holds (seq ≤ after) that were edited or deleted since its last seen change.
    since.length === 0
      ? Promise.resolve({ rows: [] as Row[] })
      : db.execute(sql`
      SELECT ${messageColumns} FROM unnest(${uuidList(since.map((p) => p.conversationId))},
        ARRAY[${sql.join(
          since.map((p) => sql`${p.after}`),
          sql`, `,
        )}]::bigint[],
        ARRAY[${sql.join(
          since.map((p) => sql`${p.changesAfter}`),
          sql`, `,
        )}]::bigint[]) AS p(cid, after, changes_after)
      JOIN conversation_members cm ON cm.conversation_id = p.cid AND cm.user_id = ${userId}
      JOIN LATERAL (SELECT * FROM messages x WHERE x.conversation_id = p.cid AND x.change_seq > p.changes_after AND x.seq <= p.after
        ORDER BY x.change_seq LIMIT ${limit + 1}) m ON true
      LEFT JOIN users u ON u.id = m.author_id
      ORDER BY m.conversation_id, m.change_seq`),
  ]);
  const group = (rows: Row[]) => {
    const map = new Map<string, Message[]>();
    for (const r of rows) {
      const message = toMessage(r);
      const list = map.get(message.conversationId) ?? [];
      list.push(message);
      map.set(message.conversationId, list);
    }
    return map;
  };
  return {
    byConversation: group(missed.rows),
    changed: group(edits.rows),
    member: new Map(members.rows.map((r) => [String(r.id), int(r.last_seq)])),
  };
}

/** Moves the read position forward (never back, never past the last message). */
export async function markRead(db: Executor, conversationId: string, userId: string, seq: number) {
  const { rows } = await db.execute(sql`
    UPDATE conversation_members cm SET last_read_seq = GREATEST(cm.last_read_seq, LEAST(${seq}::bigint, c.last_seq))
    FROM conversations c
    WHERE c.id = cm.conversation_id AND cm.conversation_id = ${conversationId} AND cm.user_id = ${userId}
    RETURNING cm.last_read_seq, c.kind,
      (SELECT count(*) FROM (SELECT 1 FROM messages n WHERE n.conversation_id = c.id AND n.seq > cm.last_read_seq
        AND n.author_id IS DISTINCT FROM ${userId} AND n.deleted_at IS NULL LIMIT ${UNREAD_CAP}) q) AS unread`);
  const r = rows[0];
  return r
    ? { lastReadSeq: int(r.last_read_seq), kind: r.kind as ConversationKind, unread: int(r.unread) }
    : undefined;
}

/** Japanese substring search over the messages of the user's conversations (pg_trgm serves 3+ characters). */
export async function searchMessages(
  db: Executor,
  userId: string,
  needle: string,
  limit: number,
  conversationId?: string,
) {
  const pattern = containsPattern(needle);
  const { rows } = await db.execute(sql`
    SELECT ${messageColumns}, c.kind AS conversation_kind,
      CASE WHEN c.kind = 'direct' THEN coalesce((SELECT pu.display_name FROM conversation_members p JOIN users pu ON pu.id = p.user_id
        WHERE p.conversation_id = c.id AND p.user_id <> ${userId} LIMIT 1), '') ELSE c.name END AS conversation_name
    FROM messages m
    JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = ${userId}
    JOIN conversations c ON c.id = m.conversation_id
    LEFT JOIN users u ON u.id = m.author_id
    WHERE m.deleted_at IS NULL AND m.search_text LIKE ${pattern} ${conversationId ? sql`AND m.conversation_id = ${conversationId}` : sql``}
    ORDER BY m.created_at DESC, m.id LIMIT ${limit}`);
  return rows.map((r) => ({
    message: toMessage(r),
    conversationName: String(r.conversation_name),
    conversationKind: r.conversation_kind as ConversationKind,
  }));
}
