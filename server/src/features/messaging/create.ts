import { vocabularies, type ConversationCreateBody, type ConversationDetail } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { joinAudienceToChannel } from './channel-repository.ts';
import { announceAdded, type MessagingContext } from './context.ts';
import { getConversation, tooManyMembers, unknownUsers } from './conversations.ts';
import { canCreateChannel, MAX_GROUP_MEMBERS } from './policy.ts';
import * as repo from './repository.ts';

/** Starting a conversation: a direct one (once per pair), a group, or a channel (the centre). */

type Started = { id: string; created: boolean; added: string[] };

export async function createConversation(
  ctx: MessagingContext,
  actor: Actor,
  body: ConversationCreateBody,
): Promise<{ created: boolean; detail: ConversationDetail }> {
  const stray = (...fields: (keyof ConversationCreateBody)[]) => {
    for (const field of fields)
      if (body[field] !== undefined)
        throw invalid(
          field,
          `${body.kind} では指定できません`,
          `is not used for a ${body.kind} conversation`,
        );
  };
  let started: Started;
  if (body.kind === 'direct') {
    stray('name', 'description', 'memberIds', 'audience', 'inviteOnly');
    started = await startDirect(ctx, actor, body);
  } else if (body.kind === 'group') {
    stray('userId', 'audience', 'inviteOnly');
    started = await startGroup(ctx, actor, body);
  } else {
    stray('userId', 'memberIds');
    started = await startChannel(ctx, actor, body);
  }
  await announceAdded(ctx, started.id, started.added, actor.userId);
  return { created: started.created, detail: await getConversation(ctx, actor, started.id) };
}

async function startDirect(
  ctx: MessagingContext,
  actor: Actor,
  body: ConversationCreateBody,
): Promise<Started> {
  const userId = body.userId;
  if (!userId) throw invalid('userId', '相手を選んでください', 'choose the person to message');
  if (userId === actor.userId)
    throw invalid(
      'userId',
      '自分自身とは会話を始められません',
      'you cannot start a conversation with yourself',
    );
  if ((await repo.activeUsers(ctx.db, [userId])).length === 0)
    throw invalid('userId', 'この利用者は見つかりません', 'no active user has this id');
  const directKey = [actor.userId, userId].sort().join(':');
  // The unique direct key decides a race: the second request finds the first one's conversation.
  return ctx.db.transaction(async (tx) => {
    const newId = await repo.insertConversation(tx, { kind: 'direct', directKey, createdBy: actor.userId });
    if (!newId) return { id: (await repo.findDirect(tx, directKey))!, created: false, added: [] };
    return { id: newId, created: true, added: await repo.addMembers(tx, newId, [actor.userId, userId]) };
  });
}

async function startGroup(
  ctx: MessagingContext,
  actor: Actor,
  body: ConversationCreateBody,
): Promise<Started> {
  if (!body.name?.trim()) throw invalid('name', 'グループ名を入力してください', 'give the group a name');
  const others = (body.memberIds ?? []).filter((u) => u !== actor.userId);
  if (others.length + 1 > MAX_GROUP_MEMBERS) throw tooManyMembers('memberIds');
  const found = await repo.activeUsers(ctx.db, others);
  if (found.length !== others.length) throw unknownUsers('memberIds');
  return ctx.db.transaction(async (tx) => {
    const newId = (await repo.insertConversation(tx, {
      kind: 'group',
      name: body.name!.trim(),
      description: body.description ?? '',
      createdBy: actor.userId,
    }))!;
    await repo.addMembers(tx, newId, [actor.userId], 'admin');
    return { id: newId, created: true, added: [actor.userId, ...(await repo.addMembers(tx, newId, others))] };
  });
}

/** A channel of the centre: open (its audience, by 圏域 or qualification, is joined to it) or invite-only. */
async function startChannel(
  ctx: MessagingContext,
  actor: Actor,
  body: ConversationCreateBody,
): Promise<Started> {
  if (!canCreateChannel(actor))
    throw new AppError('forbidden', undefined, {
      ja: 'チャンネルを作成できるのはセンター職員です。',
      en: 'Only centre staff create channels.',
    });
  if (!body.name?.trim()) throw invalid('name', 'チャンネル名を入力してください', 'give the channel a name');
  const { audience } = body;
  if (audience) {
    const known =
      audience.kind === 'area'
        ? (await repo.areaCodes(ctx.db)).includes(audience.code)
        : vocabularies.qualifications.some((q) => q.code === audience.code);
    if (!known)
      throw invalid(
        'audience',
        audience.kind === 'area' ? 'この圏域はありません' : 'この資格はありません',
        audience.kind === 'area' ? 'no such area' : 'no such qualification',
      );
  }
  const inviteOnly = body.inviteOnly ?? false;
  return ctx.db.transaction(async (tx) => {
    const newId = (await repo.insertConversation(tx, {
      kind: 'channel',
      channelKind: 'custom',
      name: body.name!.trim(),
      description: body.description ?? '',
      createdBy: actor.userId,
      inviteOnly,
      ...(audience ? { audience } : {}),
    }))!;
    const creator = await repo.addMembers(tx, newId, [actor.userId], 'admin');
    const joined = audience && !inviteOnly ? await joinAudienceToChannel(tx, newId) : [];
    // A channel gathers people (and may put them in it): the centre's act is on the record.
    await audit(tx, {
      actorId: actor.userId,
      action: 'channel.created',
      targetType: 'conversation',
      targetId: newId,
      detail: { name: body.name!.trim(), inviteOnly, audience: audience ?? null, joined: joined.length },
    });
    return { id: newId, created: true, added: [...creator, ...joined.map((j) => j.userId)] };
  });
}
