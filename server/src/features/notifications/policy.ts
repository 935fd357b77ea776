import type { Actor } from '../../types.ts';

/** A notification is its recipient's alone: nobody else reads or marks it (not even an admin). */
export const isRecipient = (actor: Pick<Actor, 'userId'>, n: { userId: string }) => n.userId === actor.userId;

export const notificationCan = (
  actor: Pick<Actor, 'userId'>,
  n: { userId: string; readAt: Date | null },
) => ({
  markRead: isRecipient(actor, n) && n.readAt === null,
});
