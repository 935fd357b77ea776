import type { Db } from '@tsunagu/db';
import type { ConversationSummary, PresenceStatus } from '@tsunagu/shared';
import type { JobQueue } from '../../lib/jobs.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import type { Sequencer } from './sequencer.ts';
import { conversationCan, type ConversationFacts } from './policy.ts';
import * as repo from './repository.ts';

/** What every messaging rule works with, and the checks they share. */

export interface MessagingContext {
  db: Db;
  events: EventBus;
  sequencer: Sequencer;
  /** Presence of users across every server process (from the socket layer). */
  presenceOf: (userIds: string[]) => Promise<Map<string, PresenceStatus>>;
  /** The job queue (the clean-up after deletions). */
  jobs: Pick<JobQueue, 'send'>;
}

/** Who sends: the user and the name shown with their messages. */
export interface Author {
  userId: string;
  displayName: string;
}

export const notMember = () => new AppError('not_member');
/** Direct and group conversations (and invite-only channels) do not reveal that they exist to outsiders; open channels are public. */
export const refusal = (c: ConversationFacts | undefined) =>
  c?.kind === 'channel' && !c.inviteOnly ? notMember() : notFound();

export async function requireMembership(db: Db, conversationId: string, userId: string) {
  const m = await repo.membership(db, conversationId, userId);
  if (!m) throw refusal(await repo.findConversation(db, conversationId));
  return m;
}

/** A summary as `userId` sees it, with what they may do there. */
export const withCan = (userId: string, summary: Omit<ConversationSummary, 'can'>): ConversationSummary => ({
  ...summary,
  can: conversationCan(summary, userId, summary.myRole),
});

export async function summaryFor(
  db: Db,
  userId: string,
  conversationId: string,
): Promise<ConversationSummary> {
  const [summary] = await repo.conversationSummaries(db, userId, conversationId);
  if (!summary) throw notFound();
  return withCan(userId, summary);
}

/**
 * Tells the added users' open sockets (and joins them to the room): the actor gets their own
 * summary; in a direct conversation the other person gets theirs (its name is the actor's);
 * others get the summary a new member sees (everything so far counts as read).
 */
export async function announceAdded(
  ctx: MessagingContext,
  conversationId: string,
  userIds: string[],
  actorId: string,
) {
  if (userIds.length === 0) return;
  const own = await summaryFor(ctx.db, actorId, conversationId);
  if (userIds.includes(actorId))
    await ctx.events.publish(ctx.db, 'conversation.membersAdded', { summary: own, userIds: [actorId] });
  const others = userIds.filter((u) => u !== actorId);
  if (others.length === 0) return;
  if (own.kind === 'direct') {
    for (const u of others)
      await ctx.events.publish(ctx.db, 'conversation.membersAdded', {
        summary: await summaryFor(ctx.db, u, conversationId),
        userIds: [u],
      });
    return;
  }
  await ctx.events.publish(ctx.db, 'conversation.membersAdded', {
    // Everything so far counts as read for them; their `can` is a plain member's (none of them created it).
    summary: withCan(others[0]!, { ...own, myRole: 'member', unread: 0, lastReadSeq: own.lastSeq }),
    userIds: others,
  });
}
