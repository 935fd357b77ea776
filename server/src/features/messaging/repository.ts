import { sql } from 'drizzle-orm';
import type { Db } from '@tsunagu/db';
import type { ChannelKind, ConversationKind, ConversationSummary } from '@tsunagu/shared';
import { containsPattern } from '../../lib/sql.ts';
import { int, iso, toMessage, UNREAD_CAP, uuidList, type Executor, type Row } from './sql-values.ts';

/**
 * The queries of conversations and their members (messages: message-repository.ts; channels:
 * channel-repository.ts). Written in SQL: the list of conversations needs lateral joins.
 */

export interface ConversationRow {
  id: string;
  kind: ConversationKind;
  name: string;
  description: string;
  channelKind: ChannelKind | null;
  channelKey: string | null;
  createdBy: string | null;
  lastSeq: number;
  inviteOnly: boolean;
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
  inviteOnly: r.invite_only === true,
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

/** The user's conversations (or one of them) as summaries, most recent activity first. */
export async function conversationSummaries(
  db: Executor,
  userId: string,
  conversationId?: string,
): Promise<Omit<ConversationSummary, 'can'>[]> {
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
    inviteOnly: r.invite_only === true,
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
    inviteOnly?: boolean;
    audience?: { kind: string; code: string };
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
    INSERT INTO conversations (kind, name, description, channel_kind, channel_key, direct_key, created_by,
      invite_only, audience_kind, audience_code)
    VALUES (${values.kind}, ${values.name ?? ''}, ${values.description ?? ''}, ${values.channelKind ?? null}, ${values.channelKey ?? null},
      ${values.directKey ?? null}, ${values.createdBy}, ${values.inviteOnly ?? false}, ${values.audience?.kind ?? null},
      ${values.audience?.code ?? null})
    ${conflict} RETURNING id`);
  return rows[0] ? String(rows[0].id) : undefined;
}

export async function areaCodes(db: Executor): Promise<string[]> {
  const { rows } = await db.execute(sql`SELECT code FROM areas`);
  return rows.map((r) => String(r.code));
}

/** Holds the conversation's row until the transaction ends (decisions about its members in turn). */
export async function lockConversation(db: Executor, id: string) {
  await db.execute(sql`SELECT id FROM conversations WHERE id = ${id} FOR UPDATE`);
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

/**
 * Active users of every role whose name or kana contains the text (not the searcher): whom one
 * may write to. Only names and organisations, nothing the directory keeps private.
 */
export async function searchPeople(db: Executor, userId: string, text: string, limit: number) {
  const pattern = containsPattern(text.toLowerCase());
  const { rows } = await db.execute(sql`
    SELECT u.id, u.display_name, u.role, coalesce(o.name, '') AS organization_name
    FROM users u LEFT JOIN organizations o ON o.id = u.organization_id
    WHERE u.status = 'active' AND u.id <> ${userId}
      AND (lower(u.display_name) LIKE ${pattern} OR lower(u.display_kana) LIKE ${pattern}
        OR lower(replace(replace(u.display_name, ' ', ''), '\u3000', '')) LIKE ${pattern})
    ORDER BY u.display_kana, u.display_name, u.id LIMIT ${limit}`);
  return rows.map((r) => ({
    id: String(r.id),
    displayName: String(r.display_name),
    role: String(r.role),
    organizationName: String(r.organization_name),
  }));
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
