import { sql, type SQL } from 'drizzle-orm';
import type { ChannelAudience, ChannelKind } from '@tsunagu/shared';
import { int, type Executor, type Row } from './sql-values.ts';

/** The queries of channels: the list, the generated ones, and who is joined to them automatically. */

export interface ChannelRow {
  id: string;
  name: string;
  description: string;
  channelKind: ChannelKind;
  channelKey: string | null;
  memberCount: number;
  joined: boolean;
  inviteOnly: boolean;
  audience: ChannelAudience | null;
}

const channelColumns = (userId: string) => sql`c.id, c.name, c.description, c.channel_kind, c.channel_key,
  c.invite_only, c.audience_kind, c.audience_code,
  (SELECT count(*) FROM conversation_members x WHERE x.conversation_id = c.id) AS member_count,
  EXISTS (SELECT 1 FROM conversation_members me WHERE me.conversation_id = c.id AND me.user_id = ${userId}) AS joined`;

const toChannel = (r: Row): ChannelRow => ({
  id: String(r.id),
  name: String(r.name),
  description: String(r.description),
  channelKind: r.channel_kind as ChannelKind,
  channelKey: (r.channel_key as string | null) ?? null,
  memberCount: int(r.member_count),
  joined: r.joined === true,
  inviteOnly: r.invite_only === true,
  audience: r.audience_kind
    ? { kind: r.audience_kind as ChannelAudience['kind'], code: String(r.audience_code) }
    : null,
});

/** Every open channel and the invite-only ones the user belongs to (others do not learn they exist). */
export async function listChannels(db: Executor, userId: string, professionOrder: string[]) {
  const { rows } = await db.execute(sql`
    SELECT ${channelColumns(userId)}
    FROM conversations c LEFT JOIN areas a ON c.channel_kind = 'area' AND a.code = c.channel_key
    WHERE c.kind = 'channel'
      AND (NOT c.invite_only OR EXISTS (SELECT 1 FROM conversation_members v WHERE v.conversation_id = c.id AND v.user_id = ${userId}))
    ORDER BY CASE c.channel_kind WHEN 'area' THEN 0 WHEN 'profession' THEN 1 ELSE 2 END, a.position,
      array_position(ARRAY[${sql.join(
        professionOrder.map((p) => sql`${p}`),
        sql`, `,
      )}]::text[], c.channel_key), c.created_at, c.name`);
  return rows.map(toChannel);
}

/** One channel as the user sees it (whatever its kind: the service decides who may see it). */
export async function findChannel(db: Executor, id: string, userId: string): Promise<ChannelRow | undefined> {
  const { rows } = await db.execute(
    sql`SELECT ${channelColumns(userId)} FROM conversations c WHERE c.id = ${id} AND c.kind = 'channel'`,
  );
  return rows[0] ? toChannel(rows[0]) : undefined;
}

/** The open channels: one per 圏域 and one per qualification (idempotent), each for its people. */
export async function ensureChannels(
  db: Executor,
  channels: { channelKind: 'area' | 'profession'; channelKey: string; name: string; description: string }[],
) {
  if (channels.length === 0) return;
  await db.execute(sql`
    INSERT INTO conversations (kind, name, description, channel_kind, channel_key, audience_kind, audience_code)
    VALUES ${sql.join(
      channels.map(
        (c) =>
          sql`('channel', ${c.name}, ${c.description}, ${c.channelKind}, ${c.channelKey}, ${c.channelKind}, ${c.channelKey})`,
      ),
      sql`, `,
    )}
    ON CONFLICT (channel_kind, channel_key) DO NOTHING`);
}

export async function areasForChannels(db: Executor) {
  const { rows } = await db.execute(sql`SELECT code, name FROM areas ORDER BY position`);
  return rows.map((r) => ({ code: String(r.code), name: String(r.name) }));
}

/**
 * Joins active users to the open channels meant for their 圏域 or qualification, except where
 * they left before — one statement, so concurrent triggers add each membership once. Returns
 * the memberships added.
 */
async function joinAudience(db: Executor, where: SQL) {
  const { rows } = await db.execute(sql`
    INSERT INTO conversation_members (conversation_id, user_id, role, last_read_seq)
    SELECT c.id, u.id, 'member', c.last_seq
    FROM conversations c
    JOIN coordinator_profiles p ON (c.audience_kind = 'area' AND c.audience_code = ANY(p.area_codes))
      OR (c.audience_kind = 'profession' AND c.audience_code = ANY(p.qualification_codes))
    JOIN users u ON u.id = p.user_id AND u.status = 'active'
    WHERE c.kind = 'channel' AND NOT c.invite_only AND ${where}
      AND NOT EXISTS (SELECT 1 FROM channel_departures d WHERE d.conversation_id = c.id AND d.user_id = u.id)
    ON CONFLICT DO NOTHING RETURNING conversation_id, user_id`);
  return rows.map((r) => ({ conversationId: String(r.conversation_id), userId: String(r.user_id) }));
}

/** This user into the channels of their area and qualifications. */
export const joinUserToAudienceChannels = (db: Executor, userId: string) =>
  joinAudience(db, sql`u.id = ${userId}`);

/** The people of this channel's audience into it (a channel the centre just created). */
export const joinAudienceToChannel = (db: Executor, conversationId: string) =>
  joinAudience(db, sql`c.id = ${conversationId}`);

/** The user left this channel: it is not joined again for them automatically. */
export async function recordDeparture(db: Executor, conversationId: string, userId: string) {
  await db.execute(sql`
    INSERT INTO channel_departures (conversation_id, user_id) VALUES (${conversationId}, ${userId})
    ON CONFLICT (conversation_id, user_id) DO UPDATE SET left_at = now()`);
}
