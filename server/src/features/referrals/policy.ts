import type { ReferralState } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

/** How a user relates to a referral; null means they may not know it exists (404). */
export type Relation = 'sender' | 'recipient' | 'centre';

export interface ReferralParties {
  senderId: string;
  state: string;
  recipientType: string;
  recipientOrganizationId: string | null;
  recipientUserId: string | null;
}

/** The receiving side: the users of the resource's organisation, or the coordinator referred to. */
export function isRecipient(actor: Pick<Actor, 'userId' | 'organizationId'>, r: ReferralParties): boolean {
  if (r.recipientType === 'resource')
    return !!actor.organizationId && actor.organizationId === r.recipientOrganizationId;
  return !!r.recipientUserId && r.recipientUserId === actor.userId;
}

export function relationOf(actor: Actor, r: ReferralParties): Relation | null {
  if (r.senderId === actor.userId) return 'sender';
  // A draft is the sender's alone.
  if (r.state === 'draft') return null;
  if ((actor.role === 'coordinator' || actor.role === 'supporter') && isRecipient(actor, r))
    return 'recipient';
  if (actor.role === 'center_staff') return 'centre';
  return null;
}

export type ReferralAction =
  'edit' | 'consent' | 'send' | 'accept' | 'decline' | 'complete' | 'cancel' | 'message' | 'family';

/** What each side may do in each state. The centre sees states and counts only. */
const moves: Record<'sender' | 'recipient', Record<ReferralState, ReferralAction[]>> = {
  sender: {
    draft: ['edit', 'consent', 'send', 'cancel', 'family'],
    sent: ['cancel', 'message', 'family'],
    accepted: ['complete', 'cancel', 'message', 'family'],
    declined: ['message', 'family'],
    completed: ['message', 'family'],
    cancelled: ['message', 'family'],
  },
  recipient: {
    draft: [],
    sent: ['accept', 'decline', 'message', 'family'],
    accepted: ['complete', 'message', 'family'],
    declined: ['message', 'family'],
    completed: ['message', 'family'],
    cancelled: ['message', 'family'],
  },
};

export function actionsOf(relation: Relation, state: ReferralState, familyErased: boolean): ReferralAction[] {
  if (relation === 'centre') return [];
  return moves[relation][state].filter((a) => !(a === 'family' && familyErased));
}

/** The state each transition leads to, and the states it may start from. */
export const transitions = {
  send: { from: ['draft'], to: 'sent', by: ['sender'] },
  accept: { from: ['sent'], to: 'accepted', by: ['recipient'] },
  decline: { from: ['sent'], to: 'declined', by: ['recipient'] },
  complete: { from: ['accepted'], to: 'completed', by: ['sender', 'recipient'] },
  cancel: { from: ['draft', 'sent', 'accepted'], to: 'cancelled', by: ['sender'] },
} as const satisfies Record<
  string,
  { from: readonly ReferralState[]; to: ReferralState; by: readonly Relation[] }
>;
export type Transition = keyof typeof transitions;
