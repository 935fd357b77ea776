import type { ConversationKind } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

/** The rules of messaging, in one place. Every signed-in role may message. */

export { MAX_GROUP_MEMBERS } from '@tsunagu/shared';

/** What the rules need to know of a conversation. */
export interface ConversationFacts {
  kind: ConversationKind;
  createdBy: string | null;
  inviteOnly: boolean;
}
/** The caller's place in it: undefined when not a member. */
export type MyRole = 'member' | 'admin' | undefined;

/** Centre staff (and admins) create channels beyond the generated ones. */
export const canCreateChannel = (actor: Pick<Actor, 'role'>) =>
  actor.role === 'center_staff' || actor.role === 'admin';

/** Members are managed in a group and in an invite-only channel, by its creator or one of its admins. */
export const canManageMembers = (c: ConversationFacts, userId: string, myRole: MyRole) =>
  (c.kind === 'group' || (c.kind === 'channel' && c.inviteOnly)) &&
  myRole !== undefined &&
  (myRole === 'admin' || c.createdBy === userId);

/** Removing someone else needs the manager's right (never the creator); anyone may leave a group or a channel. */
export function canRemove(c: ConversationFacts, userId: string, myRole: MyRole, targetId: string) {
  if (c.kind === 'direct') return false;
  if (targetId === userId) return myRole !== undefined;
  if (targetId === c.createdBy && c.createdBy !== userId) return false;
  return canManageMembers(c, userId, myRole);
}

/** Open channels: any signed-in user joins them. Invite-only ones and groups: only by being added. */
export const canJoin = (c: ConversationFacts) => c.kind === 'channel' && !c.inviteOnly;

/**
 * Who may see a channel without belonging to it: anyone, when it is open. An invite-only
 * channel, a group or a direct conversation does not reveal that it exists (404).
 */
export const canPreview = (c: ConversationFacts, myRole: MyRole) =>
  c.kind === 'channel' && (!c.inviteOnly || myRole !== undefined);

/** Read receipts ("既読 3") are shown in direct and group conversations, not in channels. */
export const hasReadReceipts = (kind: ConversationKind) => kind !== 'channel';

/** What the caller may do in a conversation they belong to (the `can` of its summary). */
export const conversationCan = (c: ConversationFacts, userId: string, myRole: MyRole) => ({
  post: myRole !== undefined,
  leave: c.kind !== 'direct' && myRole !== undefined,
  addMembers: canManageMembers(c, userId, myRole),
  removeMembers: canManageMembers(c, userId, myRole),
});

/** What the caller may do with a channel they see in the list or its preview. */
export const channelCan = (c: ConversationFacts, joined: boolean) => ({
  join: !joined && canJoin(c),
  leave: joined,
});
