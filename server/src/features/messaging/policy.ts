import type { ConversationKind } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';
import type { ConversationRow } from './repository.ts';

/** The rules of messaging, in one place. Every signed-in role may message. */

/** Centre staff (and admins) create channels beyond the generated ones. */
export const canCreateChannel = (actor: Pick<Actor, 'role'>) =>
  actor.role === 'center_staff' || actor.role === 'admin';

/** A group's members are managed by its creator or one of its admins. */
export const canManageMembers = (
  c: ConversationRow,
  userId: string,
  myRole: 'member' | 'admin' | undefined,
) => c.kind === 'group' && myRole !== undefined && (myRole === 'admin' || c.createdBy === userId);

/** Removing someone else needs the manager's right; anyone may leave a group or a channel. */
export function canRemove(
  c: ConversationRow,
  userId: string,
  myRole: 'member' | 'admin' | undefined,
  targetId: string,
) {
  if (c.kind === 'direct') return false;
  if (targetId === userId) return myRole !== undefined;
  if (targetId === c.createdBy && c.createdBy !== userId) return false;
  return canManageMembers(c, userId, myRole);
}

/** Channels are open: any signed-in user joins them. */
export const canJoin = (c: ConversationRow) => c.kind === 'channel';

/** Read receipts ("既読 3") are shown in direct and group conversations, not in channels. */
export const hasReadReceipts = (kind: ConversationKind) => kind !== 'channel';

/** The largest group (members, creator included). */
export const MAX_GROUP_MEMBERS = 200;
