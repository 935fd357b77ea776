import { sql } from 'drizzle-orm';
import type { Db } from '@tsunagu/db';
import type { Message } from '@tsunagu/shared';

/** The values the messaging queries share: rows to records, uuid arrays, a message's columns. */

export type Row = Record<string, unknown>;
export type Executor = Pick<Db, 'execute'>;

export const iso = (v: unknown) =>
  v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
/** Unread messages are counted up to this many (the client shows "999+"). */
export const UNREAD_CAP = 1000;

export const int = (v: unknown) => (v == null ? 0 : Number(v));
export const uuidList = (values: string[]) =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::uuid[]`;
export const uuidListOrEmpty = (ids: string[]) => (ids.length ? uuidList(ids) : sql`'{}'::uuid[]`);

/** The columns of a message with its author's name and its thread's reply count (alias m, users u). */
export const messageColumns =
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
