import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@tsunagu/db';
import type { ChannelKind, ConversationKind, ConversationSummary, Message } from '@tsunagu/shared';
import { containsPattern } from '../../lib/sql.ts';

/**
 * The messaging queries. Most are written in SQL: the hot path (storing a message) is one
 * statement, and the list of conversations needs lateral joins.
 */

type Row = Record<string, unknown>;
type Executor = Pick<Db, 'execute'>;

const iso = (v: unknown) =>
  v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
const int = (v: unknown) => (v == null ? 0 : Number(v));
const uuidList = (values: string[]) =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::uuid[]`;

/** The columns of a message with its author's name and its thread's reply count (alias m, users u). */
const messageColumns =
  sql.raw(`m.id, m.conversation_id, m.seq, m.author_id, coalesce(u.display_name, '') AS author_name, m.body,
  m.thread_root_id, m.mentions, m.created_at, m.edited_at, m.deleted_at, m.change_seq,
  (SELECT count(*) FROM messages r WHERE r.thread_root_id = m.id) AS reply_count`);

export function toMessage(r: Row): Message {
  return {
    id: String(r.id),
    conversationId: String(r.conversation_id),
    seq: int(r.seq),
    authorId: (r.author_id as string | null) ?? null,
    authorName: String(r.author_name ?? ''),
    text: r.deleted_at ? '' : String(r.body ?? ''),
    threadRootId: (r.thread_root_id as string | null) ?? null,
    replyCount: int(r.reply_count),
    mentions: parseUuidArray(r.mentions),
    createdAt: iso(r.created_at)!,
    editedAt: iso(r.edited_at),
    deleted: r.deleted_at != null,
    changeSeq: int(r.change_seq),
  };
}

function parseUuidArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string' && v.startsWith('{')) return v.slice(1, -1).split(',').filter(Boolean);
  return [];
}

export interface ConversationRow {
  id: string;
  kind: ConversationKind;
  name: string;
  description: string;
  channelKind: ChannelKind | null;
  channelKey: string | null;
  createdBy: string | null;
  lastSeq: number;
}

const toConversation = (r: Row): ConversationRow => ({
  id: String(r.id),
  kind: r.kind as ConversationKind,
  name: String(r.name),
  description: String(r.description),
  channelKind: (r.channel_kind as ChannelKind | null) ?? null,
  channelKey: (r.channel_key as string | null) ?? null,
  createdBy: (r.created_by as string | null) ?? null,
  lastSeq: int(r.last_seq),
});

export async function findConversation(db: Executor, id: string): Promise<ConversationRow | undefined> {
  const { rows } = await db.execute(sql`SELECT * FROM conversations WHERE id = ${id}`);
  return rows[0] ? toConversation(rows[0]) : undefined;
}

/** The conversation and the user's membership (role), or undefined when they are not a member. */
export async function membership(db: Executor, conversationId: string, userId: string) {
  const { rows } = await db.execute(sql`
    SELECT c.*, m.role AS my_role, m.last_read_seq
    FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = ${userId}
    WHERE c.id = ${conversationId}`);
  const r = rows[0];
  return r
    ? {
        conversation: toConversation(r),
        role: String(r.my_role) as 'member' | 'admin',
        lastReadSeq: int(r.last_read_seq),
      }
    : undefined;
}

/** Unread messages are counted up to this many (the client shows "999+"). */
export const UNREAD_CAP = 1000;

/** The user's conversations (or one of them) as summaries, most recent activity first. */
export async function conversationSummaries(
  db: Executor,
  userId: string,
  conversationId?: string,
): Promise<ConversationSummary[]> {
  const { rows } = await db.execute(sql`
    SELECT c.*, me.role AS my_role, me.last_read_seq,
      (SELECT count(*) FROM conversation_members x WHERE x.conversation_id = c.id) AS member_count,
      (SELECT count(*) FROM (SELECT 1 FROM messages n WHERE n.conversation_id = c.id AND n.seq > me.last_read_seq
          AND n.author_id IS DISTINCT FROM ${userId} AND n.deleted_at IS NULL LIMIT ${UNREAD_CAP}) q) AS unread,
      peer.user_id AS peer_id, peer.display_name AS peer_name,
      last.id AS lm_id, last.seq AS lm_seq, last.author_id AS lm_author_id, last.author_name AS lm_author_name, last.body AS lm_body,
      last.thread_root_id AS lm_thread_root_id, last.mentions AS lm_mentions, last.created_at AS lm_created_at,
      last.edited_at AS lm_edited_at, last.deleted_at AS lm_deleted_at, last.change_seq AS lm_change_seq
    FROM conversation_members me
    JOIN conversations c ON c.id = me.conversation_id
    LEFT JOIN LATERAL (
      SELECT x.user_id, pu.display_name FROM conversation_members x JOIN users pu ON pu.id = x.user_id
      WHERE c.kind = 'direct' AND x.conversation_id = c.id AND x.user_id <> ${userId} LIMIT 1) peer ON true
    LEFT JOIN LATERAL (
      SELECT lm.*, coalesce(au.display_name, '') AS author_name FROM messages lm LEFT JOIN users au ON au.id = lm.author_id
      WHERE lm.conversation_id = c.id AND lm.seq = c.last_seq) last ON true
    WHERE me.user_id = ${userId} ${conversationId ? sql`AND c.id = ${conversationId}` : sql``}
    ORDER BY coalesce(c.last_message_at, c.created_at) DESC, c.id`);
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind as ConversationKind,
    name: r.kind === 'direct' ? String(r.peer_name ?? '') : String(r.name),
    description: String(r.description),
    channelKind: (r.channel_kind as ChannelKind | null) ?? null,
    channelKey: (r.channel_key as string | null) ?? null,
    peerId: (r.peer_id as string | null) ?? null,
    memberCount: int(r.member_count),
    myRole: r.my_role as 'member' | 'admin',
    lastSeq: int(r.last_seq),
    lastReadSeq: int(r.last_read_seq),
    unread: int(r.unread),
    lastMessage: r.lm_id
      ? toMessage({
          id: r.lm_id,
          conversation_id: r.id,
          seq: r.lm_seq,
          author_id: r.lm_author_id,
          author_name: r.lm_author_name,
          body: r.lm_body,
          thread_root_id: r.lm_thread_root_id,
          mentions: r.lm_mentions,
          created_at: r.lm_created_at,
          edited_at: r.lm_edited_at,
          deleted_at: r.lm_deleted_at,
          change_seq: r.lm_change_seq,
          reply_count: 0,
        })
      : null,
    lastMessageAt: iso(r.last_message_at),
    createdBy: (r.created_by as string | null) ?? null,
  }));
}

export async function membersOf(db: Executor, conversationId: string) {
  const { rows } = await db.execute(sql`
    SELECT m.user_id, u.display_name, m.role, m.last_read_seq FROM conversation_members m JOIN users u ON u.id = m.user_id
    WHERE m.conversation_id = ${conversationId} ORDER BY m.joined_at, m.user_id`);
  return rows.map((r) => ({
    userId: String(r.user_id),
    displayName: String(r.display_name),
    role: r.role as 'member' | 'admin',
    lastReadSeq: int(r.last_read_seq),
  }));
}

export async function memberIds(db: Executor, conversationId: string): Promise<string[]> {
  const { rows } = await db.execute(
    sql`SELECT user_id FROM conversation_members WHERE conversation_id = ${conversationId}`,
  );
  return rows.map((r) => String(r.user_id));
}

/** Active users among these ids. */
export async function activeUsers(
  db: Executor,
  ids: string[],
): Promise<{ id: string; displayName: string }[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.execute(
    sql`SELECT id, display_name FROM users WHERE id = ANY(${uuidList(ids)}) AND status = 'active'`,
  );
  return rows.map((r) => ({ id: String(r.id), displayName: String(r.display_name) }));
}

export async function insertConversation(
  db: Executor,
  values: {
    kind: ConversationKind;
    name?: string;
    description?: string;
    channelKind?: ChannelKind;
    channelKey?: string;
    directKey?: string;
    createdBy: string | null;
  },
): Promise<string | undefined> {
  const conflict =
    values.kind === 'direct'
      ? sql`ON CONFLICT (direct_key) DO NOTHING`
      : values.channelKey
        ? sql`ON CONFLICT (channel_kind, channel_key) DO NOTHING`
        : sql``;
  const { rows } = await db.execute(sql`
    INSERT INTO conversations (kind, name, description, channel_kind, channel_key, direct_key, created_by)
    VALUES (${values.kind}, ${values.name ?? ''}, ${values.description ?? ''}, ${values.channelKind ?? null}, ${values.channelKey ?? null},
      ${values.directKey ?? null}, ${values.createdBy})
    ${conflict} RETURNING id`);
  return rows[0] ? String(rows[0].id) : undefined;
}

export async function findDirect(db: Executor, directKey: string): Promise<string | undefined> {
  const { rows } = await db.execute(sql`SELECT id FROM conversations WHERE direct_key = ${directKey}`);
  return rows[0] ? String(rows[0].id) : undefined;
}

/** Adds members (a new member has read everything so far: joining a busy channel is not 10,000 unread). Returns who was added. */
export async function addMembers(
  db: Executor,
  conversationId: string,
  userIds: string[],
  role: 'member' | 'admin' = 'member',
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const { rows } = await db.execute(sql`
    INSERT INTO conversation_members (conversation_id, user_id, role, last_read_seq)
    SELECT ${conversationId}, u, ${role}, c.last_seq FROM unnest(${uuidList(userIds)}) AS u, conversations c WHERE c.id = ${conversationId}
    ON CONFLICT DO NOTHING RETURNING user_id`);
  return rows.map((r) => String(r.user_id));
}

export async function removeMember(db: Executor, conversationId: string, userId: string): Promise<boolean> {
  const { rows } = await db.execute(
    sql`DELETE FROM conversation_members WHERE conversation_id = ${conversationId} AND user_id = ${userId} RETURNING user_id`,
  );
  return rows.length > 0;
}

/** A group keeps an admin: when the last one leaves, the longest-standing member becomes one. */
export async function ensureAdmin(db: Executor, conversationId: string) {
  await db.execute(sql`
    UPDATE conversation_members SET role = 'admin'
    WHERE conversation_id = ${conversationId}
      AND NOT EXISTS (SELECT 1 FROM conversation_members a WHERE a.conversation_id = ${conversationId} AND a.role = 'admin')
      AND user_id = (SELECT user_id FROM conversation_members WHERE conversation_id = ${conversationId} ORDER BY joined_at, user_id LIMIT 1)`);
}

export async function listChannels(db: Executor, userId: string, professionOrder: string[]) {
  const { rows } = await db.execute(sql`
    SELECT c.id, c.name, c.description, c.channel_kind, c.channel_key,
      (SELECT count(*) FROM conversation_members x WHERE x.conversation_id = c.id) AS member_count,
      EXISTS (SELECT 1 FROM conversation_members me WHERE me.conversation_id = c.id AND me.user_id = ${userId}) AS joined
    FROM conversations c LEFT JOIN areas a ON c.channel_kind = 'area' AND a.code = c.channel_key
    WHERE c.kind = 'channel'
    ORDER BY CASE c.channel_kind WHEN 'area' THEN 0 WHEN 'profession' THEN 1 ELSE 2 END, a.position,
      array_position(ARRAY[${sql.join(
        professionOrder.map((p) => sql`${p}`),
        sql`, `,
      )}]::text[], c.channel_key), c.created_at, c.name`);
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    description: String(r.description),
    channelKind: r.channel_kind as ChannelKind,
    channelKey: (r.channel_key as string | null) ?? null,
    memberCount: int(r.member_count),
    joined: r.joined === true,
  }));
}

// ── Messages ──

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

const uuidListOrEmpty = (ids: string[]) => (ids.length ? uuidList(ids) : sql`'{}'::uuid[]`);

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

/** The open channels: one per 圏域 and one per qualification (idempotent). */
export async function ensureChannels(
  db: Executor,
  channels: { channelKind: ChannelKind; channelKey: string; name: string; description: string }[],
) {
  if (channels.length === 0) return;
  await db.execute(sql`
    INSERT INTO conversations (kind, name, description, channel_kind, channel_key)
    VALUES ${sql.join(
      channels.map((c) => sql`('channel', ${c.name}, ${c.description}, ${c.channelKind}, ${c.channelKey})`),
      sql`, `,
    )}
    ON CONFLICT (channel_kind, channel_key) DO NOTHING`);
}

export async function areasForChannels(db: Executor) {
  const { rows } = await db.execute(sql`SELECT code, name FROM areas ORDER BY position`);
  return rows.map((r) => ({ code: String(r.code), name: String(r.name) }));
}

/** What a socket needs at its handshake: the name shown with the user's messages and their conversations. */
export async function socketProfile(
  db: Db,
  userId: string,
): Promise<{ displayName: string; conversationIds: string[] }> {
  const [user, memberships] = await Promise.all([
    db.execute(sql`SELECT display_name FROM users WHERE id = ${userId}`),
    db.execute(sql`SELECT conversation_id FROM conversation_members WHERE user_id = ${userId}`),
  ]);
  return {
    displayName: String(user.rows[0]?.display_name ?? ''),
    conversationIds: memberships.rows.map((r) => String(r.conversation_id)),
  };
}
